import path from 'node:path';
import type { BusEvent, EventType, Priority } from '../bus/index.ts';
import {
  AmasError,
  SNAPSHOT_VERSION,
  systemClock,
  type AgentSnapshot,
  type Clock,
  type RunSnapshot,
  type Snapshot,
  type WorkflowSnapshot,
  workerSnapshot,
} from '../core/index.ts';
import { loadProject, type ProjectModel } from '../spec/index.ts';
import type { EmbeddedBackend, PgStore, StoreBackend } from '../store/index.ts';
import { cronTriggerKeys, parseCron, storeTriggerState, type ScheduleEntry, type WorkflowTriggerState } from '../triggers/index.ts';
import { StoreJournal } from './store-journal.ts';
import { unknownWorkflow } from './project.ts';
import { openProjectStore, openProjectStoreForRead, projectStoreLocation } from './project-store.ts';
import { runSnapshot } from './run-history.ts';
import { describeWorkflow } from './workflow-info.ts';

// What `amas status|schedule|events` answer when no `amas up` is running: the same shapes the
// control API returns, computed from the spec files and the store (opened read-only, except to
// pause or resume a schedule).

export interface LocalOptions {
  /** Database path (default from amas.yaml) or ':memory:' (then there is nothing stored). */
  store?: string;
  clock?: Clock;
  env?: Record<string, string | undefined>;
}

const RECENT_RUNS = 20;

interface Local {
  root: string;
  model: ProjectModel;
  ok: boolean;
  diagnostics: Snapshot['lastReload'];
  env: Record<string, string | undefined>;
  store: string | undefined;
}

async function load(dir: string, opts: LocalOptions, clock: Clock): Promise<Local> {
  const root = path.resolve(dir);
  const env = opts.env ?? { ...process.env };
  const loaded = await loadProject(root, { env });
  const diagnostics = loaded.diagnostics.map(({ file, line, column, severity, code, message }) => ({ file, line, column, severity, code, message }));
  return { root, model: loaded.model, ok: loaded.ok, diagnostics: { at: clock.now(), ok: loaded.ok, diagnostics }, env, store: opts.store };
}

/**
 * Opens the store for the time of `fn`: the embedded file read-only (no lock: a runtime may own
 * it; none when the file does not exist yet), or the PostgreSQL store, which every process shares.
 */
