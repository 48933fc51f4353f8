import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, connect, RawChild, text } from './mcp-helpers.ts';
import { amas, startUp, stopUp, trustProject, until, type Up } from './trust-fixture.ts';

// `manual` means manual on every face (HTTP, CLI through the runtime and without it, MCP through
// the runtime and without it), triggers still start runs; the control socket and the MCP server
// refuse oversized and over-deep messages with an answer and keep serving.

const REFUSAL = 'workflow "on-event" cannot be started by hand: its on: lists event (add "- manual: {}" to allow it)';
let dir: string;
let up: Up;
let base: string;
let key: string;

const json = () => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' });
const started = (workflow: string) => up.lines().filter((l) => l.msg === 'run started' && l.workflow === workflow);

beforeAll(async () => {
  dir = trustProject();
  up = await startUp(dir);
  base = up.lines().find((l) => l.msg === 'HTTP API listening')!.url as string;
  key = fs.readFileSync(path.join(dir, '.amas/api-key'), 'utf8').trim();
}, 60_000);

afterAll(async () => {
  if (up) await stopUp(up);
  fs.rmSync(dir, { recursive: true, force: true });
}, 30_000);

/** One JSON-RPC exchange on the control socket, by hand; resolves with the lines answered and whether it closed. */
async function controlExchange(lines: string[], wantReplies: number): Promise<{ replies: { id: unknown; result?: unknown; error?: { message: string } }[]; closed: boolean }> {
  const s = net.connect(path.join(dir, '.amas/amas.sock'));
  let buf = '';
  let closed = false;
  s.setEncoding('utf8').on('data', (d: string) => (buf += d));
  s.on('error', () => undefined);
  s.on('close', () => (closed = true));
  await new Promise<void>((resolve) => s.once('connect', () => resolve()));
  for (const l of lines) s.write(`${l}\n`);
  const replies = () => buf.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as { id: unknown; result?: unknown; error?: { message: string } });
  await until(() => replies().length >= wantReplies, `${wantReplies} control replies`, 15_000, up);
  await new Promise((r) => setTimeout(r, 100));
  const out = { replies: replies(), closed };
  s.destroy();
  return out;
}

describe('a workflow whose on: does not list manual, while amas up runs', () => {
  it('HTTP: 403 with the reason; nothing is started', async () => {
    const res = await fetch(`${base}/api/workflows/on-event/runs`, { method: 'POST', headers: json(), body: '{}' });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: { code: 'AMAS_NOT_MANUAL', message: REFUSAL } });
    expect(started('on-event')).toEqual([]);
  });

  it('CLI (through the control socket): exit 2 with the reason', () => {
    const r = amas(dir, ['run', 'on-event', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(REFUSAL);
    expect(started('on-event')).toEqual([]);
  }, 60_000);

  it('MCP (through the control socket): an error result with the reason', async () => {
    const c = await connect(dir);
    try {
      const r = await call(c.client, 'execute_workflow', { workflow_name: 'on-event' });
      expect(r.isError).toBe(true);
      expect(text(r)).toContain(REFUSAL);
      const ok = await call(c.client, 'execute_workflow', { workflow_name: 'hello', parameters: { name: 'mcp' }, wait_seconds: 20 });
      expect(ok.isError).toBeFalsy();
    } finally {
      await c.close();
    }
    expect(started('on-event')).toEqual([]);
  }, 60_000);

  it('its own triggers still start it: an event, and a cron-only workflow', async () => {
    const res = await fetch(`${base}/api/events`, { method: 'POST', headers: json(), body: '{"type":"data_update","data":{"x":1}}' });
    expect(res.status).toBe(202);
    const [run] = await until(() => started('on-event').length > 0 && started('on-event'), 'the event-started run', 10_000, up);
    expect(run!.trigger).toBe('event');
    const [tick] = await until(() => started('every-second').length > 0 && started('every-second'), 'the cron-started run', 10_000, up);
    expect(tick!.trigger).toBe('cron');
    await until(() => up.lines().some((l) => l.msg === 'run finished' && l.run === run!.run && l.status === 'completed'), 'the event run to complete', 10_000, up);
  });
});

describe('the control socket bounds each message', () => {
  it('a 200,000-deep request gets an error under its id; the connection keeps serving', async () => {
    const deep = `{"jsonrpc":"2.0","method":"emit","params":{"type":"data_update","data":${'['.repeat(200_000)}${']'.repeat(200_000)}},"id":7}`;
    const { replies, closed } = await controlExchange([deep, '{"jsonrpc":"2.0","id":8,"method":"status"}'], 2);
    expect(replies[0]).toMatchObject({ id: 7, error: { message: 'invalid request: nested deeper than 64 levels' } });
    expect(replies[1]).toMatchObject({ id: 8, result: { state: 'running' } });
    expect(closed).toBe(false);
  });

  it('a request over 8 MiB gets an error and the connection is closed; the runtime keeps serving', async () => {
    const big = `{"jsonrpc":"2.0","id":9,"method":"emit","params":{"type":"data_update","data":"${'x'.repeat(9 * 1024 * 1024)}"}}`;
    const { replies, closed } = await controlExchange([big], 1);
    expect(replies[0]).toMatchObject({ id: null, error: { message: `request larger than ${8 * 1024 * 1024} bytes` } });
    expect(closed).toBe(true);
    const s = amas(dir, ['status', dir, '--json']);
    expect(s.code).toBe(0);
    expect(JSON.parse(s.stdout)).toMatchObject({ state: 'running' });
  }, 60_000);
});

describe('the MCP server bounds each message', () => {
  it('tool arguments 200,000 levels deep get an error result under their id; the server keeps serving', async () => {
    const before = started('hello').length;
    const raw = new RawChild(dir);
    try {
      await raw.initialize();
      raw.write(`{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"execute_workflow","arguments":{"workflow_name":"hello","parameters":{"extra":${'['.repeat(200_000)}${']'.repeat(200_000)}}}}}`);
      await raw.until(() => !!raw.response(5), 'the answer to the deep call');
      expect(raw.response(5).result).toEqual({ isError: true, content: [{ type: 'text', text: 'refused: arguments nested deeper than 64 levels' }] });
      raw.write({ jsonrpc: '2.0', id: 6, method: 'tools/list' });
      await raw.until(() => !!raw.response(6), 'tools/list after it');
      expect(raw.response(6).result.tools.length).toBeGreaterThan(0);
    } finally {
      await raw.close();
    }
    expect(started('hello')).toHaveLength(before);
  }, 60_000);
});

describe('without amas up', () => {
  it('CLI: exit 2 with the same reason; a manual workflow still runs', async () => {
    expect(await stopUp(up)).toEqual({ code: 0, signal: null });
    const r = amas(dir, ['run', 'on-event', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(REFUSAL);
    const ok = amas(dir, ['run', 'hello', dir, '--json']);
    expect(ok.code).toBe(0);
  }, 60_000);

  it('MCP: an error result with the same reason; nothing of it was ever stored but its event run', async () => {
    const c = await connect(dir);
    try {
      const m = await call(c.client, 'execute_workflow', { workflow_name: 'on-event' });
      expect(m.isError).toBe(true);
      expect(text(m)).toContain(REFUSAL);
    } finally {
      await c.close();
    }
    const list = amas(dir, ['runs', 'list', dir, '--json', '--limit', '1000']);
    expect((JSON.parse(list.stdout) as { workflow: string }[]).filter((x) => x.workflow === 'on-event')).toHaveLength(1);
  }, 60_000);
});
