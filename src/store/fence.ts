/**
 * Why the store refuses writes, kept apart from the Store's write and checkpoint paths:
 * - the write fence: after a journal write or fsync fails, every write is refused until a retry
 *   (a checkpoint, driven by the Store) succeeds; retries back off on the store's clock;
 * - `recordRefused`: the error for one transaction whose record cannot be encoded.
 * The Store owns when a fence lifts (its checkpoint decides); this file owns the state, the
 * refusal and the retry schedule, so that the Store reads as the write path alone.
 */
import { AmasError, errorMessage, type Clock, type Logger, type TimerHandle } from '../core/index.ts';

const FENCE_RETRY_FIRST_MS = 200;
const FENCE_RETRY_MAX_MS = 5_000;

/** Writes are refused after an I/O error until a retry succeeds (see WriteFence.raise). */
export interface FenceState {
  /** The error that raised the fence, or the last retry's. */
  reason: string;
  since: number;
  retries: number;
}

/** One raised fence; compared by identity to tell whether a checkpoint ran before or after it. */
export type ActiveFence = FenceState & { timer: TimerHandle | undefined };

/** What the fence needs from its Store. */
export interface FenceHost {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly path: string;
  isClosed(): boolean;
  /** The retry: a checkpoint that lifts the fence (via `lift`) when it succeeds. */
  checkpoint(): Promise<unknown>;
}

export class WriteFence {
  private fenced: ActiveFence | undefined;

  constructor(private readonly host: FenceHost) {}

  /** The raised fence, if any (the object itself, for identity checks). */
  get active(): ActiveFence | undefined {
    return this.fenced;
  }

  /** A copy of the fence's state for callers: why, since when, how many retries failed. */
  get state(): FenceState | undefined {
    const f = this.fenced;
    return f && { reason: f.reason, since: f.since, retries: f.retries };
  }

  /** Throws AMAS_STORE_FENCED while a fence is raised. */
  refuseWrites(): void {
    const f = this.fenced;
    if (f) {
      throw new AmasError('AMAS_STORE_FENCED', `the store is refusing writes until its disk accepts them again: ${f.reason}`, {
        hint: 'free disk space or file descriptors; the store retries on its own and resumes writing once a retry succeeds',
      });
    }
  }

  /**
   * A journal write or fsync failed (ENOSPC, EMFILE, EIO…): refuse every write until a retry
   * succeeds. The retry is a checkpoint: it writes the whole in-memory state (which still holds
   * the changes whose journal write failed; their callers were told it failed, so they may or
   * may not be kept — none was acknowledged) to a fresh file, and then a fresh journal segment
   * is started. Retries back off from 200 ms to 5 s, on the store's clock.
   */
  raise(err: Error): void {
    if (this.fenced || this.host.isClosed()) return;
    this.fenced = { reason: errorMessage(err), since: this.host.clock.now(), retries: 0, timer: undefined };
    this.host.logger.error('store writes fenced: the journal could not be written', { error: errorMessage(err), path: this.host.path });
    this.scheduleRecovery();
  }

  /** The checkpoint that started while `f` was raised succeeded and the journal is writable again. */
  lift(f: ActiveFence): void {
    if (f.timer) this.host.clock.clearTimeout(f.timer);
    this.fenced = undefined;
    this.host.logger.info('store writes resumed', { path: this.host.path, fencedMs: this.host.clock.now() - f.since, retries: f.retries });
  }

  /** Stops the retries (the store is closing); the fence itself stays raised. */
  stop(): void {
    if (this.fenced?.timer) this.host.clock.clearTimeout(this.fenced.timer);
    if (this.fenced) this.fenced.timer = undefined;
  }

  private scheduleRecovery(): void {
    const f = this.fenced;
    const host = this.host;
    if (!f || host.isClosed() || f.timer) return;
    const delay = Math.min(FENCE_RETRY_FIRST_MS * 2 ** f.retries, FENCE_RETRY_MAX_MS);
    f.timer = host.clock.setTimeout(() => {
      f.timer = undefined;
      if (host.isClosed() || this.fenced !== f) return;
      host.checkpoint().then(
        () => {
          if (this.fenced === f) this.scheduleRecovery(); // the checkpoint ran before this fence
        },
        (err: unknown) => {
          f.retries += 1;
          f.reason = errorMessage(err);
          host.logger.warn('store still fenced: retry failed', { error: f.reason, retries: f.retries, path: host.path });
          this.scheduleRecovery();
        },
      );
    }, delay);
  }
}

/** One transaction's record is too large, or too deep, to encode: that write fails, the store goes on. */
export function recordRefused(err: unknown): AmasError {
  const msg = errorMessage(err);
  const why = /string length/i.test(msg) ? 'the record is too large to encode' : /call stack/i.test(msg) ? 'a value is nested too deeply to encode' : msg;
  return new AmasError('AMAS_STORE_RECORD_TOO_LARGE', `the store refused a write: ${why}`, {
    hint: 'keep step outputs and inputs small (at most 8 MiB each as JSON); the store goes on accepting other writes',
    cause: err,
  });
}
