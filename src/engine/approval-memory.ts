import type { ApprovalAnswer, ApprovalJournal, ApprovalRecord, ApprovalRequest } from './ports.ts';

/**
 * Approvals of an engine without a store (a library user's in-memory runs): the same
 * take-once semantics as the store's table, for as long as the process lives.
 */
export class MemoryApprovals implements ApprovalJournal {
  private readonly rows = new Map<string, ApprovalRecord>();

  private static key(runId: string, stepId: string, callId: string): string {
    return `${runId}\0${stepId}\0${callId}`;
  }

  async request(r: ApprovalRequest): Promise<ApprovalRecord> {
    const k = MemoryApprovals.key(r.runId, r.stepId, r.callId);
    let rec = this.rows.get(k);
    if (!rec) {
      rec = { ...r };
      this.rows.set(k, rec);
    }
    return { ...rec };
  }

  async get(runId: string, stepId: string, callId: string): Promise<ApprovalRecord | undefined> {
    const rec = this.rows.get(MemoryApprovals.key(runId, stepId, callId));
    return rec && { ...rec };
  }

  async answer(runId: string, stepId: string, callId: string, answer: ApprovalAnswer): Promise<{ taken: boolean; record: ApprovalRecord | undefined }> {
    const rec = this.rows.get(MemoryApprovals.key(runId, stepId, callId));
    if (!rec) return { taken: false, record: undefined };
    if (rec.answer) return { taken: false, record: { ...rec } };
    rec.answer = answer;
    return { taken: true, record: { ...rec } };
  }

  async pending(): Promise<ApprovalRecord[]> {
    return [...this.rows.values()].filter((r) => !r.answer).sort((a, b) => a.requestedAt - b.requestedAt);
  }
}
