/**
 * Agent loops' conversations: model turns and tool calls per (run, loop). The engine's journal
 * writes them inside its own transactions (`putTurn`/`putCall` take the transaction); reads
 * rebuild a conversation after a crash and show transcripts. Values are masked before they are
 * serialized, like every other row.
 */
import type { AssistantMessage, LoopCallRecord, LoopCallStatus, LoopTurnRecord, ToolKind } from '../core/index.ts';
import type { Param } from './sqlite.ts';
import type { StoreCore, Tx } from './types.ts';

/** The rows as the engine journals them (src/core/agent-loop.ts): one shape on both sides. */
export type AgentTurnRecord = LoopTurnRecord;
export type AgentCallRecord = LoopCallRecord;

export interface TurnRow {
  run_id: string;
  loop_key: string;
  seq: number;
  attempt: number;
  final: number;
  message: string;
  prompt_tokens: number;
  completion_tokens: number;
  duration_ms: number;
  created_at: number;
}

export interface CallRow {
  run_id: string;
  loop_key: string;
  call_id: string;
  turn: number;
  tool_call_id: string;
  tool: string;
  kind: string;
  args: string | null;
  idempotent: number;
  status: string;
  result: string | null;
  started_at: number;
  ended_at: number | null;
  duration_ms: number | null;
}

const TURN_SQL = `INSERT INTO agent_turns (run_id, loop_key, seq, attempt, final, message, prompt_tokens, completion_tokens, duration_ms, created_at, masked)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (run_id, loop_key, seq) DO UPDATE SET message = excluded.message, prompt_tokens = excluded.prompt_tokens,
    completion_tokens = excluded.completion_tokens, duration_ms = excluded.duration_ms, masked = excluded.masked`;

const CALL_SQL = `INSERT INTO agent_tool_calls (run_id, loop_key, call_id, turn, tool_call_id, tool, kind, args, idempotent, status, result, started_at, ended_at, duration_ms, masked)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (run_id, loop_key, call_id) DO UPDATE SET status = excluded.status, result = excluded.result,
    ended_at = excluded.ended_at, duration_ms = excluded.duration_ms, masked = excluded.masked`;

export class AgentTurnStore {
  constructor(private readonly core: StoreCore) {}

  putTurn(tx: Tx, t: AgentTurnRecord): void {
    const message = tx.mask(t.message);
    tx.run(TURN_SQL, [t.runId, t.loop, t.seq, t.attempt, t.final ? 1 : 0, JSON.stringify(message), t.promptTokens, t.completionTokens, t.durationMs, t.at, message !== t.message ? 1 : 0]);
  }

  putCall(tx: Tx, c: AgentCallRecord): void {
    const args = tx.mask(c.args);
    const result = c.result === undefined ? null : tx.mask(c.result);
    const masked = args !== c.args || (result !== null && result !== c.result) ? 1 : 0;
    const params: Param[] = [c.runId, c.loop, c.callId, c.turn, c.toolCallId, c.tool, c.kind, args === undefined ? null : JSON.stringify(args), c.idempotent ? 1 : 0, c.status, result, c.startedAt, c.endedAt ?? null, c.durationMs ?? null, masked];
    tx.run(CALL_SQL, params);
  }

  /** The turns and calls of a run — of one loop when `loop` is given — in conversation order. */
  conversation(runId: string, loop?: string): { turns: AgentTurnRecord[]; calls: AgentCallRecord[] } {
    const where = loop === undefined ? 'run_id = ?' : 'run_id = ? AND loop_key = ?';
    const params = loop === undefined ? [runId] : [runId, loop];
    return this.core.read((db) => {
      // A store opened read-only from before migration 0007 has no conversations to show.
      if (!db.get("SELECT 1 AS x FROM sqlite_schema WHERE type = 'table' AND name = 'agent_turns'")) return { turns: [], calls: [] };
      return {
        turns: db.all<TurnRow>(`SELECT * FROM agent_turns WHERE ${where} ORDER BY loop_key, seq`, params).map(turnOf),
        calls: db.all<CallRow>(`SELECT * FROM agent_tool_calls WHERE ${where} ORDER BY loop_key, turn, rowid`, params).map(callOf),
      };
    });
  }
}

export function turnOf(r: TurnRow): AgentTurnRecord {
  return {
    runId: r.run_id,
    loop: r.loop_key,
    seq: r.seq,
    attempt: r.attempt,
    final: r.final === 1,
    message: JSON.parse(r.message) as AssistantMessage,
    promptTokens: r.prompt_tokens,
    completionTokens: r.completion_tokens,
    durationMs: r.duration_ms,
    at: r.created_at,
  };
}

export function callOf(r: CallRow): AgentCallRecord {
  return {
    runId: r.run_id,
    loop: r.loop_key,
    callId: r.call_id,
    turn: r.turn,
    toolCallId: r.tool_call_id,
    tool: r.tool,
    kind: r.kind as ToolKind | 'unknown',
    args: r.args === null ? undefined : (JSON.parse(r.args) as unknown),
    idempotent: r.idempotent === 1,
    status: r.status as LoopCallStatus,
    result: r.result ?? undefined,
    startedAt: r.started_at,
    endedAt: r.ended_at ?? undefined,
    durationMs: r.duration_ms ?? undefined,
  };
}
