// The pure pieces of the agent loop: tool result text (JSON, clipped), the transcript built
// from a journaled conversation, and the tool names the loop offers.
import { describe, expect, it } from 'vitest';
import { buildTranscripts, MAX_TOOL_RESULT_CHARS, toolResultText, type LoopCallRecord, type LoopTurnRecord } from '../../../src/core/index.ts';

const turn = (seq: number, over: Partial<LoopTurnRecord> = {}): LoopTurnRecord => ({
  runId: 'r',
  loop: 'plan',
  seq,
  attempt: 1,
  final: false,
  message: { role: 'assistant', content: null, tool_calls: [{ id: `c${seq}`, type: 'function', function: { name: 'lookup', arguments: '{}' } }] },
  promptTokens: 10,
  completionTokens: 2,
  durationMs: 12.6,
  at: 1000 + seq,
  ...over,
});

const call = (turnSeq: number, i: number, over: Partial<LoopCallRecord> = {}): LoopCallRecord => ({
  runId: 'r',
  loop: 'plan',
  callId: `${turnSeq}.${i}`,
  turn: turnSeq,
  toolCallId: `c${turnSeq}`,
  tool: 'lookup',
  kind: 'capability',
  args: { q: 'x' },
  idempotent: true,
  status: 'ok',
  result: '{"found":1}',
  startedAt: 0,
  endedAt: 1,
  durationMs: 1,
  ...over,
});

describe('toolResultText', () => {
  it('sends values as JSON text, strings as they are, errors as {error}', () => {
    expect(toolResultText(true, { a: 1 })).toBe('{"a":1}');
    expect(toolResultText(true, 'plain')).toBe('plain');
    expect(toolResultText(true, undefined)).toBe('null');
    expect(toolResultText(false, 'boom')).toBe('{"error":"boom"}');
  });

  it('clips a long result and says how long it was', () => {
    const text = toolResultText(true, 'x'.repeat(MAX_TOOL_RESULT_CHARS + 10));
    expect(text.startsWith('x'.repeat(MAX_TOOL_RESULT_CHARS))).toBe(true);
    expect(text).toMatch(/\[clipped: the result was 16010 characters\]$/);
  });

  it('answers a value that is not serialisable with an error instead of throwing', () => {
    expect(toolResultText(true, { n: 1n })).toMatch(/not serialisable/);
  });
});

describe('buildTranscripts', () => {
  it('groups calls under their turn and loop, sums tokens, clips long results', () => {
    const t = buildTranscripts({
      turns: [turn(1), turn(2, { final: true, message: { role: 'assistant', content: 'done' } }), turn(1, { loop: 'plan/1.0' })],
      calls: [call(1, 0), call(1, 1, { status: 'error', result: 'e'.repeat(600) }), call(1, 0, { loop: 'plan/1.0', tool: 'inner' })],
    });
    expect(Object.keys(t).sort()).toEqual(['plan', 'plan/1.0']);
    expect(t['plan']!.promptTokens).toBe(20);
    expect(t['plan']!.turns.map((x) => [x.seq, x.final, x.calls.length, x.durationMs])).toEqual([
      [1, false, 2, 13],
      [2, true, 0, 13],
    ]);
    expect(t['plan']!.turns[1]!.content).toBe('done');
    expect(t['plan']!.turns[0]!.calls[1]!.result).toMatch(/… \(600 characters\)$/);
    expect(t['plan/1.0']!.turns[0]!.calls.map((c) => c.tool)).toEqual(['inner']);
  });
});
