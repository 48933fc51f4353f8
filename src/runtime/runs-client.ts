import { resolve } from 'node:path';
import { AmasError, buildTranscripts, systemClock, type Logger, type Transcript } from '../core/index.ts';
import { FINISHED_STEP, stepResultOf, type InDoubtAction, type RunResult, type RunRow, type RunStatus, type RunUsage, type StepResult } from '../engine/index.ts';
import type { RuntimeEvent } from './event-stream.ts';
import { loadProject } from '../spec/index.ts';
import { StoreJournal } from './store-journal.ts';
import type { ControlClient } from './control/index.ts';
import { openProject } from './project.ts';
import { openProjectStore, projectStoreLocation } from './project-store.ts';
import { DRIVER_STALE_MS } from './run-drivers.ts';

/** A run as `amas runs list|show` print it. */
export interface RunSummary {
  id: string;
  workflow: string;
  status: RunStatus;
  attempt: number;
  specHash: string;
  startedAt: number;
  endedAt?: number;
  error?: string;
  inputs: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  /** LLM tokens: in all, by step, by agent. */
  usage?: RunUsage;
  /** A child run: the run and step that started it. */
  parent?: { runId: string; stepId: string };
}

export interface RunDetail extends RunSummary {
  steps: Record<string, StepResult>;
  waiting: string[];
  /** Agent loops' transcripts by loop key (the llm step's id); absent when the run had none. */
  transcripts?: Record<string, Transcript>;
  /** Child runs started by the run's `workflow:` steps (`parent.stepId` says which). */
  children: RunSummary[];
  /** for_each items and repeat iterations by step: `social[2]`, `draft#1`. */
  units: Record<string, Record<string, StepResult>>;
}

/**
 * What `amas runs` needs. Today it opens the store directly; when `amas up` owns the project
 * the same calls go over its control socket — a second implementation, not a CLI change.
 */
export interface RunsClient {
  list(q: { status?: RunStatus[]; workflow?: string; limit?: number }): Promise<RunSummary[]>;
  show(runId: string): Promise<RunDetail>;
  /** Resumes an unfinished run here and resolves when it ends (or parks on in_doubt steps). */
  resume(runId: string, onEvent?: (e: RuntimeEvent) => void): Promise<RunResult>;
  decide(runId: string, stepId: string, action: InDoubtAction, onEvent?: (e: RuntimeEvent) => void): Promise<RunResult>;
  /** Marks an unfinished run (and its open steps) cancelled. */
  cancel(runId: string): Promise<RunDetail>;
  close(): Promise<void>;
}

export function runSummary(r: RunRow): RunSummary {
  return {
    id: r.id,
    workflow: r.workflow,
    status: r.status,
    attempt: r.attempt,
    specHash: r.specHash,
    startedAt: r.startedAt,
    ...(r.endedAt === undefined ? {} : { endedAt: r.endedAt }),
    ...(r.error === undefined ? {} : { error: r.error }),
    inputs: r.inputs,
    ...(r.outputs === undefined ? {} : { outputs: r.outputs }),
    ...(r.usage === undefined ? {} : { usage: r.usage }),
    ...(r.parent === undefined ? {} : { parent: r.parent }),
  };
}

