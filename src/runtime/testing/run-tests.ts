import { join } from 'node:path';
import { AmasError, errorMessage, parseDuration, type TestSpec } from '../../core/index.ts';
import { prepareInputs, type RunResult } from '../../engine/index.ts';
import { loadProject, referencedSecretNames, type ProjectModel } from '../../spec/index.ts';
import { ProjectInvalidError, openProject } from '../project.ts';
import { readCassette, writeCassette, type Cassette } from './cassette.ts';
import { checkExpectations, type Failure } from './expect.ts';
import { RecordingCalls, ReplayingCalls } from './interceptors.ts';
import { lineOf } from './locate-line.ts';

export interface TestRunOptions {
  /** Run live and (re)write each test's cassette instead of replaying it. */
  record?: boolean;
  /** Only tests whose key (file name) or name matches: `*` is any text, otherwise a substring. */
  filter?: string;
  /** Tests run at once (default 4). */
  jobs?: number;
  env?: Record<string, string | undefined>;
  /** Called as each test ends (for progress output). */
  onResult?: (result: TestResult) => void;
}

export interface LocatedFailure extends Failure {
  line: number;
  column: number;
}

export interface TestResult {
  /** File name without extension: names the cassette. */
  key: string;
  name: string;
  /** The test file, relative to the project. */
  file: string;
  workflow: string;
  status: 'passed' | 'failed';
  durationMs: number;
  failures: LocatedFailure[];
  /** Calls made (record) or answered from the cassette (replay). */
  calls: number;
  /** The cassette, relative to the project. */
  cassette: string;
  runId?: string;
}

export interface TestReport {
  dir: string;
  mode: 'record' | 'replay';
  tests: TestResult[];
  passed: number;
  failed: number;
  durationMs: number;
}

/** Default limit on tests running at once. */
export const DEFAULT_TEST_JOBS = 4;
/** A test's wall time when its file gives no `timeout:`. */
const DEFAULT_TEST_TIMEOUT = '60s';

/**
 * `amas test`: runs the project's tests.d/ tests, each on its own project instance with an
 * in-memory store, its capabilities mocked as the test says and its model/http/mcp calls recorded
 * (`record`) or replayed from tests.d/cassettes/<test>.json. Throws ProjectInvalidError when the
 * specs (tests included) have errors and AmasError (exit 2) when no test is selected.
 */
export async function runTests(dir: string, opts: TestRunOptions = {}): Promise<TestReport> {
  const started = Date.now();
  const env = opts.env ?? { ...process.env };
  const loaded = await loadProject(dir, { env });
  if (!loaded.ok) throw new ProjectInvalidError(loaded.diagnostics, loaded.model);
  const model = loaded.model;
  const all = [...(model.tests ?? new Map()).entries()].sort(([a], [b]) => a.localeCompare(b));
  if (all.length === 0) {
    throw new AmasError('AMAS_NO_TESTS', `no tests in ${join(dir, 'tests.d')}`, { exitCode: 2, hint: 'a test is a YAML file in tests.d/ naming a workflow (docs/testing.md)' });
  }
  const selected = opts.filter === undefined ? all : all.filter(([key, t]) => matches(opts.filter!, key) || (t.spec.name !== undefined && matches(opts.filter!, t.spec.name)));
  if (selected.length === 0) {
    throw new AmasError('AMAS_NO_TESTS', `no test matches "${opts.filter}"`, { exitCode: 2, hint: `tests: ${all.map(([k]) => k).join(', ')}` });
  }
  const jobs = Math.max(1, Math.floor(opts.jobs ?? DEFAULT_TEST_JOBS));
  const results: TestResult[] = new Array<TestResult>(selected.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < selected.length) {
      const i = next++;
      const [key, test] = selected[i]!;
      const r = await runOne(model, key, test, env, opts.record === true);
      results[i] = r;
      opts.onResult?.(r);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, selected.length) }, worker));
  const failed = results.filter((r) => r.status === 'failed').length;
  return { dir: model.dir, mode: opts.record ? 'record' : 'replay', tests: results, passed: results.length - failed, failed, durationMs: Date.now() - started };
}

function matches(pattern: string, text: string): boolean {
  if (!pattern.includes('*')) return text.includes(pattern);
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(text);
}

