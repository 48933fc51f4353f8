// The runs going on in one engine, by id: launched here (started or resumed), forgotten when they
// end, and stopped together when the engine closes — cancelled, or suspended for a later resume.
import { AmasError } from '../core/index.ts';
import type { RunHandle } from './engine.ts';
import type { RunExecution } from './run.ts';

export class ActiveRuns {
  private readonly runs = new Map<string, RunExecution>();

  /** Read-only: the answer and child-run paths look runs up here. */
  get byId(): ReadonlyMap<string, RunExecution> {
    return this.runs;
  }

  get(runId: string): RunExecution | undefined {
    return this.runs.get(runId);
  }

  has(runId: string): boolean {
    return this.runs.has(runId);
  }

  ids(): string[] {
    return [...this.runs.keys()];
  }

  /** Starts `ex` and keeps it until it ends (a later execution of the same run id is not dropped by this one's end). */
  launch(ex: RunExecution): RunHandle {
    this.runs.set(ex.id, ex);
    void ex.ended.then(() => {
      if (this.runs.get(ex.id) === ex) this.runs.delete(ex.id);
    });
    const result = ex.done;
    ex.start();
    return { id: ex.id, result, cancel: (reason?: string) => ex.cancel(reason) };
  }

  cancel(runId: string, reason?: string): boolean {
    const ex = this.runs.get(runId);
    // A run already stopping is winding down its in-flight steps; cancelling it again does nothing.
    if (!ex?.stoppable) return false;
    ex.cancel(reason);
    return true;
  }

  /**
   * Before a decision on the in_doubt step `stepId`: a run parked here on in_doubt steps is
   * suspended and forgotten, so that the resume with the decision rebuilds it. Refused while the
   * run is still going, or when that step is not in_doubt. False when the run is not here.
   */
  async releaseForDecision(runId: string, stepId: string): Promise<boolean> {
    const parked = this.runs.get(runId);
    if (!parked) return false;
    const snap = parked.snapshot();
    if (snap.status !== 'running' || !snap.steps[stepId] || !snap.waiting.some((id) => snap.steps[id]?.status === 'in_doubt')) {
      throw new AmasError('AMAS_RUN_BUSY', `run ${runId} is still going in this process`, { exitCode: 2 });
    }
    if (snap.steps[stepId]?.status !== 'in_doubt') {
      throw new AmasError('AMAS_STEP_NOT_IN_DOUBT', `step ${stepId} of run ${runId} is ${snap.steps[stepId]?.status ?? 'pending'}, not in_doubt`, { exitCode: 2 });
    }
    // Its approval waits (if any) end here and are re-armed by the resume.
    parked.suspend();
    await parked.done;
    this.runs.delete(runId);
    return true;
  }

  /** Cancels every run (one parked on approvals only is suspended: it waits in the journal) and waits for them to settle. */
  async close(): Promise<void> {
    const runs = [...this.runs.values()];
    // A run parked on approvals is not cancelled by closing: it waits in the journal, and the
    // next process (or an answer given offline) picks it up.
    for (const r of runs) if (r.parkedOnly) r.suspend();
    else r.cancel('engine closed');
    await Promise.all(runs.map((r) => r.done));
  }

  /** Stops every run WITHOUT ending it (the journal keeps them running for a resume) and waits for them to settle. */
  async suspend(): Promise<void> {
    const runs = [...this.runs.values()];
    this.runs.clear();
    for (const r of runs) r.suspend();
    await Promise.all(runs.map((r) => r.done));
  }
}
