import type {
  AlertSnapshot,
  EventSnapshot,
  Health,
  ReloadResult,
  RunSnapshot,
  RunStatus,
  Snapshot,
  StepSnapshot,
  TriggerKind,
  WorkflowInput,
  WorkflowSnapshot,
  WorkerSnapshot,
  AgentSnapshot as CoreAgentSnapshot,
} from '../core/index.ts';
import { SNAPSHOT_VERSION, stepLabel, type WorkflowSpec } from '../core/index.ts';
import type { AgentSnapshot } from '../agents/index.ts';
import type { BusEvent } from '../bus/index.ts';
import type { EngineEvent, StepResult } from '../engine/index.ts';
import { approvalFields } from './workflow-info.ts';

const MAX_FINISHED_RUNS = 50;
const MAX_EVENTS = 200;
const MAX_RESOLVED_ALERTS = 20;

interface LiveRun {
  snap: RunSnapshot;
  steps: Map<string, StepSnapshot>;
  /** The approval forms of the run's approval steps (from its spec), shown while a step waits. */
  forms?: Map<string, WorkflowInput[]>;
}

/** What the builder reads from the live runtime each time a snapshot is taken. */
export interface SnapshotInputs {
  now: number;
  state: Snapshot['state'];
  project: { name: string; dir: string };
  startedAt: number;
  /** The monitor's overall health when monitoring is on: `amas status` and `amas health` read one source. */
  health?: Health;
  agents: AgentSnapshot[];
  workflows: Omit<WorkflowSnapshot, 'lastOutcome' | 'activeRuns'>[];
  role?: Snapshot['role'];
  processes?: Snapshot['processes'];
  /** The queue workers as the monitor last read them (PostgreSQL store). */
  workers?: WorkerSnapshot[] | undefined;
  /** false: the runtime executes no steps itself (`--no-work`). */
  work?: boolean;
}

/**
 * Folds engine, bus and reload events into the parts of the snapshot that only events can tell
 * (runs and their steps, recent events, alerts, the last reload) and assembles an immutable
 * Snapshot on demand. A snapshot is rebuilt only after something changed.
 */
export class SnapshotBuilder {
  private readonly runs = new Map<string, LiveRun>();
  private readonly events: EventSnapshot[] = [];
  private readonly alerts = new Map<string, AlertSnapshot>();
  private readonly lastOutcome = new Map<string, WorkflowSnapshot['lastOutcome']>();
  private lastReload: ReloadResult | null = null;
  private eventCount = 0;
  private runsCompleted = 0;
  private runsFailed = 0;
  private cached: Snapshot | undefined;

  /** `mask`: the project's secrets masked in each snapshot as it is built (the TUI's and status's one choke point). */
  constructor(private readonly mask: <T>(value: T) => T = (v) => v) {}

  invalidate(): void {
    this.cached = undefined;
  }

  /** The snapshot built since the last change, if any: a caller can skip gathering inputs. */
  current(): Snapshot | undefined {
    return this.cached;
  }

  reload(result: ReloadResult): void {
    this.lastReload = result;
    this.invalidate();
  }

  /**
   * Finished runs from before this process (newest first), shown until newer runs push them out;
   * each workflow's last outcome comes from them until a run of its own finishes.
   */
  history(runs: readonly RunSnapshot[]): void {
    for (const r of runs) {
      if (r.endedAt === null || this.runs.has(r.id)) continue;
      this.runs.set(r.id, { snap: { ...r, steps: [] }, steps: new Map(r.steps.map((st) => [st.id, st])) });
      if (!this.lastOutcome.has(r.workflowId)) this.lastOutcome.set(r.workflowId, { runId: r.id, status: r.status, at: r.endedAt });
    }
    this.trimFinished();
    this.invalidate();
  }

