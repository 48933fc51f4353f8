import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { AmasError, type Snapshot } from '../../core/index.ts';
import type { ControlClient, RuntimeEvent } from '../../runtime/index.ts';
import type { RunResult } from '../../engine/index.ts';
import { action } from '../action.ts';
import { printProjectErrors } from '../project-errors.ts';
import { connectRuntime, projectDir } from '../target.ts';
import { stderr } from '../out.ts';

interface RunOptions {
  input: string[];
  inputFile?: string;
  json?: boolean;
  store?: string;
  quiet?: boolean;
}

const collect = (v: string, prev: string[]) => [...prev, v];

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run a workflow now and print its outputs; the exit code says whether it completed')
    .argument('<workflow>', 'workflow id (from workflows.d/)')
    .argument('[dir]', 'project directory', '.')
    .option('-i, --input <name=value>', 'a run input (repeatable); values are parsed as JSON unless the input is a string', collect, [])
    .option('--input-file <file>', 'run inputs from a JSON or YAML object (--input wins)')
    .option('--json', 'print the whole result as JSON on stdout')
    .option('--store <path>', 'database file (default: amas.yaml store.path, else .amas/amas.db; :memory: keeps nothing)')
    .option('-q, --quiet', 'no step progress on stderr')
    .addHelpText(
      'after',
      `
Step progress goes to stderr, outputs to stdout (one "name: value" line each, or JSON with
--json). The run is journaled in the store: if the process dies, \`amas runs resume ID\`
continues it. Ctrl-C cancels the run.

Exit codes: 0 the run completed, 1 it failed, was cancelled or ran out of budget,
2 bad usage (unknown workflow, bad --input).

Examples:
  amas run repo-health
  amas run publish-post --input topic="release notes" --input count=3
  amas run publish-post --input-file inputs.yaml --json`,
    )
    .action(action((workflow: string, dir: string, opts: RunOptions) => run(workflow, dir, opts)));
}

/** Splits `name=value`; the value is typed later, against the workflow's input schema. */
function parsePairs(pairs: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new AmasError('AMAS_BAD_INPUT', `bad --input "${p}"`, { exitCode: 2, hint: 'write --input name=value' });
    out.set(p.slice(0, eq), p.slice(eq + 1));
  }
  return out;
}

