import type { Command } from 'commander';
import { AmasError, formatDuration } from '../../core/index.ts';
import type { RunDetail, RunsClient, RunSummary } from '../../runtime/index.ts';
import { action } from '../action.ts';
import { connectRuntime, printJson, projectDir } from '../target.ts';
import { transcriptLines } from '../transcript.ts';
import { stdout } from '../out.ts';
import { registerApprovals } from './approvals.ts';

interface Common {
  json?: boolean;
  store?: string;
}

const STATUSES = ['queued', 'pending', 'running', 'completed', 'failed', 'cancelled', 'budget_exceeded'];

/** Through the running `amas up` (the project's one writer) when there is one, else the store itself. */
async function client(dir: string, opts: Common): Promise<RunsClient> {
  projectDir(dir);
  const { directRunsClient, remoteRunsClient } = await import('../../runtime/index.ts');
  const remote = opts.store === undefined ? await connectRuntime(dir) : undefined;
  if (remote) return remoteRunsClient(remote);
  return directRunsClient(dir, opts.store === undefined ? {} : { store: opts.store });
}

async function withClient<T>(dir: string, opts: Common, fn: (c: RunsClient) => Promise<T>): Promise<T> {
  const c = await client(dir, opts);
  try {
    return await fn(c);
  } finally {
    await c.close();
  }
}

function when(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}

function line(r: RunSummary): string {
  const took = r.endedAt === undefined ? '' : formatDuration(r.endedAt - r.startedAt);
  const parent = r.parent ? `  (child of ${r.parent.runId} step ${r.parent.stepId})` : '';
  return `${r.id}  ${r.workflow.padEnd(20)} ${r.status.padEnd(15)} ${when(r.startedAt)}  ${took}${parent}`;
}

async function printDetail(d: RunDetail): Promise<void> {
  await stdout.write(`${line(d)}\n`);
  if (d.attempt > 1) await stdout.write(`attempt ${d.attempt} (resumed)\n`);
  if (d.error) await stdout.write(`error: ${d.error}\n`);
  for (const [id, s] of Object.entries(d.steps)) {
    const extra = s.status === 'completed' ? ` → ${JSON.stringify(s.output)?.slice(0, 100) ?? ''}` : s.status === 'skipped' ? `: ${s.reason}` : s.error ? `: ${s.error.message}` : '';
    await stdout.write(`  ${id.padEnd(20)} ${s.status.padEnd(10)} attempt ${s.attempt}${extra}\n`);
    // Items and iterations, then child runs, nested under the step that made them.
    for (const [uid, u] of Object.entries(d.units?.[id] ?? {})) {
      const out = u.status === 'completed' ? ` → ${JSON.stringify(u.output)?.slice(0, 80) ?? ''}` : u.error ? `: ${u.error.message}` : '';
      await stdout.write(`    ${uid.padEnd(18)} ${u.status.padEnd(10)} attempt ${u.attempt}${out}\n`);
    }
    for (const c of (d.children ?? []).filter((c) => c.parent?.stepId === id)) await stdout.write(`    ↳ child ${line(c)}\n`);
  }
  for (const [k, v] of Object.entries(d.outputs ?? {})) await stdout.write(`output ${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}\n`);
  for (const [loop, t] of Object.entries(d.transcripts ?? {})) await stdout.write(`${transcriptLines(loop, t).join('\n')}\n`);
  for (const s of d.waiting) {
    if (d.steps[s]?.status === 'waiting') await stdout.write(`step ${s} is waiting for approval: \`amas runs approve ${d.id} ${s}\` or \`amas runs reject ${d.id} ${s}\`\n`);
    else await stdout.write(`step ${s} is in doubt: \`amas runs retry ${d.id} ${s}\` or \`amas runs skip ${d.id} ${s}\`\n`);
  }
}

function common(cmd: Command): Command {
  return cmd.option('--json', 'print JSON on stdout').option('--store <path>', 'database file (default: amas.yaml store.path, else .amas/amas.db)');
}