  /** Registers a run about to start so its steps show as pending before the engine reports. */
  runStarting(runId: string, spec: WorkflowSpec, trigger: TriggerKind, now: number, parent?: RunSnapshot['parent']): void {
    if (this.runs.has(runId)) return;
    const steps = new Map<string, StepSnapshot>();
    const forms = new Map<string, WorkflowInput[]>();
    for (const s of orderSteps(spec)) {
      const form = approvalFields(s.approval?.input);
      if (form) forms.set(s.id, form);
      steps.set(s.id, {
        id: s.id, task: stepLabel(s), agentId: s.agent ?? null, status: 'pending', attempt: 0,
        maxAttempts: s.retry?.attempts ?? 3, retryAt: null, startedAt: null, endedAt: null, needs: s.needs ?? [], error: null,
      });
    }
    this.runs.set(runId, {
      snap: { id: runId, workflowId: spec.id, status: 'running', trigger, startedAt: now, endedAt: null, progress: { done: 0, total: steps.size }, steps: [], error: null, parent: parent ?? null },
      steps,
      ...(forms.size ? { forms } : {}),
    });
    this.invalidate();
  }

  engineEvent(e: EngineEvent, now: number): void {
    const run = this.runs.get(e.runId);
    if (!run) return;
    switch (e.type) {
      case 'run_started':
        run.snap = { ...run.snap, status: 'running', ...(e.parent ? { parent: { runId: e.parent.runId, stepId: e.parent.stepId } } : {}) };
        break;
      case 'step_started':
        this.patchStep(run, e.stepId, { status: 'running', attempt: e.attempt, maxAttempts: e.maxAttempts, agentId: e.agent ?? null, startedAt: now, retryAt: null, error: null });
        break;
      case 'step_retrying':
        this.patchStep(run, e.stepId, { status: 'retrying', attempt: e.attempt, maxAttempts: e.maxAttempts, retryAt: now + e.delayMs, error: e.error.message });
        break;
      case 'step_finished':
        this.patchStep(run, e.stepId, stepPatch(e.result, now));
        run.snap = { ...run.snap, progress: { done: e.finished, total: e.total } };
        if (e.result.status === 'in_doubt') run.snap = { ...run.snap, status: 'waiting' };
        break;
      case 'approval_requested': {
        const form = e.callId === undefined ? run.forms?.get(e.stepId) : undefined;
        const approval = { prompt: e.prompt, requestedAt: e.requestedAt, deadline: e.deadline ?? null, ...(e.callId === undefined ? {} : { callId: e.callId }), ...(form ? { fields: form } : {}) };
        // A tool call's approval leaves its llm step running: the step only carries what waits.
        this.patchStep(run, e.stepId, e.callId === undefined ? { status: 'waiting', startedAt: e.requestedAt, error: null, approval } : { approval });
        run.snap = { ...run.snap, status: 'waiting' };
        break;
      }
      case 'approval_answered': {
        // A tool call's answer ends that wait only (the step keeps running); an approval step's
        // prompt stays until the step finishes.
        const cur = run.steps.get(e.stepId);
        if (e.callId !== undefined && cur?.approval?.callId === e.callId) {
          const { approval: _answered, ...rest } = cur;
          run.steps.set(e.stepId, rest);
        }
        run.snap = { ...run.snap, status: 'running' };
        break;
      }
      case 'run_finished': {
        const status = e.result.status === 'pending' ? 'queued' : (e.result.status as RunStatus);
        const waiting = e.result.waiting.length > 0 && status === 'running';
        run.snap = { ...run.snap, status: waiting ? 'waiting' : status, endedAt: waiting ? null : (e.result.endedAt ?? now), error: e.result.error ?? null };
        for (const [id, r] of Object.entries(e.result.steps)) this.patchStep(run, id, stepPatch(r, now), true);
        if (!waiting) {
          if (status === 'completed') this.runsCompleted += 1;
          else this.runsFailed += 1;
          this.lastOutcome.set(run.snap.workflowId, { runId: run.snap.id, status, at: run.snap.endedAt ?? now });
          this.trimFinished();
        }
        break;
      }
    }
    this.invalidate();
  }

