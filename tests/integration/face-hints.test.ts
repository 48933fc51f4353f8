import net from 'node:net';
import path from 'node:path';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, connect, copyFixture, text, type Connected } from './mcp-helpers.ts';
import { amasIn, apiKeyHeaders, copyProject, ROOT, startUp, type UpChild } from './up-child.ts';

// Each face words its own hint for a bad workflow input (issue 18 item 9c), and MCP errors
// carry the JSON-RPC prefix once (9d).

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

describe('a bad input, hinted per face', () => {
  let dir: string;
  let up: UpChild | undefined;
  let port = 0;
  beforeAll(async () => {
    dir = copyProject(path.join(ROOT, 'tests/fixtures/up/basic'));
    port = await freePort();
    up = await startUp(dir, ['--http', `127.0.0.1:${port}`]);
  });
  afterAll(async () => {
    await up?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the CLI says --input', () => {
    const r = amasIn(dir, ['run', 'hello', dir, '--input', 'nope=1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown input "nope"');
    expect(r.stderr).toContain('hint: pass inputs as --input name=value');
  });

  it('HTTP says the JSON body, never --input', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/api/workflows/hello/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...apiKeyHeaders(dir) },
      body: JSON.stringify({ nope: 1 }),
    });
    expect(res.status).toBe(400);
    const body = JSON.stringify(await res.json());
    expect(body).toContain('unknown input \\"nope\\"');
    expect(body).toContain('send the inputs as the JSON request body');
    expect(body).not.toContain('--input');
  });
});

describe('MCP', () => {
  let dir: string;
  let c: Connected;
  beforeAll(async () => {
    dir = copyFixture();
    c = await connect(dir);
  });
  afterAll(async () => {
    await c.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a bad input names the "parameters" argument, never --input', async () => {
    const r = await call(c.client, 'execute_workflow', { workflow_name: 'greet', parameters: { nope: 1 } });
    expect(r.isError).toBe(true);
    expect(text(r)).toContain('unknown input "nope"');
    expect(text(r)).toContain('"parameters" argument');
    expect(text(r)).not.toContain('--input');
  });

  it('a missing resource is one JSON-RPC error with the prefix once', async () => {
    const err = await c.client.readResource({ uri: 'amas://runs/nope' }).then(
      () => undefined,
      (e: unknown) => e as Error & { code: number },
    );
    expect(err?.code).toBe(-32002);
    expect(err?.message).toBe('MCP error -32002: no run "nope"');
  });
});
