import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directRunsClient, openProject } from '../../src/runtime/index.ts';
import { sendJson, startServer } from '../unit/executors/server.ts';

// llm steps against a real OpenAI-protocol server that reports 60 tokens per completion; the
// workflow allows 100, so the second step crosses the budget and the third never runs.
let srv: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  srv = await startServer((_req, res) =>
    sendJson(res, 200, {
      choices: [{ message: { role: 'assistant', content: '{"text":"done"}' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 40, completion_tokens: 20 },
    }),
  );
});
afterAll(() => srv.close());

describe('token budget', () => {
  it('a run whose llm steps exceed budget.tokens ends as budget_exceeded with an alert event', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'amas-budget-'));
    cpSync(resolve('tests/fixtures/executors/e2e-project'), dir, { recursive: true });
    const p = await openProject(dir, { store: ':memory:', env: { LLM_BASE_URL: `${srv.url}/v1`, LLM_API_KEY: 'k-1234' } });
    const alerts: unknown[] = [];
    p.bus.subscribe('error_occurred', (e: { data: unknown }) => void alerts.push(e.data));
    const run = await p.run('spend');
    await p.close();
    expect(run.status).toBe('budget_exceeded');
    expect(run.steps['a']?.status).toBe('completed');
    expect(run.steps['c']?.status).not.toBe('completed');
    expect(srv.requests).toHaveLength(2);
    expect(alerts).toContainEqual(expect.objectContaining({ status: 'budget_exceeded' }));
  });

  it('records token usage per step, per agent and per run, durably', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'amas-usage-'));
    cpSync(resolve('tests/fixtures/executors/e2e-project'), dir, { recursive: true });
    const p = await openProject(dir, { env: { LLM_BASE_URL: `${srv.url}/v1`, LLM_API_KEY: 'k-1234' } });
    const run = await p.run('spend');
    await p.close();
    const perCall = { prompt: 40, completion: 20, total: 60 };
    expect(run.usage).toEqual({
      prompt: 80,
      completion: 40,
      total: 120,
      steps: { a: perCall, b: perCall },
      agents: { leaky: { prompt: 80, completion: 40, total: 120 } },
    });
    // Read back from the store by a fresh process-side client: the usage survived the close.
    const stored = await directRunsClient(dir).show(run.id);
    expect(stored.usage).toEqual(run.usage);
  });
});
