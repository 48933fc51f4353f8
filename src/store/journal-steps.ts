/**
 * The engine journal's `steps` upsert (RunStore.putStep's statement) for many rows per
 * statement: a flush of a thousand pure steps is four statements instead of a thousand, which is
 * most of what a row costs (binding, stepping and, with the file store, the SQL text repeated in
 * every journal op). Chunks are powers of two so at most nine statement shapes are ever prepared.
 */
import type { JournalStep } from './backend.ts';
import type { Tx } from './types.ts';

const STEP_COLS = 13;
const STEP_CHUNK = 256;
const stepSql = new Map<number, string>();

function upsertStepsSql(n: number): string {
  let sql = stepSql.get(n);
  if (sql === undefined) {
    const tuple = `(${new Array<string>(STEP_COLS).fill('?').join(', ')})`;
    sql = `INSERT INTO steps (run_id, step_id, status, attempt, agent_id, input, output, error, started_at, ended_at, idempotency_key, updated_at, masked)
       VALUES ${new Array<string>(n).fill(tuple).join(', ')}
       ON CONFLICT (run_id, step_id) DO UPDATE SET status = excluded.status, attempt = excluded.attempt, agent_id = excluded.agent_id,
         input = excluded.input, output = excluded.output, error = excluded.error, started_at = excluded.started_at,
         ended_at = excluded.ended_at, idempotency_key = excluded.idempotency_key, updated_at = excluded.updated_at, masked = excluded.masked`;
    stepSql.set(n, sql);
  }
  return sql;
}

const json = (v: unknown): string | null => (v === undefined || v === null ? null : JSON.stringify(v));

export function putJournalSteps(tx: Tx, steps: readonly JournalStep[]): void {
  let i = 0;
  while (i < steps.length) {
    let n = STEP_CHUNK;
    while (n > steps.length - i) n >>= 1;
    const params: (string | number | null)[] = new Array<string | number | null>(n * STEP_COLS);
    let k = 0;
    for (const end = i + n; i < end; i++) {
      const s = steps[i]!;
      // Masked before serializing (a secret in an output or error is stored as ***, and the row says so).
      const output = tx.mask(s.output);
      const error = tx.mask(s.error ?? (s.reason === undefined ? null : { kind: 'skipped', message: s.reason }));
      params[k++] = s.runId;
      params[k++] = s.stepId;
      params[k++] = s.status;
      params[k++] = s.attempt;
      params[k++] = s.agent ?? null;
      params[k++] = null; // input: not kept per step (the run's inputs and the step's `with` rebuild it)
      params[k++] = json(output);
      params[k++] = json(error);
      params[k++] = s.startedAt ?? null;
      params[k++] = s.endedAt ?? null;
      params[k++] = null;
      params[k++] = tx.now;
      params[k++] = output !== s.output || (s.error !== undefined && error !== s.error) ? 1 : 0;
    }
    tx.run(upsertStepsSql(n), params);
  }
}
