import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ExecutorContext } from '../../../src/agents/executor.ts';
import { MAX_REPAIR_TURNS, llmExecutor } from '../../../src/agents/executors/llm.ts';
import { parseJsonAnswer } from '../../../src/agents/executors/json-output.ts';
import { NonRetriableError, RetryAfterError, type ProjectSpec } from '../../../src/core/index.ts';
import { makeContext } from './context.ts';
import { sendJson, startServer, type Recorded } from './server.ts';

// A real HTTP server speaking the chat-completions protocol; each test scripts its answers in order.
type Answer = (req: Recorded, res: ServerResponse) => void;
let script: Answer[] = [];
let srv: Awaited<ReturnType<typeof startServer>>;

function completion(content: string | null, usage = { prompt_tokens: 10, completion_tokens: 5 }, finish = 'stop'): Answer {
  return (_req, res) =>
    sendJson(res, 200, {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: finish }],
      usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
    });
}

beforeAll(async () => {
  srv = await startServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return sendJson(res, 404, { error: { message: 'wrong path' } });
    const next = script.shift();
    if (!next) return sendJson(res, 500, { error: { message: 'script exhausted' } });
    next(req, res);
  });
});
afterAll(() => srv.close());
beforeEach(() => {
  script = [];
  srv.requests.length = 0;
});

const schema = {
  type: 'object',
  required: ['title', 'content'],
  properties: { title: { type: 'string' }, content: { type: 'string' } },
  additionalProperties: false,
};

function project(over: Record<string, unknown> = {}): ProjectSpec {
  return { providers: { default: { kind: 'openai', base_url: `${srv.url}/v1/`, api_key: 'sk-test-123', model: 'm-default', ...over } } } as ProjectSpec;
}

function ctxWith(over: Partial<ExecutorContext> = {}) {
  const usage: { promptTokens: number; completionTokens: number }[] = [];
  const ctx = makeContext({ project: project(), capability: 'write_blog_post', outputSchema: schema, reportUsage: (u) => usage.push(u), ...over });
  return { ctx, usage };
}

const body = (i: number) => JSON.parse(srv.requests[i]!.body) as Record<string, any>;

