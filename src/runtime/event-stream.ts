// The one sequenced stream of what happens in a project (docs/architecture.md "The event stream").
// Every consumer — the TUI's snapshot, the JSON-line log, `amas run`, `amas events tail`, the
// HTTP SSE endpoints, OpenTelemetry — reads this, so they cannot disagree. Events are masked
// once, here, when published: no consumer has to remember to.
import type { Clock } from '../core/index.ts';
import type { EngineEvent } from '../engine/index.ts';

/** Who or what started a run: the face, and for trigger fires the fire's id. */
export interface RunOrigin {
  kind: 'manual' | 'cron' | 'event' | 'file' | 'queue' | 'resume' | 'child';
  /** The face a manual start came through. */
  via?: 'cli' | 'tui' | 'http' | 'mcp' | 'embed' | 'socket';
  fireId?: string;
}

/** What the runtime adds to the engine's own events. */
export type RuntimeOnlyEvent =
  /** An overlap gate queued the run (journaled), or refused it. */
  | { type: 'run_queued'; runId: string; workflow: string; origin: RunOrigin }
  | { type: 'run_refused'; workflow: string; origin: RunOrigin; reason: string }
  /** A bus event (the seed's seven types), as delivered. */
  | { type: 'bus_event'; event: { id: string; type: string; source: string; target?: string | undefined; priority: string; data: unknown; timestamp?: number } }
  | { type: 'alert'; name: string; severity: string; state: string; message: string }
  | { type: 'reload'; ok: boolean; files: string[]; errors: number; warnings: number }
  | { type: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; msg: string; fields?: Record<string, unknown> };

export type RuntimeEventBody = EngineEvent | RuntimeOnlyEvent;

/**
 * One event of the stream. `seq` grows by one per event for the life of the process (SSE ids and
 * `Last-Event-ID` are these); `at` is the clock's time of publication; run events also carry the
 * run's workflow so consumers can filter without keeping a map.
 */
export type RuntimeEvent = RuntimeEventBody & { seq: number; at: number; workflow?: string };

export type RuntimeEventType = RuntimeEvent['type'];

export interface EventFilter {
  types?: readonly string[];
  workflow?: string;
  runId?: string;
}

export function matchesFilter(e: RuntimeEvent, f: EventFilter | undefined): boolean {
  if (!f) return true;
  if (f.types && f.types.length > 0 && !f.types.includes(e.type)) return false;
  if (f.workflow !== undefined && e.workflow !== f.workflow) return false;
  if (f.runId !== undefined && runIdOf(e) !== f.runId) return false;
  return true;
}

export function runIdOf(e: RuntimeEventBody): string | undefined {
  return 'runId' in e && typeof e.runId === 'string' ? e.runId : undefined;
}

export interface EventStreamOptions {
  clock: Clock;
  /** The project's redactor: every event is masked once, on publish. */
  mask: <T>(value: T) => T;
  /** Events kept for replay (`subscribe({ after })`, SSE resume). Default 10,000. */
  capacity?: number;
  /**
   * The workflow of a run still going, for its events when the stream did not see the run start
   * (engine events reach the stream only once it is read: see `reading`).
   */
  workflowOf?: (runId: string) => string | undefined;
}

type Listener = (e: RuntimeEvent) => void;

/** Sequenced, masked, bounded-replay stream of runtime events; one per project. */
export class EventStream {
  private readonly ring: (RuntimeEvent | undefined)[];
  private readonly listeners = new Set<{ fn: Listener; filter: EventFilter | undefined }>();
  /** Run id → workflow, so step events carry their workflow; dropped when the run finishes. */
  private readonly workflows = new Map<string, string>();
  private next = 1;
  /**
   * Events are held for replay from the first subscription on: a stream nobody reads (a project
   * embedded without watchers) keeps nothing, which would otherwise cost its GC the tracing of up
   * to `capacity` retained step results (measured: ~a third of the engine's CPU per no-op step).
   * `amas up` subscribes at start (the snapshot, the log), so it holds from its first event.
   */
  private holding = false;
  private heldFrom = 1;

  constructor(private readonly opts: EventStreamOptions) {
    this.ring = new Array<RuntimeEvent | undefined>(Math.max(1, opts.capacity ?? 10_000));
  }

  /**
   * Whether anyone reads the stream, now or later (it holds events from the first subscription
   * or `hold()` on). Until then the engine is not asked for its events: building, masking and
   * sequencing two events per step that nobody can ever read cost an embedded project a third
   * of its CPU per no-op step (bench/README.md).
   */
  get reading(): boolean {
    return this.holding;
  }

  /** The sequence number of the newest event (0 before the first). */
  get lastSeq(): number {
    return this.next - 1;
  }

  /** The oldest sequence number still held for replay (`lastSeq + 1` while nothing is held). */
  get firstSeq(): number {
    if (!this.holding) return this.next;
    return Math.max(this.heldFrom, this.next - this.ring.length);
  }

  publish(body: RuntimeEventBody): RuntimeEvent {
    const masked = this.opts.mask(body);
    const runId = runIdOf(masked);
    let workflow: string | undefined;
    if ('workflow' in masked && typeof masked.workflow === 'string') workflow = masked.workflow;
    else if (masked.type === 'run_finished') workflow = masked.result.workflow;
    if (runId !== undefined) {
      if (workflow !== undefined) this.workflows.set(runId, workflow);
      else workflow = this.workflows.get(runId) ?? this.opts.workflowOf?.(runId);
      if (masked.type === 'run_finished') this.workflows.delete(runId);
    }
    const seq = this.next++;
    const event = { ...masked, seq, at: this.opts.clock.now(), ...(workflow === undefined ? {} : { workflow }) } as RuntimeEvent;
    if (this.holding) this.ring[seq % this.ring.length] = event;
    for (const l of this.listeners) {
      if (!matchesFilter(event, l.filter)) continue;
      try {
        l.fn(event);
      } catch {
        // A failing consumer must not stop the others or the run that published the event.
      }
    }
    return event;
  }

  /** Held events with seq > after, oldest first (those older than `firstSeq` are gone). */
  since(after: number, filter?: EventFilter): RuntimeEvent[] {
    const out: RuntimeEvent[] = [];
    for (let s = Math.max(after + 1, this.firstSeq); s < this.next; s++) {
      const e = this.ring[s % this.ring.length];
      if (e && e.seq === s && matchesFilter(e, filter)) out.push(e);
    }
    return out;
  }

  /**
   * Holds events for replay from now on: a reader that can subscribe only once it knows a run's
   * id (it is made by the start) calls this first and then subscribes `after` the seq it saw.
   */
  hold(): void {
    if (this.holding) return;
    this.holding = true;
    this.heldFrom = this.next;
  }

  /**
   * Calls `listener` for every later event that passes `filter`. With `after`, the held events
   * past it are delivered first, synchronously, so a resumed reader sees no gap and no repeat.
   */
  subscribe(listener: Listener, opts: { after?: number; filter?: EventFilter } = {}): () => void {
    this.hold();
    if (opts.after !== undefined) for (const e of this.since(opts.after, opts.filter)) listener(e);
    const entry = { fn: listener, filter: opts.filter };
    this.listeners.add(entry);
    return () => this.listeners.delete(entry);
  }
}
