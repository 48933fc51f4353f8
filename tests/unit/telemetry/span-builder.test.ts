import { SpanStatusCode } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import type { RunResult, StepResult } from '../../../src/engine/index.ts';
import type { TracedEvent } from '../../../src/telemetry/index.ts';
import { SpanBuilder } from '../../../src/telemetry/span-builder.ts';

// The span builder over the real SDK (an in-memory exporter): sequences of stream events as the
// engine publishes them, and the tree, names, times and statuses that come out.

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

function harness() {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const builder = new SpanBuilder(provider.getTracer('test'));
  const feed = (...events: TracedEvent[]) => events.forEach((e) => builder.handle(e));
  const spans = () => exporter.getFinishedSpans();
  const byName = (name: string): ReadableSpan => {
    const found = spans().filter((s) => s.name === name);
    expect(found, `one span named ${name}`).toHaveLength(1);
    return found[0]!;
  };
  return { builder, feed, spans, byName };
}

const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;
const ms = (t: [number, number]) => t[0] * 1000 + t[1] / 1e6;

function run(runId: string, at: number, workflow = 'wf', total = 2): TracedEvent {
  return { type: 'run_started', runId, workflow, attempt: 1, total, trigger: 'manual', at };
}
function started(runId: string, stepId: string, at: number, attempt = 1, agent = 'writer'): TracedEvent {
  return { type: 'step_started', runId, stepId, attempt, maxAttempts: 3, agent, at };
}
function finished(runId: string, stepId: string, at: number, result: StepResult): TracedEvent {
  return { type: 'step_finished', runId, stepId, result, finished: 1, total: 2, at };
}
const ok = (attempt = 1): StepResult => ({ status: 'completed', attempt, output: 'x', durationMs: 5 });
function runEnd(runId: string, at: number, patch: Partial<RunResult> = {}): TracedEvent {
  const result: RunResult = { id: runId, workflow: 'wf', status: 'completed', outputs: {}, steps: {}, waiting: [], attempt: 1, startedAt: T0, endedAt: at, ...patch };
  return { type: 'run_finished', runId, result, at };
}

