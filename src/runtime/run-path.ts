// The one way into the engine for a new run (docs/architecture.md "The run path"). Every face —
// `amas run`, the TUI, the HTTP API, MCP, cron/event/file triggers and `openProject` embedders —
// calls `startRun`, so each gets the same manual-trigger rule, the same overlap gate, the same
// tracking (shutdown grace waits for every run started here) and the same trigger record.
import { AmasError, errorMessage, newId, type Clock, type Logger, type TriggerKind, type WorkflowSpec } from '../core/index.ts';
import { assertManual, type Engine, type RunHandle, type RunResult } from '../engine/index.ts';
import type { ProjectModel } from '../spec/index.ts';
import { RunGate, concurrencyOf } from '../triggers/index.ts';
import type { EventStream, RunOrigin } from './event-stream.ts';
import { journalQueued, startAdmitted, type QueuePorts } from './queued-runs.ts';
import { unknownWorkflow } from './unknown-workflow.ts';

/** What a face asks for: a declared workflow (or a validated `dynamic` one) and who asks. */
export interface RunRequest {
  workflow: string;
  inputs?: Record<string, unknown>;
  /** The face (`via`) of a manual start, or the trigger that fired. */
  origin: RunOrigin & { kind: TriggerKind };
  /** A dynamic workflow, already validated: it runs outside any overlap gate (it declares none that was reviewed). */
  dynamic?: WorkflowSpec;
}

/** A start request as it passes an overlap gate (and is journaled with a queued run). */
export interface Fire {
  inputs: Record<string, unknown>;
  trigger: TriggerKind;
  /** The face a manual start came through (kept in the run's trigger record). */
  via?: RunOrigin['via'];
  /** A cron fire's id, the same for every delivery of it (kept with the run). */
  fireId?: string;
  /** A queued fire runs the spec it was accepted with (journaled with it), whatever a reload brings. */
  pinned?: { spec: WorkflowSpec; hash: string };
}

/**
 * How a start request ended. A `queued` run is answered only after `durable` resolves: then its
 * journal row would survive a crash, and `amas up` starts it after a restart.
 */
export type StartOutcome =
  | { kind: 'started'; runId: string }
  | { kind: 'queued'; runId: string; durable: Promise<void> }
  | { kind: 'skipped'; runId: string; reason: string };

/** The trigger record a run keeps (`RunRow.trigger`): kind, face, cron fire id. */
export function originOf(fire: Pick<Fire, 'trigger' | 'via' | 'fireId'>): RunOrigin {
  return { kind: fire.trigger, ...(fire.via === undefined ? {} : { via: fire.via }), ...(fire.fireId === undefined ? {} : { fireId: fire.fireId }) };
}

export interface RunPathOptions {
  engine: Engine;
  /** The current model (a reload replaces it). */
  model(): ProjectModel;
  stream: EventStream;
  clock: Clock;
  logger: Logger;
}

type LaunchListener = (runId: string, spec: WorkflowSpec, fire: Fire) => void;

/** The project's runs: overlap gates, the runs going, and the one `startRun`. */
export class RunPath {
  private readonly gates = new Map<string, RunGate<Fire>>();
  private readonly handles = new Map<string, RunHandle>();
  /** Callers holding a handle of a queued run (`Project.start`): settled when it runs or is dropped. */
  private readonly waiters = new Map<string, { resolve(r: RunResult): void; handle?: RunHandle }>();
  private readonly launchListeners = new Set<LaunchListener>();
  private readonly failListeners = new Set<(runId: string, spec: WorkflowSpec, err: unknown) => void>();
  private stopping = false;

  constructor(private readonly opts: RunPathOptions) {}

  /** Called just before a run is handed to the engine (the TUI shows its steps as pending). */
  onLaunch(fn: LaunchListener): () => void {
    this.launchListeners.add(fn);
    return () => this.launchListeners.delete(fn);
  }

  /** Called when the engine refused to start a run the gate admitted (bad inputs…). */
  onLaunchFailed(fn: (runId: string, spec: WorkflowSpec, err: unknown) => void): () => void {
    this.failListeners.add(fn);
    return () => this.failListeners.delete(fn);
  }

  startRun(req: RunRequest): StartOutcome {
    const fire: Fire = {
      inputs: req.inputs ?? {},
      trigger: req.origin.kind,
      ...(req.origin.via === undefined ? {} : { via: req.origin.via }),
      ...(req.origin.fireId === undefined ? {} : { fireId: req.origin.fireId }),
    };
    if (req.dynamic) return this.startDynamic(req.dynamic, fire);
    return this.fire(req.workflow, fire);
  }