  busEvent(e: BusEvent): void {
    this.eventCount += 1;
    this.events.push({
      id: e.id, type: e.type, priority: e.priority, source: e.source, target: e.target ?? null, time: e.timestamp, summary: describeEvent(e.data),
    });
    if (this.events.length > MAX_EVENTS) this.events.splice(0, this.events.length - MAX_EVENTS);
    this.invalidate();
  }

  alert(a: AlertSnapshot): void {
    this.alerts.set(a.id, a);
    const resolved = [...this.alerts.values()].filter((x) => !x.active).sort((x, y) => y.time - x.time);
    for (const old of resolved.slice(MAX_RESOLVED_ALERTS)) this.alerts.delete(old.id);
    this.invalidate();
  }

  isActive(runId: string): boolean {
    const r = this.runs.get(runId);
    return r !== undefined && r.snap.endedAt === null;
  }

  activeRunIds(workflowId?: string): string[] {
    return [...this.runs.values()].filter((r) => r.snap.endedAt === null && (!workflowId || r.snap.workflowId === workflowId)).map((r) => r.snap.id);
  }

  build(inputs: SnapshotInputs): Snapshot {
    if (this.cached) return this.cached;
    const runs = [...this.runs.values()].map((r) => ({ ...r.snap, steps: [...r.steps.values()] }));
    const active = runs.filter((r) => r.endedAt === null).sort((a, b) => b.startedAt - a.startedAt);
    const finished = runs.filter((r) => r.endedAt !== null).sort((a, b) => (b.endedAt ?? 0) - (a.endedAt ?? 0));
    const alerts = [...this.alerts.values()].sort((a, b) => Number(b.active) - Number(a.active) || b.time - a.time);
    const activeAlerts = alerts.filter((a) => a.active);
    const health: Health = inputs.health ?? (activeAlerts.some((a) => a.level === 'critical') ? 'critical' : activeAlerts.some((a) => a.level === 'warning') ? 'warning' : 'healthy');
    const agents: CoreAgentSnapshot[] = inputs.agents.map((a) => ({
      id: a.id, domain: a.domain ?? null, status: a.status, inFlight: a.inFlight, concurrency: a.concurrency,
      completed: a.metrics.completed, failed: a.metrics.failed,
      avgMs: a.metrics.completed + a.metrics.failed > 0 ? Math.round(a.metrics.avgMs) : null,
      p95Ms: a.metrics.completed + a.metrics.failed > 0 ? Math.round(a.metrics.p95Ms) : null,
      lastActivity: a.metrics.lastActivity ?? null, capabilities: a.capabilities,
    }));
    const workflows: WorkflowSnapshot[] = inputs.workflows.map((w) => ({
      ...w, lastOutcome: this.lastOutcome.get(w.id) ?? null, activeRuns: active.filter((r) => r.workflowId === w.id).length,
    }));
    this.cached = this.mask<Snapshot>({
      version: SNAPSHOT_VERSION, takenAt: inputs.now, state: inputs.state, project: inputs.project, startedAt: inputs.startedAt, health,
      counts: {
        agents: agents.length, agentsWorking: agents.filter((a) => a.status === 'working').length, workflows: workflows.length,
        runsActive: active.length, runsCompleted: this.runsCompleted, runsFailed: this.runsFailed, events: this.eventCount, alertsActive: activeAlerts.length,
      },
      lastReload: this.lastReload, agents, workflows, runs: [...active, ...finished], events: [...this.events], alerts,
      ...(inputs.role === undefined ? {} : { role: inputs.role }),
      ...(inputs.processes === undefined ? {} : { processes: inputs.processes }),
      ...(inputs.workers === undefined ? {} : { workers: inputs.workers }),
      ...(inputs.work === false ? { work: false } : {}),
    });
    return this.cached;
  }

