// Typed access to the `approvals` table (migrations 0008, 0010): one row per request, answered once.
import { fromJsonColumn, toJsonColumn } from './json-column.ts';
import type { StoreCore, Tx } from './types.ts';

export interface ApprovalRow {
  runId: string;
  stepId: string;
  /** '' for an approval step; the tool call's id for per-tool approval. */
  callId: string;
  workflowId: string;
  /** A tool call's tool and arguments (masked); null for an approval step (migration 0010). */
  tool: string | null;
  args: unknown;
  prompt: string;
  inputSchema: Record<string, unknown> | null;
  requestedAt: number;
  deadline: number | null;
  onTimeout: string | null;
  /** null until answered. */
  answer: { approved: boolean; by: string; at: number; comment: string | null; input: Record<string, unknown> | null } | null;
}

/** A request: `tool` and `args` only for a tool call's. */
export type ApprovalRequestRow = Omit<ApprovalRow, 'answer' | 'tool' | 'args'> & { tool?: string | null | undefined; args?: unknown };
export type ApprovalAnswerRow = NonNullable<ApprovalRow['answer']>;

export interface Raw {
  run_id: string;
  step_id: string;
  call_id: string;
  workflow_id: string;
  tool: string | null;
  args: string | null;
  prompt: string;
  input_schema: string | null;
  requested_at: number;
  deadline: number | null;
  on_timeout: string | null;
  approved: number | null;
  answered_by: string | null;
  answered_at: number | null;
  comment: string | null;
  input: string | null;
}

export const rowOf = (r: Raw): ApprovalRow => ({
  runId: r.run_id,
  stepId: r.step_id,
  callId: r.call_id,
  workflowId: r.workflow_id,
  tool: r.tool,
  args: fromJsonColumn(r.args),
  prompt: r.prompt,
  inputSchema: fromJsonColumn(r.input_schema) as Record<string, unknown> | null,
  requestedAt: r.requested_at,
  deadline: r.deadline,
  onTimeout: r.on_timeout,
  answer:
    r.approved === null
      ? null
      : { approved: r.approved === 1, by: r.answered_by ?? '', at: r.answered_at ?? 0, comment: r.comment, input: fromJsonColumn(r.input) as Record<string, unknown> | null },
});

const KEY = 'run_id = ? AND step_id = ? AND call_id = ?';

export class ApprovalStore {
  constructor(private readonly core: StoreCore) {}

  get(runId: string, stepId: string, callId = ''): ApprovalRow | undefined {
    const r = this.core.read((db) => db.get<Raw>(`SELECT * FROM approvals WHERE ${KEY}`, [runId, stepId, callId]));
    return r ? rowOf(r) : undefined;
  }

  /** Every request of a run, in the order they were made. */
  ofRun(runId: string): ApprovalRow[] {
    return this.core.read((db) => db.all<Raw>('SELECT * FROM approvals WHERE run_id = ? ORDER BY requested_at, rowid', [runId])).map(rowOf);
  }

  /** Unanswered requests of runs that have not ended, oldest first. */
  pending(): ApprovalRow[] {
    return this.core
      .read((db) =>
        db.all<Raw>(
          `SELECT a.* FROM approvals a JOIN runs r ON r.id = a.run_id
           WHERE a.approved IS NULL AND r.status IN ('running', 'pending') ORDER BY a.requested_at, a.rowid`,
        ),
      )
      .map(rowOf);
  }

  /** Records a request unless (run, step, call) has one; resolves (durably) with the stored row. */
  request(r: ApprovalRequestRow): Promise<ApprovalRow> {
    return this.core.transaction((tx) => {
      tx.run(
        `INSERT INTO approvals (run_id, step_id, call_id, workflow_id, tool, args, prompt, input_schema, requested_at, deadline, on_timeout)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_id, step_id, call_id) DO NOTHING`,
        [r.runId, r.stepId, r.callId, r.workflowId, r.tool ?? null, r.args === undefined || r.args === null ? null : toJsonColumn(tx.mask(r.args)), tx.mask(r.prompt), toJsonColumn(r.inputSchema), r.requestedAt, r.deadline, r.onTimeout],
      );
      return rowOf(tx.get<Raw>(`SELECT * FROM approvals WHERE ${KEY}`, [r.runId, r.stepId, r.callId])!);
    });
  }

  /**
   * Takes the answer if the request has none yet, in one transaction (the store has one writer,
   * so check and set cannot interleave): `taken` false means an earlier answer stands (`row`).
   */
  answer(runId: string, stepId: string, callId: string, a: ApprovalAnswerRow): Promise<{ taken: boolean; row: ApprovalRow | undefined }> {
    return this.core.transaction((tx) => this.putAnswer(tx, runId, stepId, callId, a));
  }

  putAnswer(tx: Tx, runId: string, stepId: string, callId: string, a: ApprovalAnswerRow): { taken: boolean; row: ApprovalRow | undefined } {
    const n = tx.run(`UPDATE approvals SET approved = ?, answered_by = ?, answered_at = ?, comment = ?, input = ? WHERE ${KEY} AND approved IS NULL`, [
      a.approved ? 1 : 0,
      tx.mask(a.by),
      a.at,
      a.comment === null ? null : tx.mask(a.comment),
      toJsonColumn(tx.mask(a.input)),
      runId,
      stepId,
      callId,
    ]);
    const raw = tx.get<Raw>(`SELECT * FROM approvals WHERE ${KEY}`, [runId, stepId, callId]);
    return { taken: n === 1, row: raw ? rowOf(raw) : undefined };
  }
}