  /** A request that passed its face's checks, through the workflow's overlap gate. */
  fire(workflowId: string, fire: Fire): StartOutcome {
    const model = this.opts.model();
    const wf = model.workflows.get(workflowId);
    if (!wf) throw unknownWorkflow(model, workflowId);
    // Refused before the overlap gate, so a refused start is neither queued nor recorded.
    if (fire.trigger === 'manual') assertManual(wf.spec);
    const runId = newId('run_');
    if (this.stopping) return this.refuse(workflowId, runId, fire, 'amas is stopping');
    const gate = this.gateFor(wf.spec);
    const d = gate.request(runId, { ...fire, pinned: { spec: wf.spec, hash: wf.hash } });
    switch (d.kind) {
      case 'skip':
        this.opts.logger.info('run skipped by overlap policy', { workflow: workflowId, trigger: fire.trigger, reason: d.reason });
        return this.refuse(workflowId, runId, fire, d.reason);
      case 'queue': {
        this.opts.logger.info('run queued by overlap policy', { workflow: workflowId, position: d.position });
        const durable = journalQueued(this.queuePorts(), gate, wf.spec, wf.hash, runId, fire);
        this.opts.stream.publish({ type: 'run_queued', runId, workflow: workflowId, origin: originOf(fire) });
        return { kind: 'queued', runId, durable };
      }
      case 'cancel-previous-then-start':
        this.cancelSuperseded(d.cancel);
        break;
      case 'start':
        break;
    }
    try {
      this.launch(wf.spec, wf.hash, runId, fire);
    } catch (err) {
      this.afterRun(workflowId, runId);
      throw err;
    }
    return { kind: 'started', runId };
  }

  private refuse(workflow: string, runId: string, fire: Fire, reason: string): StartOutcome {
    this.opts.stream.publish({ type: 'run_refused', workflow, origin: originOf(fire), reason });
    return { kind: 'skipped', runId, reason };
  }

  private startDynamic(spec: WorkflowSpec, fire: Fire): StartOutcome {
    const runId = newId('run_');
    if (this.stopping) return this.refuse(spec.id, runId, fire, 'amas is stopping');
    this.launch(spec, undefined, runId, fire);
    return { kind: 'started', runId };
  }

  /** Hands an admitted run to the engine and tracks it (triggers and the queue call this too). */
  launch(specNow: WorkflowSpec, hashNow: string | undefined, runId: string, fire: Fire): void {
    const { spec, hash } = fire.pinned ?? { spec: specNow, hash: hashNow };
    for (const l of this.launchListeners) l(runId, spec, fire);
    let handle: RunHandle;
    try {
      handle = this.opts.engine.start(spec, fire.inputs, { runId, ...(hash === undefined ? {} : { hash }), trigger: originOf(fire) });
    } catch (err) {
      for (const l of this.failListeners) l(runId, spec, err);
      this.settleWaiter(runId, failedResult(runId, spec.id, err, this.opts.clock.now()));
      throw err;
    }
    this.opts.logger.info('run started', { run: runId, workflow: spec.id, trigger: fire.trigger });
    this.track(handle, spec.id);
  }

  /** Follows a run to its end: its gate slot is freed and the next queued run admitted. */
  track(handle: RunHandle, workflowId?: string): void {
    this.handles.set(handle.id, handle);
    const waiter = this.waiters.get(handle.id);
    if (waiter) waiter.handle = handle;
    handle.result.then(
      (r) => {
        this.settleWaiter(handle.id, r);
        this.afterRun(workflowId ?? r.workflow, handle.id);
      },
      (err: unknown) => {
        this.opts.logger.error('run crashed', { run: handle.id, error: errorMessage(err) });
        this.settleWaiter(handle.id, failedResult(handle.id, workflowId ?? '', err, this.opts.clock.now()));
        if (workflowId) this.afterRun(workflowId, handle.id);
      },
    );
  }

  /** A run resumed from the store holds a slot of its workflow's gate (if still declared). */
  adopt(h: RunHandle): void {
    const workflowId = this.opts.engine.get(h.id)?.workflow;
    const wf = workflowId === undefined ? undefined : this.opts.model().workflows.get(workflowId);
    if (wf) this.gateFor(wf.spec).adopt(h.id);
    this.track(h, wf?.spec.id);
  }

