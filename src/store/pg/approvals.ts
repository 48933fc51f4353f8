// Approval requests and their one answer on PostgreSQL. The answer is taken by
// `UPDATE … WHERE approved IS NULL`: of two processes answering at once, the row lock makes the
// second see the first's answer and change nothing.
import type { ApprovalRepository } from '../backend.ts';
import type { ApprovalAnswerRow, ApprovalRequestRow, ApprovalRow } from '../approvals.ts';
import { toJsonColumn } from '../json-column.ts';
import type { PgCore } from './core.ts';
import { approvalOf, type ApprovalRaw } from './rows.ts';

const KEY = 'run_id = $1 AND step_id = $2 AND call_id = $3';

export class PgApprovals implements ApprovalRepository {
  constructor(private readonly core: PgCore) {}

  async get(runId: string, stepId: string, callId = ''): Promise<ApprovalRow | undefined> {
    const [r] = await this.core.rows<ApprovalRaw>(`SELECT * FROM approvals WHERE ${KEY}`, [runId, stepId, callId]);
    return r ? approvalOf(r) : undefined;
  }

  async ofRun(runId: string): Promise<ApprovalRow[]> {
    return (await this.core.rows<ApprovalRaw>('SELECT * FROM approvals WHERE run_id = $1 ORDER BY requested_at, seq', [runId])).map(approvalOf);
  }

  async pending(): Promise<ApprovalRow[]> {
    const rows = await this.core.rows<ApprovalRaw>(
      `SELECT a.* FROM approvals a JOIN runs r ON r.id = a.run_id
       WHERE a.approved IS NULL AND r.status IN ('running', 'pending') ORDER BY a.requested_at, a.seq`,
    );
    return rows.map(approvalOf);
  }

  request(r: ApprovalRequestRow): Promise<ApprovalRow> {
    const args = r.args === undefined || r.args === null ? null : toJsonColumn(this.core.mask(r.args));
    const params = [r.runId, r.stepId, r.callId, r.workflowId, this.core.mask(r.prompt), toJsonColumn(r.inputSchema), r.requestedAt, r.deadline, r.onTimeout, r.tool ?? null, args];
    return this.core.write(async (tx) => {
      await tx.run(
        `INSERT INTO approvals (run_id, step_id, call_id, workflow_id, prompt, input_schema, requested_at, deadline, on_timeout, tool, args)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (run_id, step_id, call_id) DO NOTHING`,
        params,
      );
      const [row] = await tx.rows<ApprovalRaw>(`SELECT * FROM approvals WHERE ${KEY}`, [r.runId, r.stepId, r.callId]);
      return approvalOf(row!);
    });
  }

  answer(runId: string, stepId: string, callId: string, a: ApprovalAnswerRow): Promise<{ taken: boolean; row: ApprovalRow | undefined }> {
    const { core } = this;
    const params = [runId, stepId, callId, a.approved ? 1 : 0, core.mask(a.by), a.at, a.comment === null ? null : core.mask(a.comment), toJsonColumn(core.mask(a.input))];
    return core.write(async (tx) => {
      const n = await tx.run(`UPDATE approvals SET approved = $4, answered_by = $5, answered_at = $6, comment = $7, input = $8 WHERE ${KEY} AND approved IS NULL`, params);
      const [raw] = await tx.rows<ApprovalRaw>(`SELECT * FROM approvals WHERE ${KEY}`, [runId, stepId, callId]);
      return { taken: n === 1, row: raw ? approvalOf(raw) : undefined };
    });
  }
}
