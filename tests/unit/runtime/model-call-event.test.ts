import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openProject } from '../../../src/runtime/index.ts';
import type { RuntimeEvent } from '../../../src/runtime/event-stream.ts';
import { sendJson, startServer } from '../executors/server.ts';

// The `model_call` event: each chat request of an llm step reaches the project's stream with its
// provider, models, times, tokens and finish reason — and a failed one with its error, masked.

const KEY = 'llm-key-5150-abcdef';
let calls = 0;
let failing = false;
let srv: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  srv = await startServer((_req, res) => {
    calls++;
    // The first answer breaks the schema (one repair turn), the second is good; when failing,
    // the server answers 500 and echoes the key it was sent.
    if (failing) return sendJson(res, 500, { error: { message: `bad key ${KEY}` } });
    return sendJson(res, 200, {
      model: 'served-model',
      choices: [{ message: { role: 'assistant', content: calls % 2 === 1 ? '{"nope":1}' : '{"text":"ok"}' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 11, completion_tokens: 7 },
    });
  });
});
afterAll(() => srv.close());

async function project() {
  const dir = mkdtempSync(join(tmpdir(), 'amas-model-call-'));
  cpSync(resolve('tests/fixtures/executors/e2e-project'), dir, { recursive: true });
  return openProject(dir, { store: ':memory:', env: { LLM_BASE_URL: `${srv.url}/v1`, LLM_API_KEY: KEY, SERVICE_TOKEN: 'svc-token-123' } });
}

describe('model_call events', () => {
  it('one per chat request of an attempt, repair turns included, with tokens and models', async () => {
    const p = await project();
    const seen: RuntimeEvent[] = [];
    p.stream.subscribe((e) => seen.push(e), { filter: { types: ['model_call'] } });
    const t0 = Date.now();
    const run = await p.runDynamic({ apiVersion: 'amas/v1', id: 'one', steps: [{ id: 'w', task: 'write' }] });
    await p.close();
    expect(run.status).toBe('completed');
    expect(seen).toHaveLength(2);
    for (const e of seen) {
      expect(e).toMatchObject({ type: 'model_call', runId: run.id, stepId: 'w', attempt: 1, agent: 'leaky', provider: 'default', model: 'test-model', responseModel: 'served-model', inputTokens: 11, outputTokens: 7, finishReason: 'stop', workflow: 'one' });
      if (e.type !== 'model_call') throw new Error('narrowed above');
      expect(e.startedAt).toBeGreaterThanOrEqual(t0);
      expect(e.durationMs).toBeGreaterThanOrEqual(0);
      expect(e.error).toBeUndefined();
    }
  });

  it('a failed request is reported with its error, the key masked', async () => {
    const p = await project();
    const seen: RuntimeEvent[] = [];
    p.stream.subscribe((e) => seen.push(e), { filter: { types: ['model_call'] } });
    failing = true;
    const run = await p.runDynamic({ apiVersion: 'amas/v1', id: 'two', steps: [{ id: 'w', task: 'write' }] });
    failing = false;
    await p.close();
    expect(run.status).toBe('failed');
    expect(seen).toHaveLength(1);
    const e = seen[0]!;
    if (e.type !== 'model_call') throw new Error('expected a model_call');
    expect(e.error).toMatch(/500/);
    expect(e.error).not.toContain(KEY);
    expect(e.inputTokens).toBeUndefined();
  });
});
