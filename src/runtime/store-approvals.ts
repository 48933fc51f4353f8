// The engine's approval journal on the store's `approvals` table (src/store/approvals.ts).
import type { ApprovalAnswer, ApprovalJournal, ApprovalRecord, ApprovalRequest } from '../engine/index.ts';
import type { ApprovalRow, StoreBackend } from '../store/index.ts';

const ON_TIMEOUT = new Set(['approve', 'reject', 'fail']);

export function approvalRecord(r: ApprovalRow): ApprovalRecord {
  const onTimeout = r.onTimeout !== null && ON_TIMEOUT.has(r.onTimeout) ? (r.onTimeout as ApprovalRecord['onTimeout']) : undefined;
  return {
    runId: r.runId,
    workflow: r.workflowId,
    stepId: r.stepId,
    callId: r.callId,
    ...(r.tool === null ? {} : { tool: r.tool, args: r.args }),
    prompt: r.prompt,
    ...(r.inputSchema === null ? {} : { inputSchema: r.inputSchema }),
    requestedAt: r.requestedAt,
    ...(r.deadline === null ? {} : { deadline: r.deadline }),
    ...(onTimeout === undefined ? {} : { onTimeout }),
    ...(r.answer === null
      ? {}
      : {
          answer: {
            approved: r.answer.approved,
            by: r.answer.by,
            at: r.answer.at,
            ...(r.answer.comment === null ? {} : { comment: r.answer.comment }),
            ...(r.answer.input === null ? {} : { input: r.answer.input }),
          },
        }),
  };
}

export class StoreApprovals implements ApprovalJournal {
  constructor(private readonly store: StoreBackend) {}

  async request(r: ApprovalRequest): Promise<ApprovalRecord> {
    const row = await this.store.approvals.request({
      runId: r.runId,
      stepId: r.stepId,
      callId: r.callId,
      workflowId: r.workflow,
      tool: r.tool ?? null,
      args: r.args ?? null,
      prompt: r.prompt,
      inputSchema: r.inputSchema ?? null,
      requestedAt: r.requestedAt,
      deadline: r.deadline ?? null,
      onTimeout: r.onTimeout ?? null,
    });
    return approvalRecord(row);
  }

  async get(runId: string, stepId: string, callId: string): Promise<ApprovalRecord | undefined> {
    const row = await this.store.approvals.get(runId, stepId, callId);
    return row && approvalRecord(row);
  }

  async answer(runId: string, stepId: string, callId: string, a: ApprovalAnswer): Promise<{ taken: boolean; record: ApprovalRecord | undefined }> {
    const { taken, row } = await this.store.approvals.answer(runId, stepId, callId, { approved: a.approved, by: a.by, at: a.at, comment: a.comment ?? null, input: a.input ?? null });
    return { taken, record: row && approvalRecord(row) };
  }

  async pending(): Promise<ApprovalRecord[]> {
    return (await this.store.approvals.pending()).map(approvalRecord);
  }
}
