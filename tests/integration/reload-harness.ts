// One harness for the hot-reload tests: a fixture copied to a temp dir, a real Runtime on it with
// the real watcher (chokidar on the project root, short debounce), and the polling helpers each
// of those tests used to keep its own copy of. Registers its own beforeAll/afterAll.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { Snapshot } from '../../src/core/index.ts';
import type { RunResult } from '../../src/engine/index.ts';
import { Runtime } from '../../src/runtime/index.ts';

export const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/up');

export interface ReloadingProject {
  /** The project's temp dir (set once beforeAll has run). */
  readonly dir: string;
  readonly rt: Runtime;
  file(rel: string): string;
  write(rel: string, text: string): void;
  /** Polls the snapshot until `cond` holds; the error names `what` and the last reload. */
  until(cond: (s: Snapshot) => boolean, what: string, ms?: number): Promise<Snapshot>;
  /** Makes a change and waits for the good reload that follows it. */
  reloaded(change: () => void, what: string): Promise<Snapshot>;
  /** Starts a manual run and waits for its result. */
  run(workflow: string): Promise<{ runId: string; result: RunResult }>;
}

export interface ReloadingOptions {
  /** Edits the copied fixture before the runtime starts. */
  prepare?: (dir: string) => void;
  /** The runtime's environment instead of process.env. */
  env?: Record<string, string | undefined>;
}

/** A fixture under tests/fixtures/up/ run by a real Runtime for the tests of this file. */
export function reloadingProject(fixture: string, opts: ReloadingOptions = {}): ReloadingProject {
  let dir = '';
  let rt: Runtime | undefined;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), `amas-${fixture}-`));
    fs.cpSync(path.join(FIXTURES, fixture), dir, { recursive: true });
    opts.prepare?.(dir);
    rt = await Runtime.start(dir, { control: false, reloadDebounceMs: 40, ...(opts.env ? { env: opts.env } : {}) });
  });

  afterAll(async () => {
    await rt?.stop(0);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const runtime = (): Runtime => {
    if (!rt) throw new Error('the runtime is not started yet (use it inside a test)');
    return rt;
  };
  const file = (rel: string) => path.join(dir, rel);

  async function until(cond: (s: Snapshot) => boolean, what: string, ms = 8000): Promise<Snapshot> {
    const end = Date.now() + ms;
    for (;;) {
      const s = runtime().getSnapshot();
      if (cond(s)) return s;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last reload: ${JSON.stringify(s.lastReload)}`);
      await new Promise((r) => setTimeout(r, 15));
    }
  }

  return {
    get dir() {
      return dir;
    },
    get rt() {
      return runtime();
    },
    file,
    write: (rel, text) => fs.writeFileSync(file(rel), text),
    until,
    async reloaded(change, what) {
      const t = runtime().getSnapshot().lastReload?.at ?? 0;
      change();
      return until((s) => (s.lastReload?.at ?? 0) > t && s.lastReload?.ok === true, what);
    },
    async run(workflow) {
      const started = runtime().startRun({ workflow, inputs: {}, origin: { kind: 'manual' } });
      if (started.kind !== 'started') throw new Error(`${workflow} did not start: ${JSON.stringify(started)}`);
      const result = await runtime().waitFor(started.runId);
      if (!result) throw new Error(`${workflow}: no result`);
      return { runId: started.runId, result };
    },
  };
}