export function registerRuns(program: Command): void {
  const runs = program
    .command('runs')
    .description('run history from the store: list, show, resume, cancel, settle steps left in doubt, answer approvals')
    .addHelpText(
      'after',
      `
A run whose process died resumes with \`amas runs resume ID\`: finished steps keep their
results, steps that were in flight run again (attempt + 1), and a step marked
idempotent: false waits as in_doubt until \`amas runs retry RUN STEP\` or \`amas runs skip RUN STEP\`.
An approval step waits until \`amas runs approve RUN STEP\` or \`amas runs reject RUN STEP\`
(\`amas runs approvals\` lists the waiting ones).

Exit codes: 0 ok (for resume/retry/skip: the run completed), 1 the run did not complete,
2 bad usage (unknown run or step).

Examples:
  amas runs list --status running
  amas runs show run_0abc… --json
  amas runs resume run_0abc…`,
    );

  common(runs.command('list').description('recent runs, newest first').argument('[dir]', 'project directory', '.'))
    .option('--status <status>', `only runs with this status (${STATUSES.join(', ')}); repeatable`, (v: string, p: string[]) => [...p, v], [] as string[])
    .option('--workflow <id>', 'only runs of this workflow')
    .option('-n, --limit <n>', 'at most this many', '20')
    .action(
      action(async (dir: string, opts: Common & { status: string[]; workflow?: string; limit: string }) => {
        const bad = opts.status.find((s) => !STATUSES.includes(s));
        if (bad) throw new AmasError('AMAS_BAD_USAGE', `unknown status "${bad}"`, { exitCode: 2, hint: `use one of: ${STATUSES.join(', ')}` });
        const limit = Number(opts.limit);
        if (!Number.isInteger(limit) || limit < 1) throw new AmasError('AMAS_BAD_USAGE', `bad --limit "${opts.limit}"`, { exitCode: 2 });
        const list = await withClient(dir, opts, (c) =>
          c.list({ ...(opts.status.length ? { status: opts.status as RunSummary['status'][] } : {}), ...(opts.workflow ? { workflow: opts.workflow } : {}), limit }),
        );
        if (opts.json) await printJson(list);
        else if (list.length === 0) await stdout.write('no runs\n');
        else for (const r of list) await stdout.write(`${line(r)}\n`);
        return 0;
      }),
    );

  common(runs.command('show').description('one run with its steps').argument('<run>', 'run id').argument('[dir]', 'project directory', '.')).action(
    action(async (runId: string, dir: string, opts: Common) => {
      const d = await withClient(dir, opts, (c) => c.show(runId));
      if (opts.json) await printJson(d);
      else await printDetail(d);
      return 0;
    }),
  );

  common(runs.command('resume').description('continue an unfinished run in this process').argument('<run>', 'run id').argument('[dir]', 'project directory', '.'))
    .option('-q, --quiet', 'no step progress on stderr')
    .action(
      action(async (runId: string, dir: string, opts: Common & { quiet?: boolean }) => {
        const { progressPrinter, printRunEnd } = await import('../run-output.ts');
        const r = await withClient(dir, opts, (c) => c.resume(runId, opts.quiet ? undefined : progressPrinter()));
        return await printRunEnd(r, opts.json === true);
      }),
    );

  common(runs.command('cancel').description('mark an unfinished run cancelled').argument('<run>', 'run id').argument('[dir]', 'project directory', '.')).action(
    action(async (runId: string, dir: string, opts: Common) => {
      const d = await withClient(dir, opts, (c) => c.cancel(runId));
      if (opts.json) await printJson(d);
      else await stdout.write(`run ${d.id} cancelled\n`);
      return 0;
    }),
  );

  for (const act of ['retry', 'skip'] as const) {
    common(
      runs
        .command(act)
        .description(act === 'retry' ? 'run an in_doubt step again, then continue its run' : 'skip an in_doubt step, then continue its run')
        .argument('<run>', 'run id')
        .argument('<step>', 'step id')
        .argument('[dir]', 'project directory', '.'),
    )
      .option('-q, --quiet', 'no step progress on stderr')
      .action(
        action(async (runId: string, stepId: string, dir: string, opts: Common & { quiet?: boolean }) => {
          const { progressPrinter, printRunEnd } = await import('../run-output.ts');
          const r = await withClient(dir, opts, (c) => c.decide(runId, stepId, act, opts.quiet ? undefined : progressPrinter()));
          return await printRunEnd(r, opts.json === true);
        }),
      );
  }

  registerApprovals(runs);
}
