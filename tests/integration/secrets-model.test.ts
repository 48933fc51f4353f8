import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlSocketPath } from '../../src/runtime/index.ts';

// The secret model (docs/security.md) through the real CLI, `amas up` with its HTTP listener and
// control socket, and `amas mcp`: an ordinary .env setting is never a secret; a referenced secret
// echoed by a command step, an http step and in encoded forms appears in no file under .amas/,
// no HTTP body, no socket reply, no MCP message and no output line.

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/amas');
// Characters that JSON, URL and base64 encoding all spell differently from the raw value.
const TOKEN = 'tok-3vX9"q/w+z!@ 7';
const PEM = '-----BEGIN TEST KEY-----\nMIIBOgIBAAJBAKj34GkxFhD9secretline\n-----END TEST KEY-----';
const API_KEY = 'amas-api-key-5b1e09c7';
const OTHER = 'other-unreferenced-value';

/** Every spelling of the secrets that must appear nowhere. */
function forms(): string[] {
  const out: string[] = [];
  for (const s of [TOKEN, PEM, API_KEY]) {
    out.push(s, JSON.stringify(s).slice(1, -1), encodeURIComponent(s), Buffer.from(s).toString('base64').replace(/=+$/, ''), Buffer.from(s).toString('base64url'));
  }
  out.push(...PEM.split('\n').filter((l) => l.length >= 4 && !l.startsWith('-----')));
  return out;
}

function leaks(text: string): string[] {
  return forms().filter((f) => text.includes(f));
}

const PROBE = `import { writeFileSync } from 'node:fs';
const s = process.env.MAPPED ?? '';
const pem = process.env.PEM_MAPPED ?? '';
if (process.env.PROBE_FILE) writeFileSync(process.env.PROBE_FILE, JSON.stringify(process.env));
process.stdout.write(JSON.stringify({
  plain: s, b64: Buffer.from(s).toString('base64'), b64url: Buffer.from(s).toString('base64url'),
  url: encodeURIComponent(s), json: JSON.stringify({ s }), pem, pemLine: pem.split('\\n')[1] ?? '',
  inherited: process.env.TOKEN ?? null, apiKey: process.env.AMAS_API_KEY ?? null, flag: true,
}));
`;

function makeProject(extraEnvFile = ''): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amas-secmodel-'));
  const w = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };
  w('amas.yaml', 'name: secmodel\nhttp:\n  listen: 127.0.0.1:0\n');
  w('.env', `FEATURE_FLAG=true\nPEM="${PEM.replace(/\n/g, '\\n')}"\n${extraEnvFile}`);
  w('probe.mjs', PROBE);
  w(
    'agents.d/worker.yaml',
    `id: worker
capabilities:
  hello:
    run:
      template: { idempotent: true, greeting: hello, count: 1 }
  probe:
    run:
      command:
        argv: [node, probe.mjs]
        env: { MAPPED: '\${{ secrets.TOKEN }}', PEM_MAPPED: '\${{ secrets.PEM }}' }
  fetch:
    run:
      http:
        url: '\${{ env.ECHO_URL }}/echo'
        headers: { X-Token: '\${{ secrets.TOKEN }}' }
  keyecho:
    run:
      template: { key: '\${{ env.AMAS_API_KEY }}', ok: true }
`,
  );
  w('workflows.d/hello.yaml', 'id: hello\nsteps:\n  - id: greet\n    task: hello\noutputs:\n  result: ${{ steps.greet.output }}\n');
  w(
    'workflows.d/leak.yaml',
    `id: leak
steps:
  - id: probe
    task: probe
  - id: fetch
    task: fetch
  - id: keyecho
    task: keyecho
outputs:
  probe: \${{ steps.probe.output }}
  fetch: \${{ steps.fetch.output }}
  key: \${{ steps.keyecho.output }}
`,
  );
  return dir;
}

let echo: http.Server;
let echoUrl = '';
const echoed: string[] = [];