describe('llm executor', () => {
  it('asks for the output schema with response_format and returns the validated JSON', async () => {
    script = [completion('{"title":"T","content":"C"}')];
    const { ctx, usage } = ctxWith();
    const out = await llmExecutor({ system: 'You write.', prompt: 'Write about cats.', temperature: 0.2, max_tokens: 300 }, {}, ctx);
    expect(out).toEqual({ title: 'T', content: 'C' });
    expect(srv.requests[0]!.headers.authorization).toBe('Bearer sk-test-123');
    const b = body(0);
    expect(b.model).toBe('m-default');
    expect(b.temperature).toBe(0.2);
    expect(b.max_tokens).toBe(300);
    expect(b.messages).toEqual([
      { role: 'system', content: 'You write.' },
      { role: 'user', content: 'Write about cats.' },
    ]);
    expect(b.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'write_blog_post', schema, strict: false } });
    expect(usage).toEqual([{ promptTokens: 10, completionTokens: 5 }]);
  });

  it('feeds a parse failure back and accepts the corrected answer in the same attempt', async () => {
    script = [completion('Sure! {"title": "T", content: oops}'), completion('{"title":"T","content":"C"}', { prompt_tokens: 30, completion_tokens: 7 })];
    const { ctx, usage } = ctxWith();
    expect(await llmExecutor({ prompt: 'p' }, {}, ctx)).toEqual({ title: 'T', content: 'C' });
    const second = body(1).messages as { role: string; content: string }[];
    expect(second.slice(0, 2)).toEqual([
      { role: 'user', content: 'p' },
      { role: 'assistant', content: 'Sure! {"title": "T", content: oops}' },
    ]);
    expect(second[2]!.role).toBe('user');
    expect(second[2]!.content).toMatch(/not valid JSON/);
    expect(usage).toEqual([
      { promptTokens: 10, completionTokens: 5 },
      { promptTokens: 30, completionTokens: 7 },
    ]);
  });

  it('feeds schema violations back with the validation errors', async () => {
    script = [completion('{"title": 5, "extra": true}'), completion('```json\n{"title":"T","content":"C"}\n```')];
    const { ctx } = ctxWith();
    expect(await llmExecutor({ prompt: 'p' }, {}, ctx)).toEqual({ title: 'T', content: 'C' });
    const feedback = (body(1).messages as { content: string }[]).at(-1)!.content;
    expect(feedback).toContain('(root) is missing required property "content"');
    expect(feedback).toContain('/title must be string');
    expect(feedback).toContain('has unknown property "extra"');
  });

  it('fails the attempt (retriably) when every repair turn still breaks the schema', async () => {
    script = Array.from({ length: MAX_REPAIR_TURNS + 1 }, () => completion('{"title":"only"}'));
    const { ctx, usage } = ctxWith();
    const err = await llmExecutor({ prompt: 'p' }, {}, ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(NonRetriableError);
    expect((err as Error).message).toMatch(/no valid answer after 3 tries: .*required property "content"/);
    expect(srv.requests).toHaveLength(MAX_REPAIR_TURNS + 1);
    expect(usage).toHaveLength(MAX_REPAIR_TURNS + 1);
  });

  it('uses plain instructions with the schema when the provider has json_schema: false', async () => {
    script = [completion('{"title":"T","content":"C"}')];
    const { ctx } = ctxWith({ project: project({ json_schema: false }) });
    await llmExecutor({ system: 'Be brief.', prompt: 'p' }, {}, ctx);
    const b = body(0);
    expect(b.response_format).toBeUndefined();
    expect(b.messages[0].role).toBe('system');
    expect(b.messages[0].content).toMatch(/^Be brief\.\n\nAnswer with a single JSON value/);
    expect(b.messages[0].content).toContain(JSON.stringify(schema));
  });

  it('falls back to plain instructions when the server rejects response_format', async () => {
    script = [
      (_req, res) => sendJson(res, 400, { error: { message: "Unsupported parameter: 'response_format.json_schema'" } }),
      completion('{"title":"T","content":"C"}'),
    ];
    const provider = project({ base_url: `${srv.url}/v1`, model: 'no-schema-model' });
    const { ctx } = ctxWith({ project: provider });
    expect(await llmExecutor({ prompt: 'p' }, {}, ctx)).toEqual({ title: 'T', content: 'C' });
    expect(body(0).response_format).toBeDefined();
    expect(body(1).response_format).toBeUndefined();
    expect(body(1).messages[0].content).toContain('JSON Schema');
  });

  it('returns the answer text when the capability has no output schema', async () => {
    script = [completion('Just prose.')];
    const { ctx } = ctxWith({ outputSchema: undefined });
    expect(await llmExecutor({ prompt: 'p' }, {}, ctx)).toBe('Just prose.');
    expect(body(0).response_format).toBeUndefined();
  });

  it('applies the per-capability override of the provider', async () => {
    script = [completion('{"title":"T","content":"C"}')];
    const { ctx } = ctxWith({ project: project({ capabilities: { write_blog_post: { model: 'm-big', temperature: 0.9 } } }) });
    await llmExecutor({ prompt: 'p', model: 'm-agent' }, {}, ctx);
    expect(body(0).model).toBe('m-big');
    expect(body(0).temperature).toBe(0.9);
  });

  it('uses the agent’s model over the provider default', async () => {
    script = [completion('{"title":"T","content":"C"}')];
    await llmExecutor({ prompt: 'p', model: 'm-agent' }, {}, ctxWith().ctx);
    expect(body(0).model).toBe('m-agent');
  });

  it('honours 429 Retry-After', async () => {
    script = [(_req, res) => sendJson(res, 429, { error: { message: 'rate limited' } }, { 'retry-after': '12' })];
    const err = await llmExecutor({ prompt: 'p' }, {}, ctxWith().ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RetryAfterError);
    expect((err as RetryAfterError).retryAfterMs).toBe(12_000);
  });

  it('fails a 500 retriably and a 401 finally', async () => {
    script = [(_req, res) => sendJson(res, 500, { error: { message: 'overloaded' } })];
    const e500 = await llmExecutor({ prompt: 'p' }, {}, ctxWith().ctx).catch((e: unknown) => e);
    expect((e500 as Error).message).toMatch(/500.*overloaded/);
    expect(e500).not.toBeInstanceOf(NonRetriableError);
    script = [(_req, res) => sendJson(res, 401, { error: { message: 'bad key' } })];
    await expect(llmExecutor({ prompt: 'p' }, {}, ctxWith().ctx)).rejects.toBeInstanceOf(NonRetriableError);
  });

  it('aborts a completion that hangs past the timeout', async () => {
    script = [() => undefined];
    const err = await llmExecutor({ prompt: 'p' }, {}, ctxWith({ timeoutMs: 150 }).ctx).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/timed out after 150 ms/);
  });

  it('refuses an unknown provider or an empty base_url as non-retriable', async () => {
    await expect(llmExecutor({ prompt: 'p', provider: 'other' }, {}, ctxWith().ctx)).rejects.toThrow(/no provider "other" .*declared: default/);
    await expect(llmExecutor({ prompt: 'p' }, {}, ctxWith({ project: project({ base_url: '' }) }).ctx)).rejects.toBeInstanceOf(NonRetriableError);
  });
});

describe('parseJsonAnswer', () => {
  it.each([
    ['{"a":1}', { a: 1 }],
    ['```json\n{"a":1}\n```', { a: 1 }],
    ['```\n[1,2]\n```', [1, 2]],
    ['Here you go: {"a":{"b":2}} hope it helps', { a: { b: 2 } }],
  ])('reads %j', (text, value) => expect(parseJsonAnswer(text)).toEqual({ ok: true, value }));
  it('reports text without JSON', () => expect(parseJsonAnswer('no json here').ok).toBe(false));
});
