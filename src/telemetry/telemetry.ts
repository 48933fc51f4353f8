// Traces of a project's runs: which export target each run goes to, and the SDK loaded on first
// use. This file imports nothing of OpenTelemetry: pipeline.ts (and the SDK) are loaded by a
// dynamic import() only once traces are configured (docs/telemetry.md).
import { errorMessage, type Clock, type Logger } from '../core/index.ts';
import type { OtlpSettings } from './config.ts';
import type { TracedEvent } from './events.ts';
import type { Pipeline } from './pipeline.ts';

/** Events held while the SDK loads (a few ms); a run that floods past this loses its oldest spans' events. */
const MAX_PENDING = 10_000;
/** How long closing waits for the last export before giving up (a collector that hangs must not hang `amas run`). */
const CLOSE_TIMEOUT_MS = 8_000;

/** One export target: its pipeline once the SDK is loaded, the events that came before. */
class Target {
  pipeline: Pipeline | undefined;
  pending: TracedEvent[] = [];
  /** Runs whose spans go here (a run stays with the target it started on, across reloads). */
  readonly runs = new Set<string>();
  readonly ready: Promise<void>;
  failed = false;

  constructor(
    readonly key: string,
    settings: OtlpSettings,
    logger: Logger,
  ) {
    this.ready = import('./pipeline.ts').then(
      ({ Pipeline }) => {
        this.pipeline = new Pipeline(settings, logger);
        for (const e of this.pending) this.pipeline.handle(e);
        this.pending = [];
      },
      (err: unknown) => {
        this.failed = true;
        this.pending = [];
        logger.error('OpenTelemetry could not be loaded; runs are not traced', { error: errorMessage(err) });
      },
    );
  }

  handle(e: TracedEvent): void {
    if (this.pipeline) this.pipeline.handle(e);
    else if (!this.failed && this.pending.length < MAX_PENDING) this.pending.push(e);
  }

  async shutdown(at: number): Promise<void> {
    await this.ready;
    await this.pipeline?.shutdown(at);
  }
}

export interface TelemetryOptions {
  logger: Logger;
  clock: Clock;
}

/**
 * Feeds stream events to the export target configured when each run started. Reconfiguring (a
 * hot reload of amas.yaml) applies to new runs: runs already going finish on their old target,
 * which is then flushed and closed.
 */
export class Telemetry {
  private current: Target | undefined;
  private readonly byRun = new Map<string, Target>();
  private readonly retiring = new Set<Target>();
  private readonly closing = new Set<Promise<void>>();

  constructor(private readonly opts: TelemetryOptions) {}

  /** True while spans are being built: the runtime listens to the stream only then. */
  get active(): boolean {
    return this.current !== undefined || this.byRun.size > 0;
  }

  /** The export target of new runs (undefined: traces off). Same settings: nothing changes. */
  configure(settings: OtlpSettings | undefined): void {
    const key = settings === undefined ? '' : JSON.stringify(settings);
    if ((this.current?.key ?? '') === key) return;
    if (this.current) this.retire(this.current);
    this.current = settings === undefined ? undefined : new Target(key, settings, this.opts.logger);
  }

  handle(e: TracedEvent): void {
    let target: Target | undefined;
    if (e.type === 'run_started') {
      target = this.current;
      const before = this.byRun.get(e.runId);
      if (before && before !== target) this.release(before, e.runId);
      if (!target) return;
      target.runs.add(e.runId);
      this.byRun.set(e.runId, target);
    } else {
      target = this.byRun.get(e.runId);
      if (!target) return;
    }
    target.handle(e);
    if (e.type === 'run_finished') this.release(target, e.runId);
  }

  /** Ends the spans of unfinished runs, exports everything and waits (bounded) for the exports. */
  async close(): Promise<void> {
    const at = this.opts.clock.now();
    if (this.current) this.retire(this.current);
    this.current = undefined;
    for (const t of [...this.retiring]) this.shutdown(t, at);
    this.byRun.clear();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const limit = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, CLOSE_TIMEOUT_MS);
      timer.unref();
    });
    await Promise.race([Promise.all([...this.closing]), limit]);
    clearTimeout(timer);
  }

  private release(target: Target, runId: string): void {
    target.runs.delete(runId);
    if (this.byRun.get(runId) === target) this.byRun.delete(runId);
    if (this.retiring.has(target) && target.runs.size === 0) this.shutdown(target, this.opts.clock.now());
  }

  private retire(target: Target): void {
    this.retiring.add(target);
    if (target.runs.size === 0) this.shutdown(target, this.opts.clock.now());
  }

  private shutdown(target: Target, at: number): void {
    if (!this.retiring.delete(target)) return;
    const p = target.shutdown(at).catch((err: unknown) => this.opts.logger.warn('OpenTelemetry shutdown failed', { error: errorMessage(err) }));
    this.closing.add(p);
    void p.finally(() => this.closing.delete(p));
  }
}