beforeAll(async () => {
  echo = http.createServer((req, res) => {
    const h = String(req.headers['x-token'] ?? '');
    echoed.push(h);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ header: h, b64: Buffer.from(h).toString('base64'), url: encodeURIComponent(h) }));
  });
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
  echoUrl = `http://127.0.0.1:${(echo.address() as net.AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => echo.close(() => r())));

function baseEnv(probeFile: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('AMAS_')) env[k] = v;
  return { ...env, TOKEN, OTHER, AMAS_API_KEY: API_KEY, ECHO_URL: echoUrl, PROBE_FILE: probeFile, AMAS_LOG_LEVEL: 'info' };
}

function amas(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    // Async: the echo server of this file must keep answering while the CLI runs.
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** Every byte amas wrote under .amas/ (gzip members decompressed: backups, pinned specs). */
function amasFiles(dir: string): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        const raw = fs.readFileSync(p);
        out.push({ file: p, text: raw.toString('latin1') + raw.toString('utf8') });
        if (raw[0] === 0x1f && raw[1] === 0x8b) out.push({ file: `${p} (gunzipped)`, text: gunzipSync(raw).toString('utf8') });
      }
    }
  };
  walk(path.join(dir, '.amas'));
  return out;
}

function expectNoLeakInFiles(dir: string): void {
  const files = amasFiles(dir);
  expect(files.length).toBeGreaterThan(0);
  for (const f of files) expect(leaks(f.text), f.file).toEqual([]);
}

function probeEnv(file: string): Record<string, string> {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
}

describe('an ordinary .env setting is not a secret', () => {
  it('FEATURE_FLAG=true in .env: runs store and print valid JSON with true intact, and the store stays readable', async () => {
    const dir = makeProject();
    const env = baseEnv(path.join(dir, 'unused.json'));
    for (let i = 0; i < 2; i++) {
      const r = await amas(['run', 'hello', dir, '--json'], env);
      expect(r.code, r.stderr).toBe(0);
      const result = JSON.parse(r.stdout) as { id: string; status: string; outputs: { result: { idempotent: unknown } } };
      expect(result.status).toBe('completed');
      expect(result.outputs.result.idempotent).toBe(true);
      expect(r.stdout).not.toContain('***');
    }
    const list = await amas(['runs', 'list', dir, '--json'], env);
    expect(list.code, list.stderr).toBe(0);
    const runs = JSON.parse(list.stdout) as { id: string }[];
    expect(runs).toHaveLength(2);
    const show = await amas(['runs', 'show', runs[0]!.id, dir, '--json'], env);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toContain('true');
    expect(show.stdout).not.toContain('***');
    JSON.parse(show.stdout);
  }, 120_000);
});

describe('a referenced secret leaves through no exit', () => {
  it('amas run (local): outputs masked, valid JSON, child env holds only the mapped secret, no file under .amas/ holds a form', async () => {
    const dir = makeProject();
    const probeFile = path.join(os.tmpdir(), `amas-probe-${process.pid}-${Date.now()}.json`);
    const r = await amas(['run', 'leak', dir, '--json'], baseEnv(probeFile));
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as { status: string; outputs: Record<string, Record<string, unknown>> };
    expect(result.status).toBe('completed');
    // The secret really went out: to the echo server and into the child (so masking, not a missing value, hides it).
    expect(echoed).toContain(TOKEN);
    const childEnv = probeEnv(probeFile);
    fs.rmSync(probeFile, { force: true });
    expect(childEnv.MAPPED).toBe(TOKEN);
    expect(childEnv.PEM_MAPPED).toBe(PEM);
    expect(childEnv.TOKEN).toBeUndefined();
    expect(childEnv.AMAS_API_KEY).toBeUndefined();
    expect(Object.keys(childEnv).filter((k) => k.startsWith('AMAS_') && !['AMAS_RUN_ID', 'AMAS_WORKFLOW_ID', 'AMAS_STEP_ID', 'AMAS_AGENT_ID', 'AMAS_CAPABILITY', 'AMAS_ATTEMPT', 'AMAS_IDEMPOTENCY_KEY', 'AMAS_PROJECT_DIR'].includes(k))).toEqual([]);
    expect(childEnv.OTHER).toBe(OTHER); // an unreferenced variable is ordinary environment
    expect(childEnv.PATH).toBe(process.env.PATH);

    const probe = result.outputs.probe!;
    expect(probe).toMatchObject({ plain: '***', b64: '***', b64url: '***', url: '***', pem: '***', pemLine: '***', inherited: null, apiKey: null, flag: true });
    expect(JSON.parse(probe.json as string)).toEqual({ s: '***' });
    expect(result.outputs.fetch).toEqual({ header: '***', b64: '***', url: '***' });
    expect(result.outputs.key).toEqual({ key: '***', ok: true });
    expect(leaks(r.stdout + r.stderr)).toEqual([]);

    const show = await amas(['runs', 'list', dir, '--json'], baseEnv(probeFile));
    const id = (JSON.parse(show.stdout) as { id: string }[])[0]!.id;
    const detail = await amas(['runs', 'show', id, dir, '--json'], baseEnv(probeFile));
    expect(detail.code, detail.stderr).toBe(0);
    expect(leaks(detail.stdout)).toEqual([]);
    const backup = await amas(['backup', dir, '--json'], baseEnv(probeFile));
    expect(backup.code, backup.stderr).toBe(0);
    expectNoLeakInFiles(dir);
  }, 120_000);

  it('amas up: HTTP bodies, control-socket replies, CLI through the socket, events, logs and .amas/ hold no form', async () => {
    const dir = makeProject();
    const probeFile = path.join(os.tmpdir(), `amas-probe-up-${process.pid}-${Date.now()}.json`);
    const env = baseEnv(probeFile);
    const up: ChildProcess = spawn(process.execPath, [BIN, 'up', '--no-tui', dir], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    up.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
    up.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
    const exited = new Promise<number | null>((r) => up.once('exit', (code) => r(code)));
    try {
      const url = await until(() => /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(out)?.[1], () => `HTTP listening\n${out}\n${err}`);
      await until(() => out.includes('amas is up'), () => out);
      const auth = { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' };
      const bodies: string[] = [];

      const started = await fetch(`${url}/api/workflows/leak/runs?wait=true`, { method: 'POST', headers: auth, body: '{}' });
      const startedText = await started.text();
      bodies.push(startedText);
      expect(started.status, startedText).toBe(200);
      const { runId, result } = JSON.parse(startedText) as { runId: string; result: { status: string; outputs: { probe: Record<string, unknown> } } };
      expect(result.status).toBe('completed');
      expect(result.outputs.probe.plain).toBe('***');
      expect(result.outputs.probe.flag).toBe(true);

      const got = await fetch(`${url}/api/runs/${runId}`, { headers: auth });
      const gotText = await got.text();
      bodies.push(gotText);
      expect(got.status).toBe(200);
      const stored = JSON.parse(gotText) as { run: { masked: boolean }; steps: { stepId: string; masked: boolean }[] };
      // The run's record says its values were stored masked.
      expect(stored.run.masked).toBe(true);
      expect(stored.steps.find((s) => s.stepId === 'probe')!.masked).toBe(true);
      bodies.push(await (await fetch(`${url}/api/runs/nope`, { headers: auth })).text());
      bodies.push(await (await fetch(`${url}/health`)).text());
      for (const b of bodies) expect(leaks(b), b).toEqual([]);
      expect(echoed).toContain(TOKEN);

      // The CLI through the control socket.
      const viaSocket = await amas(['run', 'leak', dir, '--json'], env);
      expect(viaSocket.code, viaSocket.stderr).toBe(0);
      expect(JSON.parse(viaSocket.stdout)).toMatchObject({ status: 'completed', outputs: { fetch: { header: '***' } } });
      const events = await amas(['events', dir, '--json'], env);
      expect(events.code, events.stderr).toBe(0);
      JSON.parse(events.stdout);
      const show = await amas(['runs', 'show', runId, dir, '--json'], env);
      expect(show.code, show.stderr).toBe(0);
      const status = await amas(['status', dir, '--json'], env);
      expect(status.code, status.stderr).toBe(0);
      for (const r of [viaSocket, events, show, status]) expect(leaks(r.stdout + r.stderr)).toEqual([]);

      // Raw control-socket replies, every method that returns run data.
      const replies = await socketCalls(controlSocketPath(dir), [
        { method: 'run.start', params: { workflow: 'leak', wait: true } },
        { method: 'runs.show', params: { runId } },
        { method: 'runs.detail', params: { runId } },
        { method: 'runs.list', params: {} },
        { method: 'events.list', params: {} },
        { method: 'status', params: {} },
      ]);
      expect(replies).toHaveLength(6);
      for (const line of replies) {
        expect(leaks(line), line).toEqual([]);
        JSON.parse(line);
      }
      expect(replies[0]).toContain('"completed"');
    } finally {
      up.kill('SIGTERM');
      await exited;
      fs.rmSync(probeFile, { force: true });
    }
    // Every log line is JSON and carries no form; nothing under .amas/ does either.
    for (const line of out.split('\n').filter((l) => l.trim() !== '')) JSON.parse(line);
    expect(leaks(out + err)).toEqual([]);
    expectNoLeakInFiles(dir);
  }, 180_000);

  it('amas mcp: execute_workflow results hold no form; a dynamic workflow cannot read an unreferenced secret', async () => {
    const dir = makeProject();
    const probeFile = path.join(os.tmpdir(), `amas-probe-mcp-${process.pid}-${Date.now()}.json`);
    const transport = new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp', dir], stderr: 'pipe', env: baseEnv(probeFile) });
    let stderr = '';
    transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const client = new Client({ name: 'amas-tests', version: '0' });
    await client.connect(transport);
    try {
      const r = (await client.callTool({ name: 'execute_workflow', arguments: { workflow_name: 'leak', parameters: {}, wait_seconds: 60 } })) as CallToolResult;
      const text = JSON.stringify(r);
      expect(r.isError, text).toBeFalsy();
      expect(text).toContain('***');
      expect(leaks(text)).toEqual([]);
      expect((r.structuredContent as { status: string }).status).toBe('completed');

      const dynamic = {
        id: 'peek',
        steps: [{ id: 'p', task: 'keyecho' }],
        outputs: { other: '${{ secrets.OTHER }}' },
      };
      const d = (await client.callTool({ name: 'create_dynamic_workflow', arguments: { workflow: dynamic, parameters: {}, wait_seconds: 30 } })) as CallToolResult;
      const dText = JSON.stringify(d);
      expect(d.isError).toBe(true);
      expect(dText).toContain('AMAS603');
      expect(dText).not.toContain(OTHER);

      // A secret the project does reference may be read by a dynamic workflow; its value is masked.
      const ok = (await client.callTool({
        name: 'create_dynamic_workflow',
        arguments: { workflow: { id: 'peek2', steps: [{ id: 'p', task: 'hello' }], outputs: { t: '${{ secrets.TOKEN }}' } }, parameters: {}, wait_seconds: 30 },
      })) as CallToolResult;
      const okText = JSON.stringify(ok);
      expect(ok.isError, okText).toBeFalsy();
      expect(okText).toContain('"t":"***"');
      expect(leaks(okText + stderr)).toEqual([]);
    } finally {
      await client.close();
      fs.rmSync(probeFile, { force: true });
    }
    expectNoLeakInFiles(dir);
  }, 180_000);
});

describe('what cannot be a secret', () => {
  it('a referenced secret of 3 characters is a validate error located at the reference', async () => {
    const dir = makeProject();
    const env = { ...baseEnv(path.join(dir, 'unused.json')), TOKEN: 'abc' };
    const r = await amas(['validate', dir], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/agents\.d\/worker\.yaml:10:\d+: error AMAS602: secret `TOKEN` is 3 characters long/);
    const run = await amas(['run', 'hello', dir], env);
    expect(run.code).not.toBe(0);
  }, 60_000);
});

async function until<T>(get: () => T | undefined | false, what: () => string, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Sends JSON-RPC requests one by one over the control socket; resolves with each raw reply line. */
function socketCalls(socketPath: string, calls: { method: string; params: unknown }[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(socketPath);
    const replies: string[] = [];
    let buf = '';
    let next = 0;
    const send = () => {
      const c = calls[next]!;
      sock.write(`${JSON.stringify({ jsonrpc: '2.0', id: next + 1, method: c.method, params: c.params })}\n`);
    };
    sock.setEncoding('utf8');
    sock.on('connect', send);
    sock.on('error', reject);
    sock.on('data', (d: string) => {
      buf += d;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (!line.includes('"id"')) continue; // a notification
        replies.push(line);
        next++;
        if (next < calls.length) send();
        else {
          sock.end();
          resolve(replies);
        }
      }
    });
  });
}
