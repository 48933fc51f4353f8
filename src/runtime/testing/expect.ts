import { canonicalJson, errorMessage, type TestSpec } from '../../core/index.ts';
import type { RunResult } from '../../engine/index.ts';
import { render } from '../../expr/index.ts';

/** One expectation a test did not meet: what, and where in the test file (a data path). */
export interface Failure {
  message: string;
  /** More lines (a diff, a step's error). */
  detail?: string;
  path: (string | number)[];
}

/** Checks a finished run against a test's `expect:`; every unmet expectation is reported. */
export function checkExpectations(spec: TestSpec, inputs: Record<string, unknown>, run: RunResult): Failure[] {
  const expect = spec.expect ?? {};
  const failures: Failure[] = [];
  const wanted = expect.status ?? 'completed';
  if (run.status !== wanted) {
    const waits = run.waiting.filter((s) => run.steps[s]?.status === 'waiting');
    failures.push({
      message: waits.length
        ? `run is waiting for approval of ${waits.map((s) => `\`${s}\``).join(', ')}, expected ${wanted}: answer it under \`approve:\``
        : `run ended ${run.status}, expected ${wanted}`,
      ...failedSteps(run),
      path: expect.status === undefined ? ['workflow'] : ['expect', 'status'],
    });
  }
  for (const [key, value] of Object.entries(expect.outputs ?? {})) {
    const actual = run.outputs?.[key];
    const diff = subsetDiff(value, actual, key);
    if (diff) failures.push({ message: `output \`${key}\` does not match`, detail: diff, path: ['expect', 'outputs', key] });
  }
  for (const [id, status] of Object.entries(expect.steps ?? {})) {
    const step = run.steps[id];
    const actual = step?.status ?? 'not run';
    if (actual !== status) {
      failures.push({ message: `step \`${id}\` ended ${actual}, expected ${status}`, ...(step?.error ? { detail: step.error.message.split('\n')[0]! } : {}), path: ['expect', 'steps', id] });
    }
  }
  const scope = assertScope(inputs, run);
  (expect.assert ?? []).forEach((text, i) => {
    let value: unknown;
    try {
      value = render(text, scope);
    } catch (err) {
      failures.push({ message: `assertion could not be evaluated: ${text.trim()}`, detail: errorMessage(err), path: ['expect', 'assert', i] });
      return;
    }
    if (value !== true) failures.push({ message: `assertion is ${value === false ? 'false' : `not true (it is ${JSON.stringify(value) ?? 'undefined'})`}: ${text.trim()}`, path: ['expect', 'assert', i] });
  });
  return failures;
}

function failedSteps(run: RunResult): { detail?: string } {
  const lines = Object.entries(run.steps)
    .filter(([, s]) => s.error)
    // The first line only: a replay miss is reported in full on its own.
    .map(([id, s]) => `step ${id} ${s.status} after ${s.attempt} attempt${s.attempt === 1 ? '' : 's'}: ${s.error!.message.split('\n')[0]}`);
  if (lines.length) return { detail: lines.join('\n') };
  return run.error ? { detail: run.error.split('\n')[0]! } : {};
}

/** What an assertion reads: the finished run (docs/testing.md). */
function assertScope(inputs: Record<string, unknown>, run: RunResult): Record<string, unknown> {
  const steps: Record<string, unknown> = {};
  for (const [id, s] of Object.entries(run.steps)) steps[id] = { status: s.status, output: s.output ?? null, ...(s.error ? { error: s.error.message } : {}) };
  return { inputs, steps, run: { id: run.id, workflow: run.workflow, status: run.status, outputs: run.outputs ?? {} } };
}

/**
 * Undefined when `expected` is a subset of `actual` (objects: every expected key, recursively;
 * arrays and scalars: equal element by element), else where and how they differ.
 */
export function subsetDiff(expected: unknown, actual: unknown, at: string): string | undefined {
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return `${at}: expected an object like ${show(expected)}, got ${show(actual)}`;
    for (const [k, v] of Object.entries(expected)) {
      const d = subsetDiff(v, (actual as Record<string, unknown>)[k], `${at}.${k}`);
      if (d) return d;
    }
    return undefined;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return `${at}: expected ${show(expected)}, got ${show(actual)}`;
    for (let i = 0; i < expected.length; i++) {
      const d = subsetDiff(expected[i], actual[i], `${at}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  return canonicalJson(expected) === canonicalJson(actual) ? undefined : `${at}: expected ${show(expected)}, got ${show(actual)}`;
}

function show(v: unknown): string {
  const s = v === undefined ? '(absent)' : JSON.stringify(v);
  return s.length > 300 ? `${s.slice(0, 300)}…` : s;
}