describe('span builder', () => {
  it('builds run → step → invoke_agent → chat with explicit times and GenAI attributes', () => {
    const h = harness();
    h.feed(
      run('r1', T0, 'wf', 1),
      started('r1', 'draft', T0 + 10),
      {
        type: 'model_call', runId: 'r1', stepId: 'draft', attempt: 1, agent: 'writer', provider: 'local', model: 'gpt-x', responseModel: 'gpt-x-2026',
        startedAt: T0 + 12, durationMs: 30, inputTokens: 40, outputTokens: 20, finishReason: 'stop', at: T0 + 42,
      },
      finished('r1', 'draft', T0 + 50, ok()),
      runEnd('r1', T0 + 60, { usage: { prompt: 40, completion: 20, total: 60, steps: {}, agents: {} } }),
    );
    const root = h.byName('run wf');
    const step = h.byName('step draft');
    const agent = h.byName('invoke_agent writer');
    const chat = h.byName('chat gpt-x');
    expect(parentOf(root)).toBeUndefined();
    expect(parentOf(step)).toBe(root.spanContext().spanId);
    expect(parentOf(agent)).toBe(step.spanContext().spanId);
    expect(parentOf(chat)).toBe(agent.spanContext().spanId);
    expect(new Set(h.spans().map((s) => s.spanContext().traceId)).size).toBe(1);
    expect(ms(root.startTime)).toBe(T0);
    expect(ms(root.endTime)).toBe(T0 + 60);
    expect(ms(chat.startTime)).toBe(T0 + 12);
    expect(ms(chat.endTime)).toBe(T0 + 42);
    expect(chat.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'local',
      'gen_ai.request.model': 'gpt-x',
      'gen_ai.response.model': 'gpt-x-2026',
      'gen_ai.usage.input_tokens': 40,
      'gen_ai.usage.output_tokens': 20,
      'gen_ai.response.finish_reasons': ['stop'],
    });
    expect(root.attributes).toMatchObject({ 'amas.run.id': 'r1', 'amas.workflow': 'wf', 'amas.trigger': 'manual', 'amas.run.status': 'completed', 'gen_ai.usage.input_tokens': 40 });
    expect(agent.attributes).toMatchObject({ 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'writer', 'amas.step.id': 'draft', 'amas.attempt': 1 });
    expect(root.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('keeps parallel steps of two interleaved runs under their own parents', () => {
    const h = harness();
    h.feed(
      run('r1', T0),
      run('r2', T0 + 1),
      started('r1', 'a', T0 + 2),
      started('r2', 'a', T0 + 3),
      started('r1', 'b', T0 + 4),
      { type: 'model_call', runId: 'r1', stepId: 'b', attempt: 1, agent: 'writer', provider: 'p', model: 'm-b', startedAt: T0 + 5, durationMs: 1, at: T0 + 6 },
      { type: 'model_call', runId: 'r2', stepId: 'a', attempt: 1, agent: 'writer', provider: 'p', model: 'm-r2', startedAt: T0 + 5, durationMs: 1, at: T0 + 6 },
      finished('r1', 'b', T0 + 7, ok()),
      finished('r2', 'a', T0 + 8, ok()),
      finished('r1', 'a', T0 + 9, ok()),
      runEnd('r2', T0 + 10),
      runEnd('r1', T0 + 11),
    );
    const spans = h.spans();
    expect(spans).toHaveLength(2 + 3 * 2 + 2);
    const roots = spans.filter((s) => s.name === 'run wf');
    const traceOf = (runId: string) => roots.find((r) => r.attributes['amas.run.id'] === runId)!.spanContext().traceId;
    for (const s of spans) expect(s.spanContext().traceId).toBe(traceOf(String(s.attributes['amas.run.id'])));
    const steps = spans.filter((s) => s.name.startsWith('step '));
    for (const s of steps) {
      const root = roots.find((r) => r.attributes['amas.run.id'] === s.attributes['amas.run.id'])!;
      expect(parentOf(s)).toBe(root.spanContext().spanId);
    }
    const stepB = steps.find((s) => s.name === 'step b')!;
    const agentB = spans.find((s) => s.name === 'invoke_agent writer' && parentOf(s) === stepB.spanContext().spanId)!;
    expect(parentOf(h.byName('chat m-b'))).toBe(agentB.spanContext().spanId);
    expect(h.byName('chat m-r2').spanContext().traceId).toBe(traceOf('r2'));
  });

  it('gives each attempt its own invoke_agent span, the failed ones in error, under one step span', () => {
    const h = harness();
    h.feed(
      run('r1', T0, 'wf', 1),
      started('r1', 'a', T0 + 1, 1),
      { type: 'step_retrying', runId: 'r1', stepId: 'a', attempt: 1, maxAttempts: 3, delayMs: 10, error: { kind: 'timeout', message: 'step a timed out after 5ms' }, at: T0 + 6 },
      started('r1', 'a', T0 + 16, 2),
      finished('r1', 'a', T0 + 20, ok(2)),
      runEnd('r1', T0 + 21),
    );
    const step = h.byName('step a');
    const attempts = h.spans().filter((s) => s.name === 'invoke_agent writer');
    expect(attempts.map((s) => s.attributes['amas.attempt'])).toEqual([1, 2]);
    for (const a of attempts) expect(parentOf(a)).toBe(step.spanContext().spanId);
    expect(attempts[0]!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'step a timed out after 5ms' });
    expect(attempts[0]!.attributes['error.type']).toBe('timeout');
    expect(ms(attempts[0]!.endTime)).toBe(T0 + 6);
    expect(attempts[1]!.status.code).toBe(SpanStatusCode.UNSET);
    expect(step.status.code).toBe(SpanStatusCode.UNSET);
    expect(step.attributes['amas.attempt']).toBe(2);
  });

  it('marks a failed step, its attempt, a failed model call and the run in error; skipped and cancelled steps get spans too', () => {
    const h = harness();
    h.feed(
      run('r1', T0, 'wf', 3),
      started('r1', 'a', T0 + 1),
      { type: 'model_call', runId: 'r1', stepId: 'a', attempt: 1, agent: 'writer', provider: 'p', model: 'm', startedAt: T0 + 2, durationMs: 3, error: 'POST http://x/v1/chat/completions: 500', at: T0 + 5 },
      started('r1', 'b', T0 + 2),
      finished('r1', 'a', T0 + 6, { status: 'failed', attempt: 1, error: { kind: 'error', message: 'boom' } }),
      finished('r1', 'c', T0 + 6, { status: 'skipped', attempt: 0, reason: 'condition was false' }),
      runEnd('r1', T0 + 7, { status: 'failed', error: 'step a failed: boom' }),
    );
    const root = h.byName('run wf');
    expect(root.status).toEqual({ code: SpanStatusCode.ERROR, message: 'step a failed: boom' });
    expect(h.byName('step a').status).toEqual({ code: SpanStatusCode.ERROR, message: 'boom' });
    expect(h.byName('chat m').status).toEqual({ code: SpanStatusCode.ERROR, message: 'POST http://x/v1/chat/completions: 500' });
    const skipped = h.byName('step c');
    expect(skipped.attributes).toMatchObject({ 'amas.step.status': 'skipped', 'amas.step.skip_reason': 'condition was false' });
    // b was still running when the run stopped: its spans end with the run, in error.
    const b = h.byName('step b');
    expect(b.status.code).toBe(SpanStatusCode.ERROR);
    expect(ms(b.endTime)).toBe(T0 + 7);
    expect(h.spans().every((s) => s.ended)).toBe(true);
  });

  it('nests tool calls under the attempt that made them, with the GenAI tool attributes', () => {
    const h = harness();
    h.feed(
      run('r1', T0, 'wf', 1),
      started('r1', 'a', T0 + 1),
      { type: 'tool_call_started', runId: 'r1', stepId: 'a', callId: 'call_1', tool: 'search', kind: 'mcp', at: T0 + 2 },
      { type: 'tool_call_finished', runId: 'r1', stepId: 'a', callId: 'call_1', tool: 'search', kind: 'mcp', ok: false, durationMs: 3, error: 'no such file', at: T0 + 5 },
      finished('r1', 'a', T0 + 6, ok()),
      runEnd('r1', T0 + 7),
    );
    const tool = h.byName('execute_tool search');
    expect(parentOf(tool)).toBe(h.byName('invoke_agent writer').spanContext().spanId);
    expect(tool.attributes).toMatchObject({ 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'search', 'gen_ai.tool.call.id': 'call_1', 'gen_ai.tool.type': 'extension', 'amas.tool.kind': 'mcp' });
    expect(tool.status).toEqual({ code: SpanStatusCode.ERROR, message: 'no such file' });
    expect(ms(tool.startTime)).toBe(T0 + 2);
    expect(ms(tool.endTime)).toBe(T0 + 5);
  });

  it('ignores events of runs it never saw start, and ends runs left open when the process stops', () => {
    const h = harness();
    h.feed(started('ghost', 'a', T0), finished('ghost', 'a', T0 + 1, ok()), runEnd('ghost', T0 + 2));
    expect(h.spans()).toEqual([]);
    h.feed(run('r1', T0, 'wf', 1), started('r1', 'a', T0 + 1));
    expect(h.builder.openRuns).toBe(1);
    h.builder.endAll(T0 + 9, 'amas stopped before the run finished');
    expect(h.builder.openRuns).toBe(0);
    expect(h.spans().map((s) => s.name).sort()).toEqual(['invoke_agent writer', 'run wf', 'step a']);
    expect(h.byName('run wf').attributes['amas.run.status']).toBe('suspended');
    expect(h.byName('step a').status).toEqual({ code: SpanStatusCode.ERROR, message: 'amas stopped before the run finished' });
  });
});
