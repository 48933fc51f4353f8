// The runtime's state snapshot: one plain, JSON-serialisable picture of a running project.
// The TUI, `amas status --json`, the control API and MCP `get_system_status` all read this same
// shape, so it lives in core (the leaf) and depends on nothing but core types.
//
// Conventions: every time is milliseconds since the Unix epoch (UTC), `null` when unknown or not
// yet happened; durations are milliseconds. Snapshots are immutable values: a source hands out a
// new object when anything changes and the same object otherwise (useSyncExternalStore relies on it).
import type { Diagnostic } from './diagnostic.ts';
import type { EventPriority, EventType } from './events.ts';
import type { Transcript } from './transcript.ts';

/** Bumped when a field changes meaning or disappears; adding a field does not bump it. */
export const SNAPSHOT_VERSION = 1;

export type Health = 'healthy' | 'warning' | 'critical';
export type AgentStatus = 'idle' | 'working' | 'error' | 'offline';
/** A run is `waiting` while a step is `in_doubt` or waits for approval and nothing else can proceed: a person must act. */
export type RunStatus = 'queued' | 'running' | 'waiting' | 'completed' | 'failed' | 'cancelled' | 'budget_exceeded';
export type StepStatus =
  | 'pending'
  | 'running'
  | 'retrying'
  | 'completed'
  | 'failed'
  | 'skipped'
  | 'cancelled'
  | 'in_doubt'
  /** An approval step waiting for a person's answer. */
  | 'waiting';
export type AlertLevel = 'info' | 'warning' | 'critical';
export type TriggerKind = 'cron' | 'event' | 'file' | 'manual';

/** Run statuses after which nothing more happens to the run. */
export const FINAL_RUN_STATUSES: readonly RunStatus[] = ['completed', 'failed', 'cancelled', 'budget_exceeded'];

export interface Snapshot {
  version: typeof SNAPSHOT_VERSION;
  /** When this snapshot was taken. */
  takenAt: number;
  /**
   * `stopping` from the first quit/SIGINT until the runtime has stopped. `offline`: no runtime
   * is up; `amas status` built this from the spec files and the store (agents offline, no events,
   * unfinished runs `queued` until the next `amas up` resumes them).
   */
  state: 'running' | 'stopping' | 'offline';
  project: { name: string; dir: string };
  /** When the runtime started; uptime = takenAt - startedAt. */
  startedAt: number;
  health: Health;
  counts: SnapshotCounts;
  /** The last hot reload (or the initial load); null before the first one. */
  lastReload: ReloadResult | null;
  agents: AgentSnapshot[];
  workflows: WorkflowSnapshot[];
  /** Active runs first (newest first), then the most recent finished ones (newest first), bounded. */
  runs: RunSnapshot[];
  /** The most recent events, oldest first, bounded. */
  events: EventSnapshot[];
  /** Active alerts and recently resolved ones, newest first. */
  alerts: AlertSnapshot[];
  /**
   * With a PostgreSQL store: the queue workers as last read (once per monitoring interval while
   * `amas up` runs; absent before the first read, with the embedded store, or when monitoring is off).
   */
  workers?: WorkerSnapshot[];
  /** false: this runtime executes no steps itself (`amas up --no-work`), only workers do; absent means true. */
  work?: boolean;
  /**
   * This process's role: `single` with the embedded store (the one writer); on a PostgreSQL store
   * `leader` (scheduler, triggers, adopting runs) or `standby` (serves, drives the runs started
   * here, takes over when the leader dies). Offline: `single` for the embedded store, absent for
   * PostgreSQL (no process of this machine has a role; `processes` lists those that do).
   */
  role?: ProcessRole;
  /** On a PostgreSQL store: the processes driving runs on it (amas up, amas run), oldest first. */
  processes?: ProcessSnapshot[];
}

export type ProcessRole = 'single' | 'leader' | 'standby';

/** A process registered as a run driver on a PostgreSQL store. */
export interface ProcessSnapshot {
  id: string;
  role: 'leader' | 'standby' | 'run';
  host: string;
  pid: number;
  heartbeatAgeMs: number;
}

export interface SnapshotCounts {
  agents: number;
  agentsWorking: number;
  workflows: number;
  runsActive: number;
  /** Since the runtime started. */
  runsCompleted: number;
  runsFailed: number;
  /** Events published since the runtime started (not just those in `events`). */
  events: number;
  alertsActive: number;
}

export type SnapshotDiagnostic = Pick<Diagnostic, 'file' | 'line' | 'column' | 'severity' | 'code' | 'message'>;

export interface ReloadResult {
  at: number;
  /** false: the change was invalid and the last good spec is still running. */
  ok: boolean;
  diagnostics: SnapshotDiagnostic[];
}

export interface AgentSnapshot {
  id: string;
  domain: string | null;
  status: AgentStatus;
  inFlight: number;
  concurrency: number;
  completed: number;
  failed: number;
  /** Average and 95th-percentile task duration; null before the first task. */
  avgMs: number | null;
  p95Ms: number | null;
  lastActivity: number | null;
  capabilities: string[];
}

export interface TriggerSummary {
  kind: TriggerKind;
  /** Human text: the cron expression (+ zone), event type (+ filter), glob, or "manual". */
  detail: string;
}

/** One declared run input, enough for a prompt to ask for it. */
export interface WorkflowInput {
  name: string;
  /** JSON Schema `type` when it is a single string, else null. */
  type: string | null;
  required: boolean;
  /** The schema's default, if any (JSON value). */
  default?: unknown;
  description: string | null;
}

export interface WorkflowSnapshot {
  id: string;
  description: string | null;
  triggers: TriggerSummary[];
  inputs: WorkflowInput[];
  /** Next cron fire; null when there is no cron trigger or the schedule is paused. */
  nextFire: number | null;
  lastOutcome: { runId: string; status: RunStatus; at: number } | null;
  paused: boolean;
  activeRuns: number;
}

