import type { Logger, LoopCallRecord, LoopHistory, LoopTurnRecord } from '../core/index.ts';
import type { JournalDurability, JournalBatch, KnowledgeDraft, RunJournal } from './ports.ts';
import type { RunRow, StepRow } from './types.ts';

/**
 * Group commit in front of the run journal. Transitions mark rows dirty; one flush per turn of
 * the event loop writes the latest state of every dirty row in one batch, so a step that went
 * running → completed within a turn costs one row, and a thousand pure steps cost one
 * transaction. A durable request resolves only after a durable flush has covered it, a
 * `written` one once a flush has handed it to the journal file (see JournalDurability); pure (template)
 * transitions ride along with whichever flush comes next.
 */
export class JournalBuffer {
  // Keyed by the live row objects themselves: a run keeps one object per step, so identity
  // coalesces its transitions without building a key string per write.
  private runs = new Set<RunRow>();
  private steps = new Set<StepRow>();
  private knowledge: KnowledgeDraft[] = [];
  private turns = new Set<LoopTurnRecord>();
  private calls = new Set<LoopCallRecord>();
  /** Handed-off attempts' tasks: committed in the same batch as the rows marked with them. */
  private tasks: unknown[] = [];
  /**
   * What every durable request of the next flush waits for: one promise they share, settled when
   * that flush is written (an agent-loop turn asks for two or three, once per turn).
   */
  private durable: Durable | undefined;
  private scheduled = false;
  private flushing: Promise<void> | undefined;
  /** The most any waiter of the next flush asked for. */
  private pending: JournalDurability = false;

  constructor(
    private readonly journal: RunJournal | undefined,
    private readonly logger: Logger,
  ) {}

  get enabled(): boolean {
    return this.journal !== undefined;
  }

  run(row: RunRow, durable: JournalDurability): Promise<void> | undefined {
    if (!this.journal) return undefined;
    this.runs.add(row);
    return this.mark(durable);
  }

  /** A step row; with `task`, the attempt handed to another process, written in the same transaction. */
  step(row: StepRow, durable: JournalDurability, task?: unknown): Promise<void> | undefined {
    if (!this.journal) return undefined;
    this.steps.add(row);
    if (task !== undefined) this.tasks.push(task);
    return this.mark(durable);
  }

  /** An agent-loop model turn (live object: later changes ride along with the next flush). */
  turn(row: LoopTurnRecord, durable: JournalDurability): Promise<void> | undefined {
    if (!this.journal) return undefined;
    this.turns.add(row);
    return this.mark(durable);
  }

  /** An agent-loop tool call, running or finished (live object, coalesced like step rows). */
  call(row: LoopCallRecord, durable: JournalDurability, task?: unknown): Promise<void> | undefined {
    if (!this.journal) return undefined;
    this.calls.add(row);
    if (task !== undefined) this.tasks.push(task);
    return this.mark(durable);
  }

  /** A loop's journaled conversation (undefined: the journal keeps none). */
  readLoop(runId: string, loopKey: string): Promise<LoopHistory> | undefined {
    return this.journal?.getLoop?.(runId, loopKey);
  }

  addKnowledge(entry: KnowledgeDraft): void {
    if (!this.journal) return;
    this.knowledge.push(entry);
    void this.mark(false);
  }

  /** Writes everything buffered, durably; resolves when done. */
  async flushNow(): Promise<void> {
    if (!this.journal) return;
    if (this.flushing) await this.flushing.catch(() => undefined);
    if (this.runs.size || this.steps.size || this.knowledge.length || this.turns.size || this.calls.size || this.tasks.length || this.durable) {
      await this.mark(true);
    }
  }

  private mark(durable: JournalDurability): Promise<void> | undefined {
    if (durable === false) return this.schedule();
    if (durable === true || this.pending === false) this.pending = durable;
    const p = (this.durable ??= new Durable()).promise;
    this.schedule();
    return p;
  }

  private schedule(): undefined {
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => void this.flush());
    }
    return undefined;
  }

  private async flush(): Promise<void> {
    if (this.flushing) {
      await this.flushing.catch(() => undefined);
      if (!this.scheduled) return;
    }
    this.scheduled = false;
    const batch: JournalBatch = { runs: [...this.runs.values()], steps: [...this.steps.values()], knowledge: this.knowledge };
    if (this.turns.size) {
      batch.turns = [...this.turns.values()];
      this.turns = new Set();
    }
    if (this.calls.size) {
      batch.calls = [...this.calls.values()];
      this.calls = new Set();
    }
    if (this.tasks.length) {
      batch.tasks = this.tasks;
      this.tasks = [];
    }
    this.runs = new Set();
    this.steps = new Set();
    this.knowledge = [];
    const durable = this.durable;
    const level = this.pending;
    this.durable = undefined;
    this.pending = false;
    this.flushing = this.journal!.write(batch, level);
    try {
      await this.flushing;
      durable?.resolve();
    } catch (err) {
      this.logger.error('journal write failed', { error: String(err) });
      durable?.reject(err);
    } finally {
      this.flushing = undefined;
    }
  }
}

/** A promise and its settle functions. */
class Durable {
  readonly promise: Promise<void>;
  resolve!: () => void;
  reject!: (err: unknown) => void;
  constructor() {
    this.promise = new Promise<void>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }
}