async function runOne(model: ProjectModel, key: string, test: { spec: TestSpec; file: string }, baseEnv: Record<string, string | undefined>, record: boolean): Promise<TestResult> {
  const started = Date.now();
  const spec = test.spec;
  const cassetteRel = `tests.d/cassettes/${key}.json`;
  const cassettePath = join(model.dir, cassetteRel);
  const failures: Failure[] = [];
  // The test's env fills in only what the process does not set: a recording uses the real endpoint.
  const env = { ...baseEnv };
  for (const [k, v] of Object.entries(spec.env ?? {})) if (env[k] === undefined || env[k] === '') env[k] = v;
  if (!record) {
    // A replay needs no keys: a secret the environment does not set gets a stand-in, which the
    // redactor masks like a real one, so requests still compare equal to their masked recordings.
    for (const name of referencedSecretNames(model)) if (env[name] === undefined || env[name] === '') env[name] = `amas-test-stand-in-${name}`;
  }
  let runId: string | undefined;
  let calls = 0;

  let recorder: RecordingCalls | undefined;
  let replayer: ReplayingCalls | undefined;
  let mask: (v: Record<string, unknown>) => Record<string, unknown> = (v) => v;
  try {
    if (record) recorder = new RecordingCalls();
    else replayer = new ReplayingCalls(readCassette(cassettePath, cassetteRel), cassetteRel, spec.match?.ignore ?? [], (v) => mask(v));
  } catch (err) {
    failures.push({ message: errorMessage(err), path: ['workflow'] });
  }
  const interceptor = recorder ?? replayer;
  if (interceptor) {
    let project: Awaited<ReturnType<typeof openProject>> | undefined;
    try {
      project = await openProject(model.dir, { store: ':memory:', env, calls: interceptor, mocks: new Map(Object.entries(spec.mock ?? {})) });
      const redactor = project.redactor;
      mask = (v) => redactor.redactDeep(v);
      const given = spec.inputs ?? {};
      const handle = project.start(spec.workflow, given);
      // What the run saw: the given inputs over the workflow's defaults (assertions read these).
      const wf = model.workflows.get(spec.workflow);
      const inputs = wf ? prepareInputs(wf.spec, given) : given;
      runId = handle.id;
      const timeoutMs = parseDuration(spec.timeout ?? DEFAULT_TEST_TIMEOUT);
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        handle.cancel(`test timed out after ${spec.timeout ?? DEFAULT_TEST_TIMEOUT}`);
      }, timeoutMs);
      const result = await answerApprovals(project, spec, await handle.result).finally(() => clearTimeout(timer));
      if (timedOut) failures.push({ message: `test timed out after ${spec.timeout ?? DEFAULT_TEST_TIMEOUT}`, path: spec.timeout === undefined ? ['workflow'] : ['timeout'] });
      // A call with no recording explains everything after it: reported first.
      for (const m of new Set(replayer?.mismatches ?? [])) failures.push({ message: m.split('\n')[0]!, detail: m.split('\n').slice(1).join('\n'), path: ['workflow'] });
      failures.push(...checkExpectations(spec, inputs, result));
      if (recorder) {
        calls = recorder.calls.length;
        const cassette: Cassette = { version: 1, test: key, calls: recorder.calls };
        writeCassette(cassettePath, cassette, project.redactor);
      } else calls = replayer?.used ?? 0;
    } catch (err) {
      failures.push({ message: errorMessage(err), ...(err instanceof AmasError && err.hint ? { detail: err.hint } : {}), path: ['inputs'] });
    } finally {
      await project?.close();
    }
  }
  const text = model.files.get(test.file) ?? '';
  const located = failures.map((f) => ({ ...f, ...lineOf(text, f.path) }));
  return {
    key,
    name: spec.name ?? key,
    file: test.file,
    workflow: spec.workflow,
    status: located.length ? 'failed' : 'passed',
    durationMs: Date.now() - started,
    failures: located,
    calls,
    cassette: cassetteRel,
    ...(runId ? { runId } : {}),
  };
}

/**
 * A run that parks on approval steps is answered from the test's `approve:` (as `amas test`) and
 * followed to its next wait or its end; a wait the test does not answer stays in the result, so
 * `expect.status` reports it.
 */
async function answerApprovals(project: Awaited<ReturnType<typeof openProject>>, spec: TestSpec, result: RunResult): Promise<RunResult> {
  const answers = spec.approve ?? {};
  for (;;) {
    const stepId = result.waiting.find((s) => result.steps[s]?.status === 'waiting' && Object.hasOwn(answers, s));
    if (result.status !== 'running' || stepId === undefined) return result;
    const a = answers[stepId]!;
    const decision = typeof a === 'boolean' ? { approved: a } : { approved: a.approved, ...(a.comment === undefined ? {} : { comment: a.comment }), ...(a.input === undefined ? {} : { input: a.input }) };
    const { handle } = await project.engine.answer(result.id, stepId, { ...decision, by: 'amas test' });
    result = await handle.result;
  }
}