function typed(raw: string, schema: Record<string, unknown> | undefined): unknown {
  const t = schema?.type;
  const isString = t === 'string' || (Array.isArray(t) && t.length === 1 && t[0] === 'string') || (t === undefined && Array.isArray(schema?.enum) && schema.enum.every((e) => typeof e === 'string'));
  if (isString) return raw;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

async function readInputFile(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new AmasError('AMAS_BAD_INPUT', `cannot read --input-file ${file}: ${(err as Error).message}`, { exitCode: 2 });
  }
  const { parse } = await import('yaml');
  let data: unknown;
  try {
    data = parse(text, { maxAliasCount: 100 }) as unknown;
  } catch (err) {
    throw new AmasError('AMAS_BAD_INPUT', `--input-file ${file} is not JSON or YAML: ${(err as Error).message}`, { exitCode: 2 });
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new AmasError('AMAS_BAD_INPUT', `--input-file ${file} must hold an object of inputs`, { exitCode: 2 });
  return data as Record<string, unknown>;
}

async function run(workflowId: string, dir: string, opts: RunOptions): Promise<number> {
  projectDir(dir);
  const pairs = parsePairs(opts.input);
  const fromFile = opts.inputFile === undefined ? {} : await readInputFile(opts.inputFile);
  const remote = opts.store === undefined ? await connectRuntime(dir) : undefined;
  if (remote) {
    try {
      return await runThroughRuntime(remote, workflowId, pairs, fromFile, opts);
    } finally {
      remote.close();
    }
  }
  const { openProject, ProjectInvalidError, unknownWorkflow } = await import('../../runtime/index.ts');
  const { progressPrinter, printRunEnd } = await import('../run-output.ts');
  let project;
  try {
    project = await openProject(dir, opts.store === undefined ? {} : { store: opts.store });
  } catch (err) {
    if (err instanceof ProjectInvalidError) {
      await printProjectErrors(err.diagnostics, err.model.files);
      return 1;
    }
    throw err;
  }
  try {
    const wf = project.model.workflows.get(workflowId);
    if (!wf) throw unknownWorkflow(project.model, workflowId);
    const inputs: Record<string, unknown> = { ...fromFile };
    for (const [k, v] of pairs) inputs[k] = typed(v, wf.spec.inputs?.[k]);
    // The terminal is an exit like any other: progress and the result are masked as values
    // before they are printed (the stdout guard is only the last line of defence).
    const redactor = project.redactor;
    const before = project.stream.lastSeq;
    if (!opts.quiet) project.stream.hold();
    const handle = project.start(workflowId, inputs, { via: 'cli' });
    // The stream's events are masked already; from `before`, so the run's first events are not missed.
    if (!opts.quiet) project.stream.subscribe(progressPrinter(), { after: before, filter: { runId: handle.id } });
    const onSignal = () => handle.cancel('interrupted (SIGINT/SIGTERM)');
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      return await printRunEnd(redactor.redactDeep(await handle.result), opts.json === true);
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  } finally {
    await project.close();
  }
}

/**
 * The running `amas up` rejected the last change to the files (it keeps its last good spec), so
 * this run would not run what is on disk: say so, naming each file and problem, before starting.
 */
function warnStaleSpec(reload: Snapshot['lastReload']): void {
  if (!reload || reload.ok) return;
  const errors = reload.diagnostics.filter((d) => d.severity === 'error');
  const files = [...new Set(errors.map((d) => d.file))];
  process.stderr.write(
    `amas: warning: the project on disk has errors (${files.join(', ') || 'see amas validate'}); the running amas up ignored that change and runs its last good spec\n`,
  );
  for (const d of errors.slice(0, 10)) process.stderr.write(`  ${d.file}:${d.line}:${d.column}: error ${d.code}: ${d.message}\n`);
  if (errors.length > 10) process.stderr.write(`  … ${errors.length - 10} more (amas validate)\n`);
}

/**
 * `amas up` owns the project: the run starts there (through the workflow's overlap gate, shown
 * in its console) and this command follows it with one request, printing the run's events from
 * the runtime's stream with the same printer as a local run.
 */
async function runThroughRuntime(
  client: ControlClient,
  workflowId: string,
  pairs: Map<string, string>,
  fromFile: Record<string, unknown>,
  opts: RunOptions,
): Promise<number> {
  const snap = await client.call<Snapshot>('status');
  warnStaleSpec(snap.lastReload);
  const wf = snap.workflows.find((w) => w.id === workflowId);
  const inputs: Record<string, unknown> = { ...fromFile };
  for (const [k, v] of pairs) {
    const type = wf?.inputs.find((i) => i.name === k)?.type;
    inputs[k] = typed(v, type ? { type } : undefined);
  }
  // One request: the answer comes when the run ends; its events arrive as notifications meanwhile.
  const { progressPrinter, printRunEnd } = await import('../run-output.ts');
  // Loaded lazily (already in memory: the client came from it) so `amas --version` and help stay light.
  const { STREAM_NOTIFICATION } = await import('../../runtime/index.ts');
  const print = opts.quiet ? undefined : progressPrinter();
  let runId: string | undefined;
  client.onNotification((method, params) => {
    if (method !== STREAM_NOTIFICATION) return;
    const e = params as RuntimeEvent;
    if (runId === undefined && e.type === 'run_started') {
      runId = e.runId;
      if (print) void stderr.write(`run ${e.runId} started in the running amas up\n`);
    }
    print?.(e);
  });
  const onSignal = () => {
    if (runId !== undefined) void client.call('runs.cancel', { runId }).catch(() => undefined);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const started = await client.call<{ runId: string; queued?: boolean; result?: RunResult | null }>('run.start', { workflow: workflowId, inputs, via: 'cli', follow: true });
    if (started.queued) {
      await stderr.write(`run ${started.runId} is queued behind a running one (overlap: queue); follow it with \`amas status\`\n`);
      return 0;
    }
    if (!started.result) throw new AmasError('AMAS_RUN_NOT_ACTIVE', `run ${started.runId} is no longer followed by amas up`);
    return await printRunEnd(started.result, opts.json === true);
  } finally {
    process.off('SIGTERM', onSignal);
  }
}
