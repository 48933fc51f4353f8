import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendJson, startServer } from '../unit/executors/server.ts';
import { startReceiver, type ReceivedSpan } from './otlp-receiver.ts';
import { BIN, copyProject, ROOT, startUp, until, type CliResult } from './up-child.ts';

// OpenTelemetry traces through the real CLI: an OTLP/HTTP receiver and an OpenAI-compatible server
// on 127.0.0.1, `amas run` and `amas up` on a project with an llm step beside a template step.

const FIXTURE = path.join(ROOT, 'tests/fixtures/telemetry/project');
const MODULE_LOG_HOOK = pathToFileURL(path.join(ROOT, 'tests/fixtures/telemetry/module-log/register.mjs')).href;
const OTLP_TOKEN = 'otlp-token-7f3a9c';

let llm: Awaited<ReturnType<typeof startServer>>;
let receivers: Awaited<ReturnType<typeof startReceiver>>[] = [];

beforeAll(async () => {
  llm = await startServer((_req, res) =>
    sendJson(res, 200, {
      model: 'test-model-2026-01',
      choices: [{ message: { role: 'assistant', content: 'Otters hold hands while they sleep.' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 40, completion_tokens: 20 },
    }),
  );
});
afterAll(async () => {
  await llm.close();
  await Promise.all(receivers.map((r) => r.close()));
});

async function receiver() {
  const r = await startReceiver();
  receivers.push(r);
  return r;
}

/** The environment of an amas process: no OTEL_* from outside, the servers of this test. */
function env(extra: Record<string, string>): Record<string, string> {
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('OTEL_') && v !== undefined) clean[k] = v;
  return { ...clean, LLM_BASE_URL: `${llm.url}/v1`, LLM_API_KEY: 'llm-key-1234', OTLP_TOKEN, ...extra };
}

/**
 * The real CLI as a child process, without blocking: the servers it talks to live in this process,
 * so a synchronous spawn would deadlock them.
 */
function amasIn(dir: string, args: string[], extraEnv?: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: { ...(extraEnv ?? process.env), AMAS_DEBUG: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function withoutTelemetry(dir: string): void {
  const file = path.join(dir, 'amas.yaml');
  const text = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(file, text.slice(0, text.indexOf('# TELEMETRY')));
}

const one = (spans: ReceivedSpan[], name: string): ReceivedSpan => {
  const found = spans.filter((s) => s.name === name);
  expect(found, `exactly one span named ${name} in ${spans.map((s) => s.name).join(', ')}`).toHaveLength(1);
  return found[0]!;
};

/** The tree of one run of `story`, checked span by span. */
function expectStoryTrace(spans: ReceivedSpan[], runId: string): void {
  const mine = spans.filter((s) => s.attributes['amas.run.id'] === runId);
  const root = one(mine, 'run story');
  expect(root.parentSpanId).toBeUndefined();
  expect(root.attributes).toMatchObject({ 'amas.workflow': 'story', 'amas.trigger': 'manual', 'amas.run.status': 'completed', 'gen_ai.usage.input_tokens': 40, 'gen_ai.usage.output_tokens': 20 });
  expect(root.resource['service.name']).toBe('traced-test');
  for (const s of mine) expect(s.traceId).toBe(root.traceId);

  const steps = ['draft', 'notes', 'final'].map((id) => one(mine, `step ${id}`));
  for (const s of steps) {
    expect(s.parentSpanId).toBe(root.spanId);
    expect(s.status.code).toBe(0);
    expect(s.startMs).toBeGreaterThanOrEqual(root.startMs);
    expect(s.endMs).toBeLessThanOrEqual(root.endMs);
  }
  const agents = mine.filter((s) => s.name === 'invoke_agent writer');
  expect(agents).toHaveLength(3);
  for (const step of steps) {
    const a = agents.filter((s) => s.parentSpanId === step.spanId);
    expect(a, `one invoke_agent span under ${step.name}`).toHaveLength(1);
    expect(a[0]!.attributes).toMatchObject({ 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'writer', 'amas.step.id': step.name.slice(5), 'amas.attempt': 1 });
  }
  const draftAgent = agents.find((s) => s.parentSpanId === steps[0]!.spanId)!;
  const chat = one(mine, 'chat test-model');
  expect(chat.parentSpanId).toBe(draftAgent.spanId);
  expect(chat.kind).toBe(3); // CLIENT
  expect(chat.attributes).toMatchObject({
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'default',
    'gen_ai.request.model': 'test-model',
    'gen_ai.response.model': 'test-model-2026-01',
    'gen_ai.usage.input_tokens': 40,
    'gen_ai.usage.output_tokens': 20,
    'gen_ai.response.finish_reasons': ['stop'],
    'amas.step.id': 'draft',
  });
  expect(chat.startMs).toBeGreaterThanOrEqual(draftAgent.startMs);
  expect(chat.endMs).toBeLessThanOrEqual(draftAgent.endMs);
  // final waits for both: it starts after draft and notes ended.
  expect(steps[2]!.startMs).toBeGreaterThanOrEqual(Math.max(steps[0]!.endMs, steps[1]!.endMs));
  expect(mine).toHaveLength(1 + 3 + 3 + 1);
}

describe('OpenTelemetry traces', { timeout: 60_000 }, () => {
  it('amas run exports the span tree of a run with an llm step to the OTLP endpoint of amas.yaml, flushed before it exits', async () => {
    const otlp = await receiver();
    const dir = copyProject(FIXTURE, 'amas-otel-');
    const log = path.join(dir, 'modules.log');
    const r = await amasIn(dir, ['run', 'story', dir, '--json'], env({ OTLP_URL: otlp.url, NODE_OPTIONS: `--import ${MODULE_LOG_HOOK}`, AMAS_TEST_MODULE_LOG: log }));
    expect(r.code).toBe(0);
    const run = JSON.parse(r.stdout) as { id: string; status: string };
    expect(run.status).toBe('completed');
    expectStoryTrace(otlp.spans(), run.id);
    const req = otlp.requests.find((q) => q.url === '/v1/traces')!;
    expect(req.headers['authorization']).toBe(`Bearer ${OTLP_TOKEN}`);
    expect(req.headers['content-type']).toMatch(/application\/json/);
    // The control for the test below: with traces on, the module log does see the SDK load.
    expect(fs.readFileSync(log, 'utf8')).toMatch(/@opentelemetry\/sdk-trace-base/);
  });

  it('without telemetry configured, amas run loads nothing of OpenTelemetry and exports nothing', async () => {
    const otlp = await receiver();
    const dir = copyProject(FIXTURE, 'amas-otel-off-');
    withoutTelemetry(dir);
    const log = path.join(dir, 'modules.log');
    // OTLP_URL is set but read by nothing: only amas.yaml or OTEL_EXPORTER_OTLP_* turn traces on.
    const r = await amasIn(dir, ['run', 'story', dir, '--json'], env({ OTLP_URL: otlp.url, NODE_OPTIONS: `--import ${MODULE_LOG_HOOK}`, AMAS_TEST_MODULE_LOG: log }));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'completed' });
    expect(llm.requests.length).toBeGreaterThan(0);
    expect(fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '').toBe('');
    expect(otlp.requests).toEqual([]);
  });

  it('reads the standard OTEL_EXPORTER_OTLP_ENDPOINT and OTEL_SERVICE_NAME, and OTEL_SDK_DISABLED turns it off', async () => {
    const otlp = await receiver();
    const dir = copyProject(FIXTURE, 'amas-otel-env-');
    withoutTelemetry(dir);
    const r = await amasIn(dir, ['run', 'story', dir, '--json'], env({ OTEL_EXPORTER_OTLP_ENDPOINT: `${otlp.url}/`, OTEL_SERVICE_NAME: 'from-env' }));
    expect(r.code).toBe(0);
    const run = JSON.parse(r.stdout) as { id: string };
    const root = one(otlp.spans(), 'run story');
    expect(root.attributes['amas.run.id']).toBe(run.id);
    expect(root.resource['service.name']).toBe('from-env');

    const before = otlp.requests.length;
    const off = await amasIn(dir, ['run', 'story', dir, '--json'], env({ OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url, OTEL_SDK_DISABLED: 'true' }));
    expect(off.code).toBe(0);
    expect(otlp.requests.length).toBe(before);
  });

  it('a run whose model call fails exports the error on the chat, agent, step and run spans', async () => {
    const otlp = await receiver();
    const failing = await startServer((_req, res) => sendJson(res, 500, { error: { message: 'the model is on fire' } }));
    try {
      const dir = copyProject(FIXTURE, 'amas-otel-fail-');
      const r = await amasIn(dir, ['run', 'story', dir, '--json'], env({ OTLP_URL: otlp.url, LLM_BASE_URL: `${failing.url}/v1` }));
      expect(r.code).toBe(1);
      const spans = otlp.spans();
      const chat = one(spans, 'chat test-model');
      expect(chat.status.code).toBe(2); // ERROR
      expect(chat.status.message).toMatch(/500/);
      expect(chat.attributes['gen_ai.usage.input_tokens']).toBeUndefined();
      expect(one(spans, 'step draft').status.code).toBe(2);
      const root = one(spans, 'run story');
      expect(root.status.code).toBe(2);
      expect(root.attributes['amas.run.status']).toBe('failed');
      expect(spans.find((s) => s.spanId === chat.parentSpanId)?.name).toBe('invoke_agent writer');
    } finally {
      await failing.close();
    }
  });

  it('amas up exports runs started through it, follows a hot reload of the endpoint for new runs, and flushes on shutdown', async () => {
    const a = await receiver();
    const b = await receiver();
    const dir = copyProject(FIXTURE, 'amas-otel-up-');
    // A long batch delay: nothing is sent on a timer, so what arrives was flushed by a reload or the shutdown.
    const up = await startUp(dir, [], env({ OTLP_URL: a.url, OTLP_URL_B: b.url, OTEL_BSP_SCHEDULE_DELAY: '600000' }));
    try {
      const first = await amasIn(dir, ['run', 'story', dir, '--json']);
      expect(first.code).toBe(0);
      const run1 = (JSON.parse(first.stdout) as { id: string }).id;
      expect(a.requests).toEqual([]);

      const file = path.join(dir, 'amas.yaml');
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('${{ env.OTLP_URL }}', '${{ env.OTLP_URL_B }}'));
      await until(() => up.lines().some((l) => l.msg === 'reloaded'), 'the reload');
      // The old target had no run left open: it is flushed and closed at once.
      await until(() => a.spans().some((s) => s.name === 'run story'), 'the first run on the old endpoint');
      expectStoryTrace(a.spans(), run1);

      const second = await amasIn(dir, ['run', 'story', dir, '--json']);
      expect(second.code).toBe(0);
      const run2 = (JSON.parse(second.stdout) as { id: string }).id;
      expect(b.requests).toEqual([]);
      await up.stop();
      expect(up.child.exitCode).toBe(0);
      expectStoryTrace(b.spans(), run2);
      expect(a.spans().some((s) => s.attributes['amas.run.id'] === run2)).toBe(false);
      expect(up.stdout()).not.toContain(OTLP_TOKEN);
    } finally {
      await up.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a receiver that is down costs one warning in the log, and the runs complete', async () => {
    const gone = await receiver();
    const url = gone.url;
    await gone.close();
    receivers = receivers.filter((r) => r !== gone);
    const dir = copyProject(FIXTURE, 'amas-otel-down-');
    const up = await startUp(dir, [], env({ OTLP_URL: url, OTEL_BSP_SCHEDULE_DELAY: '50' }));
    try {
      for (let i = 0; i < 3; i++) {
        const r = await amasIn(dir, ['run', 'story', dir, '--json']);
        expect(r.code).toBe(0);
        expect(JSON.parse(r.stdout)).toMatchObject({ status: 'completed' });
        await until(() => up.lines().some((l) => l.msg.startsWith('OpenTelemetry export failed')), 'the export warning');
      }
      const warnings = up.lines().filter((l) => l.msg.startsWith('OpenTelemetry export failed'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatchObject({ level: 'warn', endpoint: `${url}/v1/traces` });
    } finally {
      await up.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});


