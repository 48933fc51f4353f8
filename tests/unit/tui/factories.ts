// Small factories for snapshots: each test states only the fields it is about.
import { SNAPSHOT_VERSION } from '../../../src/core/index.ts';
import type {
  AgentSnapshot, AlertSnapshot, EventSnapshot, RunSnapshot, Snapshot, SnapshotSource, StepSnapshot, Transcript, TranscriptCall, TranscriptTurn, TuiCommands, WorkerSnapshot, WorkflowSnapshot,
} from '../../../src/core/index.ts';

export const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

export function agent(id: string, o: Partial<AgentSnapshot> = {}): AgentSnapshot {
  return { id, domain: null, status: 'idle', inFlight: 0, concurrency: 2, completed: 0, failed: 0, avgMs: null, p95Ms: null, lastActivity: null, capabilities: [], ...o };
}

export function worker(id: string, o: Partial<WorkerSnapshot> = {}): WorkerSnapshot {
  return { id, host: 'node-1', pid: 4242, concurrency: 8, inFlight: 0, completed: 0, failed: 0, startedAt: T0 - 60_000, heartbeatAt: T0 - 1000, readAt: T0, heartbeatAgeMs: 1000, stale: false, ...o };
}

export function workflow(id: string, o: Partial<WorkflowSnapshot> = {}): WorkflowSnapshot {
  return { id, description: null, triggers: [{ kind: 'manual', detail: 'manual' }], inputs: [], nextFire: null, lastOutcome: null, paused: false, activeRuns: 0, ...o };
}

export function step(id: string, o: Partial<StepSnapshot> = {}): StepSnapshot {
  return { id, task: 'work', agentId: null, status: 'pending', attempt: 0, maxAttempts: 1, retryAt: null, startedAt: null, endedAt: null, needs: [], error: null, ...o };
}

export function run(id: string, workflowId: string, o: Partial<RunSnapshot> = {}): RunSnapshot {
  const steps = o.steps ?? [];
  const done = steps.filter((s) => ['completed', 'failed', 'skipped', 'cancelled'].includes(s.status)).length;
  return { id, workflowId, status: 'running', trigger: 'manual', startedAt: T0, endedAt: null, progress: { done, total: steps.length }, steps, error: null, ...o };
}

export function event(id: string, o: Partial<EventSnapshot> = {}): EventSnapshot {
  return { id, type: 'task_complete', priority: 'normal', source: 'engine', target: null, time: T0, summary: '', ...o };
}

export function alert(id: string, o: Partial<AlertSnapshot> = {}): AlertSnapshot {
  return { id, level: 'warning', metric: 'queue_depth', message: 'above 10', time: T0, active: true, ...o };
}

export function snapshot(o: Partial<Snapshot> = {}): Snapshot {
  const s: Snapshot = {
    version: SNAPSHOT_VERSION,
    takenAt: T0,
    state: 'running',
    project: { name: 'demo', dir: '/srv/demo' },
    startedAt: T0 - 3_723_000,
    health: 'healthy',
    counts: { agents: 0, agentsWorking: 0, workflows: 0, runsActive: 0, runsCompleted: 0, runsFailed: 0, events: 0, alertsActive: 0 },
    lastReload: null,
    agents: [],
    workflows: [],
    runs: [],
    events: [],
    alerts: [],
    ...o,
  };
  return {
    ...s,
    counts: o.counts ?? {
      agents: s.agents.length,
      agentsWorking: s.agents.filter((a) => a.status === 'working').length,
      workflows: s.workflows.length,
      runsActive: s.runs.filter((r) => r.endedAt === null).length,
      runsCompleted: s.runs.filter((r) => r.status === 'completed').length,
      runsFailed: s.runs.filter((r) => r.status === 'failed').length,
      events: s.events.length,
      alertsActive: s.alerts.filter((a) => a.active).length,
    },
  };
}