export interface RunSnapshot {
  id: string;
  workflowId: string;
  status: RunStatus;
  trigger: TriggerKind;
  startedAt: number;
  endedAt: number | null;
  /** Steps in a final state (completed, failed, skipped, cancelled) out of all steps. */
  progress: { done: number; total: number };
  /** In DAG order (a step comes after every step it needs). */
  steps: StepSnapshot[];
  /** Why the run failed, when it did. */
  error: string | null;
  /** A sub-workflow's run: the run and step that started it (absent or null for a top-level run). */
  parent?: { runId: string; stepId: string } | null;
}

export interface StepSnapshot {
  id: string;
  task: string;
  /** The agent of the current or last attempt; null before routing. */
  agentId: string | null;
  status: StepStatus;
  /** 1-based number of the current or last attempt; 0 before the first. */
  attempt: number;
  maxAttempts: number;
  /** When the next attempt starts, while `retrying`. */
  retryAt: number | null;
  startedAt: number | null;
  endedAt: number | null;
  needs: string[];
  error: string | null;
  /** While `waiting`: what the approver is asked, and until when (null: no timeout). */
  approval?: StepApproval;
}

/** A step's open approval: the step's own, or (with `callId`) one of its agent loop's tool calls. */
export interface StepApproval {
  prompt: string;
  requestedAt: number;
  deadline: number | null;
  /** The tool call that waits, for a per-tool approval; absent for an approval step. */
  callId?: string;
  /** The form the approver fills (the approval's `input` schema, one field per property); absent: no form. */
  fields?: WorkflowInput[];
}

export interface EventSnapshot {
  id: string;
  type: EventType;
  priority: EventPriority;
  source: string;
  /** null: broadcast. */
  target: string | null;
  time: number;
  /** One line describing the event's data. */
  summary: string;
}

/** A queue worker (`amas worker`) on a PostgreSQL store: src/core/workers.ts builds it from the store's row. */
export interface WorkerSnapshot {
  id: string;
  host: string;
  pid: number;
  concurrency: number;
  /** Counters as of its last heartbeat. */
  inFlight: number;
  completed: number;
  failed: number;
  startedAt: number;
  /** Its last heartbeat (the worker host's clock). */
  heartbeatAt: number;
  /** When the row was read; `heartbeatAgeMs` = readAt - heartbeatAt (0 when clocks disagree). */
  readAt: number;
  heartbeatAgeMs: number;
  /** No heartbeat for more than three heartbeat periods (`WORKER_STALE_MS`). */
  stale: boolean;
}

export interface AlertSnapshot {
  id: string;
  level: AlertLevel;
  metric: string;
  message: string;
  time: number;
  active: boolean;
}

/**
 * Where a view reads snapshots from: `useSyncExternalStore(subscribe, getSnapshot)`.
 * getSnapshot must return the same object while nothing has changed; listeners are called
 * after a change (possibly very often: views throttle on their side).
 */
export interface SnapshotSource {
  getSnapshot(): Snapshot;
  subscribe(listener: () => void): () => void;
}

/**
 * What the TUI asks of the runtime. Each call may reject with an error whose message the
 * TUI shows on its status line; the TUI never retries by itself.
 */
/** One step of a run in full, for the console's step detail view (`d` on a selected step). */
export interface StepDetail {
  runId: string;
  stepId: string;
  task: string;
  status: StepSnapshot['status'];
  attempt: number;
  maxAttempts: number;
  agentId: string | null;
  /** The step's `with:` as the workflow file wrote it (expressions unrendered); null when it has none. */
  with: unknown;
  /** The stored output; null until the step completed. */
  output: unknown;
  /** The whole error (or skip reason), not cut to a row. */
  error: string | null;
  startedAt: number | null;
  endedAt: number | null;
}

/** A person's answer from the TUI (`by` is set by the runtime). */
export interface TuiApprovalAnswer {
  approved: boolean;
  comment?: string;
  /** The approval form's values. */
  input?: Record<string, unknown>;
  /** The tool call answered, for a per-tool approval (omitted: the step's one pending approval). */
  callId?: string;
}

export interface TuiCommands {
  /** The full record of one step (its stored output, whole error, attempts). */
  stepDetail(runId: string, stepId: string): Promise<StepDetail>;
  /** Answers a waiting approval the way every face does; rejects when refused (already answered, bad input). */
  answerApproval(runId: string, stepId: string, answer: TuiApprovalAnswer): Promise<void>;
  /**
   * Follows an llm step's agent-loop transcript: `listener` gets the journaled transcript now
   * (null: the step ran no loop yet) and again after each model turn and tool call of the step.
   * Returns the function that stops following.
   */
  watchTranscript(runId: string, stepId: string, listener: (t: Transcript | null) => void): () => void;
  /** Starts a run by hand (a manual trigger) with the given inputs. */
  runWorkflow(workflowId: string, inputs: Record<string, unknown>): Promise<{ runId: string }>;
  cancelRun(runId: string): Promise<void>;
  /** Runs an `in_doubt` step again. */
  retryStep(runId: string, stepId: string): Promise<void>;
  /** Marks an `in_doubt` step skipped so the run can go on. */
  skipStep(runId: string, stepId: string): Promise<void>;
  pauseSchedule(workflowId: string): Promise<void>;
  resumeSchedule(workflowId: string): Promise<void>;
  /**
   * Graceful stop, as SIGINT: the first call starts it (the snapshot's state becomes
   * `stopping`) and resolves when the runtime has stopped; a second call means "now", as a
   * second signal does. The TUI exits when the first call settles.
   */
  quit(): Promise<void>;
}