  /**
   * A handle for a run `startRun` answered: the engine's for a started run; for a queued one, a
   * handle whose result settles once the run has run (or was dropped from the queue).
   */
  handleOf(o: StartOutcome): RunHandle {
    const running = this.handles.get(o.runId);
    if (running) return running;
    if (o.kind === 'skipped') throw new AmasError('AMAS_RUN_SKIPPED', `not started: ${o.reason}`, { hint: 'the workflow’s concurrency policy refused a new run' });
    let resolve!: (r: RunResult) => void;
    const result = new Promise<RunResult>((res) => (resolve = res));
    const waiter: { resolve(r: RunResult): void; handle?: RunHandle } = { resolve };
    this.waiters.set(o.runId, waiter);
    return {
      id: o.runId,
      result,
      cancel: (reason) => {
        if (waiter.handle) waiter.handle.cancel(reason);
        else void this.cancel(o.runId, reason);
      },
    };
  }

  private settleWaiter(runId: string, r: RunResult): void {
    const w = this.waiters.get(runId);
    if (!w) return;
    this.waiters.delete(runId);
    w.resolve(r);
  }

  private afterRun(workflowId: string, runId: string): void {
    this.handles.delete(runId);
    const gate = this.gates.get(workflowId);
    if (!gate) return;
    startAdmitted(this.queuePorts(), gate, workflowId, runId, this.stopping);
  }

  /** Overlap `cancel-previous`: the runs a newer one replaces. */
  cancelSuperseded(runIds: readonly string[]): void {
    for (const id of runIds) this.handles.get(id)?.cancel('cancelled by a newer run (overlap: cancel-previous)');
  }

  /**
   * Cancels a run going here, or one still waiting in an overlap queue (journaled as queued, so
   * its cancellation is journaled too, or a restart would start it). False when the run is
   * neither, or is already stopping.
   */
  async cancel(runId: string, reason = 'cancelled by a person'): Promise<boolean> {
    if (this.handles.has(runId)) return this.opts.engine.cancel(runId, reason);
    if (!this.dropQueued(runId)) return false;
    const done = await this.opts.engine.cancelQueued(runId, reason);
    const now = this.opts.clock.now();
    this.settleWaiter(runId, { id: runId, workflow: '', status: 'cancelled', outputs: undefined, steps: {}, error: reason, waiting: [], attempt: 1, startedAt: now, endedAt: now });
    return done;
  }

  /** Waits for a run going here to end (or park on in_doubt steps). */
  waitFor(runId: string): Promise<RunResult> | undefined {
    return this.handles.get(runId)?.result;
  }

  /** Ids and handles of the runs going now (what the shutdown grace waits for). */
  active(): RunHandle[] {
    return [...this.handles.values()];
  }

  isActive(runId: string): boolean {
    return this.handles.has(runId);
  }

  /** No new runs from here on: every face is answered `skipped` ("amas is stopping"). */
  stopAccepting(): void {
    this.stopping = true;
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  gateFor(spec: WorkflowSpec): RunGate<Fire> {
    let gate = this.gates.get(spec.id);
    if (!gate) {
      gate = new RunGate<Fire>(concurrencyOf(spec));
      this.gates.set(spec.id, gate);
    }
    return gate;
  }

  /** The workflow's gate, if a run of it has ever asked for one. */
  gate(workflowId: string): RunGate<Fire> | undefined {
    return this.gates.get(workflowId);
  }

  /** Takes a queued fire out of whichever gate holds it; true when one did. */
  dropQueued(runId: string): boolean {
    for (const g of this.gates.values()) if (g.dropQueued(runId)) return true;
    return false;
  }

  /** Drops every queued fire (shutdown: queued runs stay journaled and come back on restart). */
  clearQueues(): void {
    for (const g of this.gates.values()) g.clearQueue();
  }

  /** Overlap limits follow the workflows after a reload; a raised limit starts queued runs. */
  applyLimits(specs: readonly WorkflowSpec[]): void {
    const model = this.opts.model();
    for (const spec of specs) {
      const gate = this.gates.get(spec.id);
      if (!gate) continue;
      for (const next of gate.setLimits(concurrencyOf(spec))) {
        const wf = model.workflows.get(spec.id);
        if (wf) this.launch(wf.spec, wf.hash, next.runId, next.fire);
      }
    }
  }

  queuePorts(): QueuePorts {
    return {
      engine: this.opts.engine,
      workflow: (id) => this.opts.model().workflows.get(id),
      gateFor: (spec) => this.gateFor(spec),
      cancelSuperseded: (ids) => this.cancelSuperseded(ids),
      launch: (spec, hash, runId, fire) => this.launch(spec, hash, runId, fire),
      logger: this.opts.logger,
    };
  }
}

function failedResult(runId: string, workflow: string, err: unknown, now: number): RunResult {
  return { id: runId, workflow, status: 'failed', outputs: undefined, steps: {}, error: errorMessage(err), waiting: [], attempt: 1, startedAt: now, endedAt: now };
}
