// What an agent loop did, as every face shows it (`amas runs show`, the HTTP API's run detail,
// the MCP server's run tools): turns in order, each with its tool calls, tokens and durations.
// Built from the journaled conversation, whose values the store masked when it wrote them.
import type { LoopCallStatus, LoopHistory, ToolKind } from './agent-loop.ts';

/** Tool results and answers are clipped to this many characters in a transcript. */
export const TRANSCRIPT_CLIP_CHARS = 500;

export interface TranscriptCall {
  callId: string;
  tool: string;
  kind: ToolKind | 'unknown';
  args: unknown;
  status: LoopCallStatus;
  /** The result as the model was sent it, clipped. */
  result: string | null;
  durationMs: number | null;
}

export interface TranscriptTurn {
  seq: number;
  /** The step attempt that asked for it. */
  attempt: number;
  /** An answer (or a repair of one) rather than a turn that called tools. */
  final: boolean;
  /** What the model said, clipped (null when it only called tools). */
  content: string | null;
  promptTokens: number;
  completionTokens: number;
  durationMs: number;
  at: number;
  calls: TranscriptCall[];
}

export interface Transcript {
  turns: TranscriptTurn[];
  promptTokens: number;
  completionTokens: number;
}

export function clipText(text: string, max = TRANSCRIPT_CLIP_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}

/** The transcripts of a run's loops, by loop key (a step id; `<step>/<call>` for a tool call's own loop). */
export function buildTranscripts(history: LoopHistory): Record<string, Transcript> {
  const out: Record<string, Transcript> = {};
  const calls = new Map<string, TranscriptCall[]>();
  for (const c of history.calls) {
    const key = `${c.loop}\0${c.turn}`;
    const list = calls.get(key) ?? [];
    list.push({ callId: c.callId, tool: c.tool, kind: c.kind, args: c.args, status: c.status, result: c.result === undefined ? null : clipText(c.result), durationMs: c.durationMs ?? null });
    calls.set(key, list);
  }
  for (const t of history.turns) {
    const tr = (out[t.loop] ??= { turns: [], promptTokens: 0, completionTokens: 0 });
    tr.promptTokens += t.promptTokens;
    tr.completionTokens += t.completionTokens;
    tr.turns.push({
      seq: t.seq,
      attempt: t.attempt,
      final: t.final,
      content: t.message.content === null ? null : clipText(t.message.content),
      promptTokens: t.promptTokens,
      completionTokens: t.completionTokens,
      durationMs: Math.round(t.durationMs),
      at: t.at,
      calls: calls.get(`${t.loop}\0${t.seq}`) ?? [],
    });
  }
  return out;
}
