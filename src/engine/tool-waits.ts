// Steps whose agent loop waits for a person to approve a tool call (tool-approval.ts): the
// attempt has ended (no executor, no agent slot, nothing polls); the step is journaled as
// `waiting` and counted as a wait, so a run with nothing else to do parks. An answer to any of
// its calls runs the step again: the loop resumes from the journal, runs what was approved,
// and waits again for calls still unanswered.
import type { PlanStep } from './plan.ts';
import type { RunDeps } from './run-deps.ts';
import type { StepRow } from './types.ts';

/** What ToolWaits needs of its run (RunExecution). */
export interface ToolWaitHost {
  readonly deps: RunDeps;
  readonly rows: StepRow[];
  readonly isStopped: boolean;
  addWait(delta: 1 | -1): void;
  checkEnd(): void;
  endStopped(i: number): void;
  /** Runs step i's executor again (its loop replays the journal). */
  rerun(i: number, ps: PlanStep, input: unknown): void;
}

interface Wait {
  i: number;
  ps: PlanStep;
  input: unknown;
}

export class ToolWaits {
  private readonly waits = new Map<string, Wait>();
  /** Steps answered while their attempt was still ending: they run again as soon as they would wait. */
  private readonly early = new Set<string>();

  constructor(private readonly host: ToolWaitHost) {}

  /** Whether step `stepId` waits for answers to its tool calls now. */
  has(stepId: string): boolean {
    return this.waits.has(stepId);
  }

  /** Step i's loop ended its attempt waiting for approvals: journal it as waiting (durably), then wait. */
  async begin(i: number, ps: PlanStep, input: unknown): Promise<void> {
    const h = this.host;
    const row = h.rows[i]!;
    row.status = 'waiting';
    // The attempt that stopped to wait is not a failed one: the next run of the step keeps its number.
    row.attempt = Math.max(0, row.attempt - 1);
    row.error = undefined;
    try {
      const w = h.deps.journal.step(row, true);
      if (w) await w;
    } catch {
      // The request is journaled; a restart restores the wait even if this row is lost.
    }
    if (h.isStopped) return h.endStopped(i);
    if (this.early.delete(ps.id)) return h.rerun(i, ps, input);
    this.waits.set(ps.id, { i, ps, input });
    h.addWait(1);
    h.checkEnd();
  }

  /** An answer to one of a step's tool calls was taken: the step runs again (or will, once it waits). */
  deliver(rec: { stepId: string }): void {
    const w = this.waits.get(rec.stepId);
    if (!w) {
      this.early.add(rec.stepId);
      return;
    }
    this.waits.delete(rec.stepId);
    this.host.addWait(-1);
    this.host.rerun(w.i, w.ps, w.input);
  }

  /** The run stopped: waits end (cancelled, or kept as waiting in the journal when suspended). */
  interrupt(): void {
    for (const w of [...this.waits.values()]) {
      this.waits.delete(w.ps.id);
      this.host.addWait(-1);
      this.host.endStopped(w.i);
    }
  }
}