/** A busy project: the fixture the frame tests draw. */
export function busySnapshot(): Snapshot {
  return snapshot({
    agents: [
      agent('planner', { status: 'working', inFlight: 2, concurrency: 2, completed: 41, failed: 1, avgMs: 1234, p95Ms: 3100, lastActivity: T0 - 5000, capabilities: ['plan', 'review'] }),
      agent('researcher', { status: 'idle', completed: 17, avgMs: 860, p95Ms: 990, lastActivity: T0 - 65_000, capabilities: ['search'] }),
      agent('writer', { status: 'error', failed: 3, capabilities: ['write'] }),
      agent('notifier', { status: 'offline' }),
    ],
    workflows: [
      workflow('daily-report', { triggers: [{ kind: 'cron', detail: '0 9 * * * Europe/Paris' }], nextFire: T0 + 245_000, lastOutcome: { runId: 'r1', status: 'completed', at: T0 - 86_400_000 }, activeRuns: 1 }),
      workflow('triage', { triggers: [{ kind: 'event', detail: 'error_occurred' }], paused: true, lastOutcome: { runId: 'r0', status: 'failed', at: T0 - 60_000 } }),
      workflow('summarise', { inputs: [{ name: 'text', type: 'string', required: true, description: 'what to summarise' }, { name: 'words', type: 'integer', required: false, default: 100, description: null }] }),
    ],
    runs: [
      run('run-aaaa-000001', 'daily-report', {
        startedAt: T0 - 12_000,
        steps: [
          step('fetch', { status: 'completed', attempt: 1, agentId: 'researcher', startedAt: T0 - 12_000, endedAt: T0 - 10_800 }),
          step('analyse', { status: 'retrying', attempt: 2, maxAttempts: 3, retryAt: T0 + 3200, needs: ['fetch'], agentId: 'planner', startedAt: T0 - 10_000 }),
          step('draft', { status: 'in_doubt', attempt: 1, needs: ['fetch'], agentId: 'writer', startedAt: T0 - 9_000 }),
          step('publish', { status: 'pending', needs: ['analyse', 'draft'] }),
        ],
      }),
      run('run-bbbb-000002', 'triage', { status: 'failed', startedAt: T0 - 70_000, endedAt: T0 - 60_000, error: 'step classify failed: timeout', steps: [step('classify', { status: 'failed', attempt: 3, maxAttempts: 3, startedAt: T0 - 70_000, endedAt: T0 - 60_000, error: 'timeout after 10s' }), step('route', { status: 'skipped', needs: ['classify'] })] }),
    ],
    events: [
      event('e1', { type: 'task_request', priority: 'normal', source: 'engine', target: 'planner', time: T0 - 3000, summary: 'analyse for run-aaaa' }),
      event('e2', { type: 'error_occurred', priority: 'high', source: 'writer', time: T0 - 2000, summary: 'draft crashed' }),
      event('e3', { type: 'task_complete', priority: 'low', source: 'researcher', target: 'engine', time: T0 - 1000, summary: 'fetch done' }),
    ],
    alerts: [alert('a1', { level: 'critical', metric: 'error_rate', message: '0.31 > 0.2', time: T0 - 30_000 }), alert('a0', { active: false, time: T0 - 90_000 })],
    lastReload: { at: T0 - 20_000, ok: true, diagnostics: [] },
  });
}

/** A mutable source for tests: `set` replaces the snapshot and tells subscribers. */
export class TestSource implements SnapshotSource {
  private listeners = new Set<() => void>();
  constructor(private current: Snapshot) {}
  getSnapshot = (): Snapshot => this.current;
  subscribe = (l: () => void): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };
  set(next: Snapshot): void {
    this.current = next;
    for (const l of [...this.listeners]) l();
  }
  get subscribers(): number {
    return this.listeners.size;
  }
}

export type Call = [name: keyof TuiCommands, ...args: unknown[]];

/** A step's transcript a test pushes to the TUI, as the runtime does after each turn or call (key `run/step`). */
export class TranscriptFeed {
  current: Transcript | null = null;
  readonly listeners = new Set<(t: Transcript | null) => void>();
  push(t: Transcript | null): void {
    this.current = t;
    for (const l of [...this.listeners]) l(t);
  }
}

export function transcript(turns: Partial<TranscriptTurn>[]): Transcript {
  const full = turns.map((t, i): TranscriptTurn => ({ seq: i + 1, attempt: 1, final: false, content: null, promptTokens: 10, completionTokens: 5, durationMs: 1200, at: T0, calls: [], ...t }));
  return { turns: full, promptTokens: full.reduce((n, t) => n + t.promptTokens, 0), completionTokens: full.reduce((n, t) => n + t.completionTokens, 0) };
}

export function toolCall(callId: string, o: Partial<TranscriptCall> = {}): TranscriptCall {
  return { callId, tool: 'search', kind: 'capability', args: { q: 'x' }, status: 'ok', result: '{"hits":3}', durationMs: 300, ...o };
}

/** Records what the TUI asked for: the TUI's own outgoing contract. */
export function recordingCommands(opts: { fail?: string; quit?: Promise<void>; transcripts?: Record<string, TranscriptFeed> } = {}): { commands: TuiCommands; calls: Call[]; watches: string[] } {
  const calls: Call[] = [];
  const watches: string[] = [];
  const rec = async (call: Call) => {
    calls.push(call);
    if (opts.fail) throw new Error(opts.fail);
  };
  const commands: TuiCommands = {
    runWorkflow: async (id, inputs) => (await rec(['runWorkflow', id, inputs]), { runId: `run-new-${calls.length}` }),
    cancelRun: (id) => rec(['cancelRun', id]),
    retryStep: (r, s) => rec(['retryStep', r, s]),
    skipStep: (r, s) => rec(['skipStep', r, s]),
    pauseSchedule: (w) => rec(['pauseSchedule', w]),
    resumeSchedule: (w) => rec(['resumeSchedule', w]),
    stepDetail: async (r, s) => (
      await rec(['stepDetail', r, s]),
      { runId: r, stepId: s, task: 'work', status: 'failed', attempt: 2, maxAttempts: 2, agentId: 'w', with: { text: '${{ inputs.topic }}' }, output: null, error: 'exit code 3: the whole error, not cut to a row', startedAt: T0 - 2000, endedAt: T0 }
    ),
    answerApproval: (r, s, a) => rec(['answerApproval', r, s, a]),
    // A subscription, not an intent: kept out of `calls` (see `watches`).
    watchTranscript: (r, s, listener) => {
      watches.push(`${r}/${s}`);
      const t = opts.transcripts?.[`${r}/${s}`];
      if (t) t.listeners.add(listener);
      listener(t?.current ?? null);
      return () => void t?.listeners.delete(listener);
    },
    quit: () => {
      calls.push(['quit']);
      return opts.quit ?? Promise.resolve();
    },
  };
  return { commands, calls, watches };
}
