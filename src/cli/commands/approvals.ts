// `amas runs approve|reject|approvals`: answering approval steps from the command line. Through
// the running `amas up` when there is one (it continues the run), else on the store itself (the
// run then continues in this process to its next wait or its end).
import os from 'node:os';
import type { Command } from 'commander';
import { AmasError } from '../../core/index.ts';
import type { ApprovalsClient, ApprovalView } from '../../runtime/index.ts';
import { action } from '../action.ts';
import { stdout, stderr } from '../out.ts';
import { connectRuntime, printJson, projectDir } from '../target.ts';

interface Common {
  json?: boolean;
  store?: string;
  by?: string;
  quiet?: boolean;
  call?: string;
}

async function client(dir: string, opts: Common): Promise<ApprovalsClient> {
  projectDir(dir);
  const { directApprovalsClient, remoteApprovalsClient } = await import('../../runtime/index.ts');
  const remote = opts.store === undefined ? await connectRuntime(dir) : undefined;
  if (remote) return remoteApprovalsClient(remote);
  return directApprovalsClient(dir, opts.store === undefined ? {} : { store: opts.store });
}

/** Who answers from this terminal: `--by`, else the OS user. */
function answerer(by: string | undefined): string {
  if (by !== undefined) {
    if (by.trim() === '' || by.length > 200) throw new AmasError('AMAS_BAD_USAGE', '--by must be 1 to 200 characters', { exitCode: 2 });
    return by;
  }
  try {
    return os.userInfo().username || 'cli';
  } catch {
    return 'cli';
  }
}

/** `--input name=value`: typed against the approval's form (a string field keeps the text; others parse as JSON when they can). */
function formValues(pairs: string[], schema: unknown): Record<string, unknown> | undefined {
  if (pairs.length === 0) return undefined;
  const props = (schema as { properties?: Record<string, { type?: unknown }> } | null)?.properties ?? {};
  const out: Record<string, unknown> = {};
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new AmasError('AMAS_BAD_INPUT', `bad --input "${p}"`, { exitCode: 2, hint: 'write --input name=value' });
    const k = p.slice(0, eq);
    const raw = p.slice(eq + 1);
    if (props[k]?.type === 'string') out[k] = raw;
    else {
      try {
        out[k] = JSON.parse(raw) as unknown;
      } catch {
        out[k] = raw;
      }
    }
  }
  return out;
}

function describe(v: ApprovalView): string {
  const deadline = v.deadline === null ? '' : `  (until ${String(v.deadline).replace('T', ' ').slice(0, 19)}, then ${String(v.onTimeout)})`;
  // A tool call's approval names its call id: `amas runs approve RUN STEP --call ID` answers it.
  const step = typeof v.callId === 'string' ? `${String(v.stepId)} --call ${v.callId}` : String(v.stepId);
  return `${String(v.runId)}  ${step.padEnd(16)} ${String(v.workflow).padEnd(16)} ${String(v.prompt)}${deadline}`;
}

function common(cmd: Command): Command {
  return cmd
    .option('--by <name>', 'who answers (default: your OS user name)')
    .option('--json', 'print JSON on stdout')
    .option('-q, --quiet', 'no step progress on stderr (offline: the run continues here)')
    .option('--store <path>', 'database file (default: amas.yaml store.path, else .amas/amas.db)')
    .option('--call <id>', "a tool call of the step's agent loop (its id in `amas runs approvals`); needed when several wait");
}

export function registerApprovals(runs: Command): void {
  const answer = async (runId: string, stepId: string, dir: string, opts: Common, approved: boolean, comment: string | undefined, inputs: string[]): Promise<number> => {
    const by = answerer(opts.by);
    const c = await client(dir, opts);
    try {
      const schema = inputs.length ? (await c.pending()).find((p) => p.runId === runId && p.stepId === stepId && (opts.call === undefined || p.callId === opts.call))?.input : undefined;
      const input = formValues(inputs, schema);
      const { progressPrinter, printRunEnd } = await import('../run-output.ts');
      const out = await c.answer(runId, stepId, { approved, by, ...(comment === undefined ? {} : { comment }), ...(input === undefined ? {} : { input }) }, opts.quiet ? undefined : progressPrinter(), opts.call);
      if (opts.json) {
        await printJson({ approval: out.approval, via: out.via, ...(out.result ? { run: { id: out.result.id, status: out.result.status, waiting: out.result.waiting, outputs: out.result.outputs ?? null, error: out.result.error ?? null } } : {}) });
        return 0;
      }
      const callId = typeof out.approval.callId === 'string' ? out.approval.callId : undefined;
      const what = callId === undefined ? `step ${stepId}` : `tool call ${callId}${typeof out.approval.tool === 'string' ? ` (${out.approval.tool})` : ''} of step ${stepId}`;
      await stdout.write(`${what} of run ${runId} ${approved ? 'approved' : 'rejected'} by ${by}\n`);
      if (!out.result) {
        const where = out.via === 'driver' ? 'the process driving it' : 'amas up';
        await stderr.write(`the run continues in ${where} (see \`amas runs show ${runId}\`)\n`);
        return 0;
      }
      // Offline: the run went on here; its exit code is the answer's (it was taken), not the run's.
      await printRunEnd(out.result, false);
      return 0;
    } finally {
      await c.close();
    }
  };

  common(
    runs
      .command('approve')
      .description('approve a step waiting for approval, then continue its run')
      .argument('<run>', 'run id')
      .argument('<step>', 'step id')
      .argument('[dir]', 'project directory', '.'),
  )
    .option('-i, --input <name=value>', "a value of the approval's input form (repeatable)", (v: string, p: string[]) => [...p, v], [] as string[])
    .option('--comment <text>', 'a comment kept with the answer (the step output `comment`)')
    .action(
      action((runId: string, stepId: string, dir: string, opts: Common & { input: string[]; comment?: string }) => answer(runId, stepId, dir, opts, true, opts.comment, opts.input)),
    );

  common(
    runs
      .command('reject')
      .description('reject a step waiting for approval (its output says approved: false), then continue its run')
      .argument('<run>', 'run id')
      .argument('<step>', 'step id')
      .argument('[dir]', 'project directory', '.'),
  )
    .option('--reason <text>', 'why (the step output `comment`)')
    .action(action((runId: string, stepId: string, dir: string, opts: Common & { reason?: string }) => answer(runId, stepId, dir, opts, false, opts.reason, [])));

  runs
    .command('approvals')
    .description('steps waiting for approval, oldest first')
    .argument('[dir]', 'project directory', '.')
    .option('--json', 'print JSON on stdout')
    .option('--store <path>', 'database file (default: amas.yaml store.path, else .amas/amas.db)')
    .action(
      action(async (dir: string, opts: Common) => {
        const c = await client(dir, opts);
        try {
          const list = await c.pending();
          if (opts.json) await printJson(list);
          else if (list.length === 0) await stdout.write('no approvals waiting\n');
          else for (const v of list) await stdout.write(`${describe(v)}\n`);
          return 0;
        } finally {
          await c.close();
        }
      }),
    );
}