  private patchStep(run: LiveRun, stepId: string, patch: Partial<StepSnapshot>, keepTimes = false): void {
    const cur = run.steps.get(stepId);
    if (!cur) return;
    const next = { ...cur, ...patch };
    if (keepTimes) {
      next.startedAt = cur.startedAt ?? next.startedAt;
      next.endedAt = cur.endedAt ?? next.endedAt;
    }
    run.steps.set(stepId, next);
  }

  private trimFinished(): void {
    const finished = [...this.runs.values()].filter((r) => r.snap.endedAt !== null).sort((a, b) => (a.snap.endedAt ?? 0) - (b.snap.endedAt ?? 0));
    for (const r of finished.slice(0, Math.max(0, finished.length - MAX_FINISHED_RUNS))) this.runs.delete(r.snap.id);
  }
}

function stepPatch(r: StepResult, now: number): Partial<StepSnapshot> {
  const base: Partial<StepSnapshot> = { status: r.status, attempt: r.attempt, retryAt: null };
  if ('agent' in r && r.agent) base.agentId = r.agent;
  if (r.status === 'completed' || r.status === 'failed' || r.status === 'skipped' || r.status === 'cancelled') base.endedAt = now;
  base.error = r.status === 'skipped' ? r.reason : (r.error?.message ?? null);
  return base;
}

/** Steps in DAG order: each after every step it needs (ties in declaration order). */
export function orderSteps(spec: WorkflowSpec): WorkflowSpec['steps'][number][] {
  const byId = new Map(spec.steps.map((s) => [s.id, s]));
  const out: WorkflowSpec['steps'][number][] = [];
  const seen = new Set<string>();
  const visit = (id: string, depth: number) => {
    const s = byId.get(id);
    if (!s || seen.has(id) || depth > spec.steps.length) return;
    for (const n of s.needs ?? []) visit(n, depth + 1);
    if (!seen.has(id)) {
      seen.add(id);
      out.push(s);
    }
  };
  for (const s of spec.steps) visit(s.id, 0);
  return out;
}

/**
 * One readable line for the events feed: the known shapes (tasks, runs, agents, reloads,
 * alerts) in words, anything else as compact JSON.
 */
export function describeEvent(data: unknown): string {
  if (data && typeof data === 'object' && !Array.isArray(data)) {
    const d = data as Record<string, unknown>;
    const ms = (v: unknown) => (typeof v === 'number' ? ` ${Math.round(v)}ms` : '');
    if (typeof d.taskType === 'string') return `${d.taskType}${d.stepId ? ` (step ${String(d.stepId)})` : ''}${ms(d.durationMs)}${d.error ? `: ${String(d.error)}` : ''}`;
    if (typeof d.run_id === 'string' && typeof d.workflow === 'string') {
      return `run ${d.workflow} ${typeof d.status === 'string' ? d.status : 'completed'}${ms(d.duration_ms)}${d.reason ? `: ${String(d.reason)}` : ''}`;
    }
    if (d.kind === 'agent') return `agent ${String(d.agentId)} ${String(d.state)}${d.reason ? ` (${String(d.reason)})` : ''}`;
    if (d.kind === 'reloaded') return 'specs reloaded';
    if (d.kind === 'reload_failed') return `reload rejected: ${Array.isArray(d.diagnostics) ? d.diagnostics.length : 0} problem(s)`;
    if ((d.kind === 'alert' || d.kind === 'alert_resolved') && typeof d.message === 'string') return `${d.kind === 'alert' ? 'alert' : 'resolved'}: ${d.message}`;
  }
  return summarize(data);
}

function summarize(data: unknown): string {
  if (data === undefined || data === null) return '';
  if (typeof data === 'string') return data.slice(0, 120);
  let text: string;
  try {
    text = JSON.stringify(data) ?? '';
  } catch {
    text = String(data);
  }
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}