/** Opens the project's store itself: read-only for list/show, as the writer for the rest. */
export function directRunsClient(dir: string, opts: { store?: string; logger?: Logger } = {}): RunsClient {
  const root = resolve(dir);
  // The project's store: PostgreSQL when configured (no `--store`), else the embedded file.
  const open = async (readOnly: boolean) => {
    const env = { ...process.env };
    const { model } = await loadProject(root, { env });
    const where = projectStoreLocation(root, model, env, { store: opts.store });
    if (where.kind === 'embedded' && where.path === ':memory:') throw new AmasError('AMAS_NO_STORE', 'runs live in a store file; this project uses :memory:', { exitCode: 2 });
    return openProjectStore(root, model, env, { store: opts.store, readOnly });
  };
  const reader = async <T>(fn: (j: StoreJournal) => Promise<T>): Promise<T> => {
    const store = await open(true);
    try {
      return await fn(await StoreJournal.open(store));
    } finally {
      await store.close();
    }
  };
  const detail = runDetail;
  const withProject = async (fn: (p: Awaited<ReturnType<typeof openProject>>) => Promise<RunResult>): Promise<RunResult> => {
    const project = await openProject(root, { ...(opts.store === undefined ? {} : { store: opts.store }), ...(opts.logger ? { logger: opts.logger } : {}) });
    try {
      // What this client hands back is printed: masked as values first, like at every exit.
      return project.redactor.redactDeep(await fn(project));
    } finally {
      await project.close();
    }
  };
  return {
    list: (q) => reader(async (j) => (await j.listRuns({ ...q, limit: q.limit ?? 20 })).map(runSummary)),
    show: (runId) => reader((j) => detail(j, runId)),
    resume: (runId, onEvent) =>
      withProject(async (p) => {
        if (onEvent) p.stream.subscribe(onEvent, { filter: { runId } });
        const [h] = await p.resume(runId);
        return h!.result;
      }),
    decide: (runId, stepId, action, onEvent) =>
      withProject(async (p) => {
        if (onEvent) p.stream.subscribe(onEvent, { filter: { runId } });
        return (await p.decide(runId, stepId, action)).result;
      }),
    cancel: async (runId) => {
      const store = await open(false);
      try {
        const j = await StoreJournal.open(store);
        const run = await j.getRun(runId);
        if (!run) throw new AmasError('AMAS_RUN_UNKNOWN', `no run "${runId}"`, { exitCode: 2 });
        // On a shared store the run may be going in a live process: it must be cancelled there.
        if (store.kind === 'postgres') {
          const driver = await store.drivers.driverOf(runId);
          if (driver && (await store.drivers.alive(driver, DRIVER_STALE_MS))) {
            throw new AmasError('AMAS_RUN_DRIVEN_ELSEWHERE', `run ${runId} is driven by another live process (${driver})`, {
              exitCode: 2,
              hint: "cancel it through that process's amas up (its control socket or HTTP API)",
            });
          }
        }
        if (run.status !== 'running' && run.status !== 'pending') {
          throw new AmasError('AMAS_RUN_FINISHED', `run ${runId} already ended as ${run.status}`, { exitCode: 2 });
        }
        const now = systemClock.now();
        const steps = (await j.getSteps(runId)).filter((s) => !FINISHED_STEP.has(s.status));
        for (const s of steps) Object.assign(s, { status: 'cancelled', endedAt: now, error: { kind: 'cancelled', message: 'cancelled by a person' } });
        Object.assign(run, { status: 'cancelled', endedAt: now, error: 'cancelled by a person' });
        await j.write({ runs: [run], steps, knowledge: [] }, true);
        return await detail(j, runId);
      } finally {
        await store.close();
      }
    },
    close: async () => undefined,
  };
}

/** A run with every step of its pinned spec, as `amas runs show` prints it. */
export async function runDetail(j: StoreJournal, runId: string): Promise<RunDetail> {
  const run = await j.getRun(runId);
  if (!run) throw new AmasError('AMAS_RUN_UNKNOWN', `no run "${runId}"`, { exitCode: 2, hint: 'list runs with `amas runs list`' });
  const stored = new Map((await j.getSteps(runId)).map((s) => [s.stepId, s]));
  const steps: Record<string, StepResult> = {};
  const waiting: string[] = [];
  const units: Record<string, Record<string, StepResult>> = {};
  for (const [id, s] of stored) {
    const m = /^(.+?)(\[\d+\]|#\d+)$/.exec(id);
    if (m) (units[m[1]!] ??= {})[id] = stepResultOf(s);
  }
  // A run whose pinned spec the store lost lists the steps it stored (it cannot resume).
  for (const st of run.spec?.steps ?? [...stored.keys()].map((id) => ({ id }))) {
    const s = stored.get(st.id) ?? { runId, stepId: st.id, status: 'pending' as const, attempt: 0 };
    steps[st.id] = stepResultOf(s);
    if (s.status === 'in_doubt' || s.status === 'waiting') waiting.push(st.id);
  }
  const transcripts = buildTranscripts(await j.getLoop(runId));
  const children = (await j.children(runId)).map(runSummary);
  return { ...runSummary(run), steps, waiting, children, units, ...(Object.keys(transcripts).length ? { transcripts } : {}) };
}

/**
 * The same calls through a running `amas up` (the project's one writer): reads come from its
 * store, resume/decide/cancel act on its engine, so answers match the direct client's.
 */
export function remoteRunsClient(client: ControlClient): RunsClient {
  const wait = async (runId: string): Promise<RunResult> => {
    const r = await client.call<RunResult | null>('run.wait', { runId });
    if (!r) throw new AmasError('AMAS_RUN_NOT_ACTIVE', `run ${runId} is not running in amas up`, { hint: `see \`amas runs show ${runId}\`` });
    return r;
  };
  return {
    list: (q) => client.call<RunSummary[]>('runs.summaries', q),
    show: (runId) => client.call<RunDetail>('runs.detail', { runId }),
    resume: (runId) => wait(runId),
    decide: async (runId, stepId, action) => {
      await client.call('runs.decide', { runId, stepId, action });
      return wait(runId);
    },
    cancel: async (runId) => {
      await client.call('runs.cancel', { runId });
      const end = Date.now() + 10_000;
      for (;;) {
        const d = await client.call<RunDetail>('runs.detail', { runId });
        if (d.status !== 'running' && d.status !== 'pending') return d;
        if (Date.now() > end) return d;
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: async () => client.close(),
  };
}