async function reading<T>(local: Local, clock: Clock, fn: (store: EmbeddedBackend | PgStore | undefined) => Promise<T>): Promise<T> {
  const store = await openProjectStoreForRead(local.root, local.model, local.env, { store: local.store, clock });
  if (!store) return fn(undefined);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

async function triggerStates(store: StoreBackend | undefined): Promise<Map<string, WorkflowTriggerState>> {
  if (!store) return new Map();
  return new Map((await storeTriggerState(store.triggers).load()).map((s) => [s.workflowId, s]));
}

/** The schedule table rows a runtime would list, from the cron specs and the stored trigger state. */
export function plannedSchedule(model: ProjectModel, states: Map<string, WorkflowTriggerState>, now: number): ScheduleEntry[] {
  const out: ScheduleEntry[] = [];
  for (const { spec } of model.workflows.values()) {
    const st = states.get(spec.id);
    const paused = st?.paused ?? false;
    for (const { key, trigger } of cronTriggerKeys(spec)) {
      let next: number | undefined;
      let tz = trigger.timezone ?? 'UTC';
      try {
        const schedule = parseCron(trigger.cron!, tz, { seed: spec.id });
        tz = schedule.tz;
        if (!paused) next = schedule.nextFire(now);
      } catch {
        // an invalid cron is reported by validation; it simply has no next fire
      }
      const ts = st?.triggers[key];
      out.push({
        workflowId: spec.id,
        triggerKey: key,
        cron: trigger.cron!,
        timezone: tz,
        ...(next === undefined ? {} : { nextFire: next, dueAt: next }),
        ...(ts?.lastFire === undefined ? {} : { lastFire: ts.lastFire }),
        ...(ts?.lastOutcome === undefined ? {} : { lastOutcome: ts.lastOutcome }),
        paused,
        misfire: trigger.misfire ?? 'run-once',
      });
    }
  }
  return out.sort((x, y) => (x.nextFire ?? Infinity) - (y.nextFire ?? Infinity) || x.workflowId.localeCompare(y.workflowId));
}

/** `amas schedule list` without a runtime. */
export async function localSchedule(dir: string, opts: LocalOptions = {}): Promise<ScheduleEntry[]> {
  const clock = opts.clock ?? systemClock;
  const local = await load(dir, opts, clock);
  return reading(local, clock, async (store) => plannedSchedule(local.model, await triggerStates(store), clock.now()));
}

/**
 * `amas schedule pause|resume W` without a runtime: writes the flag the next `amas up` reads.
 * Takes the store's writer lock (fails if a runtime holds it but its socket did not answer).
 */
export async function localSetPaused(dir: string, workflowId: string, paused: boolean, opts: LocalOptions = {}): Promise<ScheduleEntry[]> {
  const clock = opts.clock ?? systemClock;
  const local = await load(dir, opts, clock);
  if (!local.model.workflows.has(workflowId)) throw unknownWorkflow(local.model, workflowId);
  const where = projectStoreLocation(local.root, local.model, local.env, { store: opts.store });
  if (where.kind === 'embedded' && where.path === ':memory:') throw new AmasError('AMAS_NO_STORE', 'this project keeps no store (:memory:), so a pause would not last', { exitCode: 2 });
  const store = await openProjectStore(local.root, local.model, local.env, { store: opts.store, clock });
  try {
    await store.triggers.setPaused(workflowId, paused);
    return plannedSchedule(local.model, await triggerStates(store), clock.now());
  } finally {
    await store.close();
  }
}

function busEventOf(e: { id: string; type: string; priority: string; source: string | null; target: string | null; data: unknown; createdAt: number; expiresAt: number | null }): BusEvent {
  return {
    id: e.id,
    type: e.type as EventType,
    priority: e.priority as Priority,
    source: e.source ?? '',
    ...(e.target === null ? {} : { target: e.target }),
    data: e.data,
    timestamp: e.createdAt,
    ...(e.expiresAt === null ? {} : { expiresAt: e.expiresAt }),
    // Only non-transient events are persisted.
    transient: false,
  };
}

/** `amas events` without a runtime: the persisted history, oldest first (as the bus's history). */
export async function localEvents(dir: string, q: { type?: string; limit?: number }, opts: LocalOptions = {}): Promise<BusEvent[]> {
  const clock = opts.clock ?? systemClock;
  const local = await load(dir, opts, clock);
  return reading(local, clock, async (store) => {
    const rows = store ? await store.events.list({ ...(q.type ? { type: q.type } : {}), limit: q.limit ?? 100 }) : [];
    return rows.map(busEventOf).reverse();
  });
}

/**
 * `amas status` without a runtime: `state: 'offline'`, every agent offline, workflows with the
 * next fire their cron specs give and the stored pause flags, the most recent runs from the store
 * (unfinished ones resume on the next `amas up`), and the spec's validity as `lastReload`.
 */
export async function localStatus(dir: string, opts: LocalOptions = {}): Promise<Snapshot> {
  const clock = opts.clock ?? systemClock;
  const local = await load(dir, opts, clock);
  const now = clock.now();
  const { states, runs, processes, workers } = await reading(local, clock, async (store) => {
    const s = await triggerStates(store);
    if (!store) return { states: s, runs: [] as RunSnapshot[], processes: undefined, workers: undefined };
    // A PostgreSQL store: the processes driving runs on it, wherever they run.
    const processes = store.kind === 'postgres' ? (await store.drivers.list()).map(({ id, role, host, pid, heartbeatAgeMs }) => ({ id, role, host, pid, heartbeatAgeMs })) : undefined;
    const j = await StoreJournal.open(store);
    const rows = await j.listRuns({ limit: RECENT_RUNS });
    const out: RunSnapshot[] = [];
    for (const r of rows) out.push(runSnapshot(r, await j.getSteps(r.id)));
    // Queue workers run without `amas up`: a PostgreSQL store lists them either way.
    const list = store.kind === 'postgres' ? await store.workers.list() : undefined;
    return { states: s, runs: out, processes, workers: list?.map((w) => workerSnapshot(w, clock.now())) };
  });
  const schedule = plannedSchedule(local.model, states, now);
  const agents: AgentSnapshot[] = [...local.model.agents.values()].map(({ spec }) => ({
    id: spec.id, domain: spec.domain ?? null, status: 'offline', inFlight: 0, concurrency: Math.max(1, Math.floor(spec.concurrency ?? 1)),
    completed: 0, failed: 0, avgMs: null, p95Ms: null, lastActivity: null, capabilities: Object.keys(spec.capabilities ?? {}),
  }));
  const active = runs.filter((r) => r.endedAt === null);
  const finished = runs.filter((r) => r.endedAt !== null).sort((a, b) => (b.endedAt ?? 0) - (a.endedAt ?? 0));
  const workflows: WorkflowSnapshot[] = [...local.model.workflows.values()].map(({ spec }) => {
    const paused = states.get(spec.id)?.paused ?? false;
    const next = schedule.filter((e) => e.workflowId === spec.id && e.nextFire !== undefined).map((e) => e.nextFire!);
    const last = finished.find((r) => r.workflowId === spec.id);
    return {
      ...describeWorkflow(spec),
      nextFire: paused || next.length === 0 ? null : Math.min(...next),
      lastOutcome: last ? { runId: last.id, status: last.status, at: last.endedAt ?? last.startedAt } : null,
      paused,
      activeRuns: 0,
    };
  });
  const name = local.model.project.name ?? path.basename(local.root);
  return {
    version: SNAPSHOT_VERSION, takenAt: now, state: 'offline', project: { name, dir: local.root }, startedAt: now,
    health: local.ok ? 'healthy' : 'warning',
    counts: {
      agents: agents.length, agentsWorking: 0, workflows: workflows.length, runsActive: 0,
      runsCompleted: finished.filter((r) => r.status === 'completed').length, runsFailed: finished.filter((r) => r.status !== 'completed').length,
      events: 0, alertsActive: 0,
    },
    lastReload: local.diagnostics, agents, workflows, runs: [...active, ...finished], events: [], alerts: [],
    // The embedded store has one writer whether or not it runs: `single`, as a running amas up says.
    ...(processes === undefined ? { role: 'single' as const } : { processes }),
    ...(workers === undefined ? {} : { workers }),
  };
}
