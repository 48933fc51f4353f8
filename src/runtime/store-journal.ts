// The engine's run journal on the store: runs, steps and the spec each run is pinned to.
import type { LoopHistory } from '../core/index.ts';
import type { JournalDurability, JournalBatch, RunJournal, RunRow, RunStatus, StepError, StepRow, StepStatus } from '../engine/index.ts';
import type { RunRecord, StepRecord, StepTask, StoreBackend } from '../store/index.ts';

/**
 * The run journal on the store's runs/steps tables. The workflow spec a run started with is
 * pinned once per hash (`store.runSpecs`), which is what a resumed run is rebuilt from whatever
 * the file says now.
 */
export class StoreJournal implements RunJournal {
  private constructor(private readonly store: StoreBackend) {}

  static async open(store: StoreBackend): Promise<StoreJournal> {
    return new StoreJournal(store);
  }

  write(batch: JournalBatch, durable: JournalDurability): Promise<void> {
    const runs = batch.runs.map((r) => ({
      id: r.id,
      workflowId: r.workflow,
      specHash: r.specHash,
      spec: r.spec,
      status: r.status,
      inputs: r.inputs,
      outputs: r.outputs ?? null,
      error: r.error ?? null,
      usage: r.usage ?? null,
      trigger: r.trigger ?? null,
      attempt: r.attempt,
      createdAt: r.startedAt,
      // A queued run has not started: its time is when it was queued (created_at).
      startedAt: r.status === 'queued' ? null : r.startedAt,
      endedAt: r.endedAt ?? null,
      parentRunId: r.parent?.runId ?? null,
      parentStepId: r.parent?.stepId ?? null,
    }));
    // The engine's step rows and knowledge drafts have the store's journal shapes: passed as they are.
    // Tasks are what this runtime's QueueAgents leases hand off (queue-agents.ts): StepTasks.
    const tasks = batch.tasks as StepTask[] | undefined;
    return this.store.runs.writeJournal({ runs, steps: batch.steps, turns: batch.turns, calls: batch.calls, knowledge: batch.knowledge, ...(tasks ? { tasks } : {}) }, { durable });
  }

  async getRun(id: string): Promise<RunRow | undefined> {
    const rec = await this.store.runs.get(id);
    return rec && this.toRow(rec);
  }

  async getSteps(runId: string): Promise<StepRow[]> {
    return (await this.store.runs.steps(runId)).map(toStepRow);
  }

  async getLoop(runId: string, loopKey?: string): Promise<LoopHistory> {
    return this.store.agentTurns.conversation(runId, loopKey);
  }

  /** The child runs of a run (its `workflow:` steps' sub-runs), oldest first. */
  async children(runId: string): Promise<RunRow[]> {
    return Promise.all((await this.store.runs.children(runId)).map((r) => this.toRow(r)));
  }

  async listRuns(query: { status?: RunStatus[]; workflow?: string; limit?: number }): Promise<RunRow[]> {
    const q: { status?: string[]; workflowId?: string; limit?: number } = { limit: query.limit ?? 1_000_000 };
    if (query.status) q.status = query.status;
    if (query.workflow !== undefined) q.workflowId = query.workflow;
    return Promise.all((await this.store.runs.list(q)).map((r) => this.toRow(r)));
  }

  private async toRow(r: RunRecord): Promise<RunRow> {
    return {
      id: r.id,
      workflow: r.workflowId,
      specHash: r.specHash ?? '',
      // Missing only if the store lost it: the engine refuses to resume such a run (never an empty workflow).
      spec: r.specHash ? await this.store.runSpecs.get(r.specHash) : undefined,
      inputs: (r.inputs ?? {}) as Record<string, unknown>,
      status: r.status as RunStatus,
      attempt: r.attempt,
      outputs: (r.outputs ?? undefined) as Record<string, unknown> | undefined,
      usage: (r.usage ?? undefined) as RunRow['usage'],
      error: typeof r.error === 'string' ? r.error : undefined,
      startedAt: r.startedAt ?? r.createdAt,
      endedAt: r.endedAt ?? undefined,
      trigger: (r.trigger ?? undefined) as RunRow['trigger'],
      parent: r.parentRunId === null ? undefined : { runId: r.parentRunId, stepId: r.parentStepId ?? '' },
    };
  }
}

/** Whether the store holds a run started by the cron fire `fireId` (a restart must not start it again). */
export function hasRunOfFire(store: StoreBackend, fireId: string): Promise<boolean> {
  return store.runs.hasRunOfFire(fireId);
}

function toStepRow(s: StepRecord): StepRow {
  const err = (s.error ?? undefined) as StepError | undefined;
  const skipped = s.status === 'skipped' && err?.kind === 'skipped';
  return {
    runId: s.runId,
    stepId: s.stepId,
    status: s.status as StepStatus,
    attempt: s.attempt,
    agent: s.agentId ?? undefined,
    output: s.output ?? undefined,
    error: skipped ? undefined : err,
    reason: skipped ? err.message : undefined,
    startedAt: s.startedAt ?? undefined,
    endedAt: s.endedAt ?? undefined,
  };
}

