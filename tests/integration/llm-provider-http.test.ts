// The llm executor against a real OpenAI-protocol server on 127.0.0.1, through a real run: a 429
// that says `retry-after-ms` is retried after that many milliseconds (not Retry-After's 30 s, not
// the policy's backoff), and a provider with `token_param: max_completion_tokens` sends that
// field instead of `max_tokens`, which the server (like OpenAI's reasoning models) refuses.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { openProject } from '../../src/runtime/index.ts';
import { sendJson, startServer, type Recorded } from '../unit/executors/server.ts';

type Answer = (req: Recorded, res: ServerResponse) => void;
let script: Answer[] = [];
const arrivals: number[] = [];
let srv: Awaited<ReturnType<typeof startServer>>;
const dirs: string[] = [];

/** Like OpenAI for a reasoning model: `max_tokens` is refused, `max_completion_tokens` is taken. */
const strictModel: Answer = (req, res) => {
  const body = JSON.parse(req.body) as Record<string, unknown>;
  if ('max_tokens' in body) return sendJson(res, 400, { error: { message: "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", type: 'invalid_request_error' } });
  sendJson(res, 200, { choices: [{ message: { role: 'assistant', content: JSON.stringify({ text: `limit ${String(body.max_completion_tokens)}` }) }, finish_reason: 'stop' }], usage: { prompt_tokens: 3, completion_tokens: 2 } });
};

beforeAll(async () => {
  srv = await startServer((req, res) => {
    arrivals.push(Date.now());
    const next = script.shift();
    if (!next) return sendJson(res, 500, { error: { message: 'script exhausted' } });
    next(req, res);
  });
});
afterAll(async () => {
  await srv.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
beforeEach(() => {
  script = [];
  arrivals.length = 0;
  srv.requests.length = 0;
});

function project(tokenParam: string | undefined): string {
  const d = mkdtempSync(join(tmpdir(), 'amas-llm-http-'));
  mkdirSync(join(d, 'agents.d'));
  mkdirSync(join(d, 'workflows.d'));
  writeFileSync(
    join(d, 'amas.yaml'),
    `apiVersion: amas/v1
runtime: { default_timeout: 20s, retry: { attempts: 2, backoff: fixed, initial: 1m } }
providers:
  default:
    base_url: ${srv.url}/v1
    model: o-reasoner
${tokenParam ? `    token_param: ${tokenParam}\n` : ''}`,
  );
  writeFileSync(
    join(d, 'agents.d', 'writer.yaml'),
    `id: writer
capabilities:
  write:
    output: { type: object, required: [text], properties: { text: { type: string } } }
    run:
      llm: { prompt: "write", max_tokens: 64 }
`,
  );
  writeFileSync(join(d, 'workflows.d', 'w.yaml'), 'id: w\nsteps:\n  - { id: a, task: write }\noutputs:\n  text: ${{ steps.a.output.text }}\n');
  dirs.push(d);
  return d;
}

it('a 429 with retry-after-ms is retried after that many milliseconds, then succeeds', async () => {
  script = [(_req, res) => sendJson(res, 429, { error: { message: 'rate limited' } }, { 'retry-after-ms': '300', 'retry-after': '30' }), strictModel];
  const p = await openProject(project('max_completion_tokens'), { store: ':memory:' });
  try {
    const run = await p.run('w');
    expect(run.status).toBe('completed');
    expect(run.outputs).toEqual({ text: 'limit 64' });
  } finally {
    await p.close();
  }
  expect(arrivals).toHaveLength(2);
  // It waited what the server asked (not 0, and not the 1-minute backoff nor 30 s: the test would time out).
  expect(arrivals[1]! - arrivals[0]!).toBeGreaterThanOrEqual(290);
}, 20_000);

it('token_param: max_completion_tokens sends the limit under that name; the default sends max_tokens, which such a model refuses', async () => {
  script = [strictModel];
  const p = await openProject(project('max_completion_tokens'), { store: ':memory:' });
  try {
    expect((await p.run('w')).status).toBe('completed');
  } finally {
    await p.close();
  }
  const sent = JSON.parse(srv.requests[0]!.body) as Record<string, unknown>;
  expect(sent.max_completion_tokens).toBe(64);
  expect(sent).not.toHaveProperty('max_tokens');

  script = [strictModel];
  const q = await openProject(project(undefined), { store: ':memory:' });
  try {
    const run = await q.run('w');
    expect(run.status).toBe('failed');
    expect(JSON.stringify(run.steps.a)).toContain('max_completion_tokens');
  } finally {
    await q.close();
  }
  expect(JSON.parse(srv.requests[1]!.body)).toHaveProperty('max_tokens', 64);
}, 20_000);
