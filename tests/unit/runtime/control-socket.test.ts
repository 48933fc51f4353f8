import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AmasError, silentLogger } from '../../../src/core/index.ts';
import { connectControl, controlSocketPath, InvalidParamsError, serveControl, type ControlServer } from '../../../src/runtime/control/index.ts';

let dir: string;
let server: ControlServer | undefined;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amas-ctl-'));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
});

function rawExchange(sock: string, payload: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const s = net.connect(sock);
    let buf = '';
    s.setEncoding('utf8');
    s.on('data', (d: string) => {
      buf += d;
      const lines = buf.split('\n').filter(Boolean);
      if (lines.length >= payload.split('\n').filter(Boolean).length) {
        s.destroy();
        resolve(lines);
      }
    });
    s.on('error', reject);
    s.write(payload);
  });
}

describe('control socket', () => {
  it('answers calls, maps errors, and pushes notifications to the caller', async () => {
    const sock = controlSocketPath(dir);
    server = await serveControl(
      sock,
      {
        add: (p) => {
          const { a, b } = p as { a?: unknown; b?: unknown };
          if (typeof a !== 'number' || typeof b !== 'number') throw new InvalidParamsError('a and b must be numbers');
          return a + b;
        },
        fail: () => {
          throw new AmasError('AMAS_TEST', 'it failed', { hint: 'try again', exitCode: 2 });
        },
        tail: (_p, client) => {
          setImmediate(() => client.notify('event', { n: 1 }));
          return { subscribed: true };
        },
      },
      silentLogger,
    );
    expect(fs.statSync(sock).mode & 0o777).toBe(0o600);
    const client = (await connectControl(sock))!;
    expect(await client.call('add', { a: 2, b: 3 })).toBe(5);
    await expect(client.call('add', { a: 'x' })).rejects.toThrow(/a and b must be numbers/);
    const err = await client.call('fail').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AmasError);
    expect((err as AmasError).code).toBe('AMAS_TEST');
    expect((err as AmasError).exitCode).toBe(2);
    const note = new Promise((resolve) => client.onNotification((m, p) => resolve([m, p])));
    expect(await client.call('tail')).toEqual({ subscribed: true });
    expect(await note).toEqual(['event', { n: 1 }]);
    client.close();
  });

  it('survives malformed lines, unknown methods and invalid requests', async () => {
    const sock = controlSocketPath(dir);
    server = await serveControl(sock, { ping: () => 'pong' }, silentLogger);
    const lines = await rawExchange(sock, 'not json\n[1,2]\n{"jsonrpc":"2.0","id":7,"method":"nope"}\n{"jsonrpc":"2.0","id":8,"method":"ping"}\n');
    const msgs = lines.map((l) => JSON.parse(l) as { id: unknown; error?: { code: number }; result?: unknown });
    expect(msgs.map((m) => m.error?.code ?? m.result)).toEqual([-32700, -32600, -32601, 'pong']);
  });

  it('replaces a stale socket file left by a dead runtime, and refuses a live one', async () => {
    const sock = controlSocketPath(dir);
    fs.mkdirSync(path.dirname(sock), { recursive: true });
    const stale = net.createServer();
    await new Promise<void>((r) => stale.listen(sock, r));
    await expect(serveControl(sock, {}, silentLogger)).rejects.toThrow(/another amas runtime/);
    // A server closed without unlinking leaves a file nobody answers on; on Linux close() unlinks, so fake the leftover.
    await new Promise<void>((r) => stale.close(() => r()));
    fs.writeFileSync(sock, '');
    server = await serveControl(sock, { ping: () => 'pong' }, silentLogger);
    const client = (await connectControl(sock))!;
    expect(await client.call('ping')).toBe('pong');
    client.close();
  });

  it('reports no runtime when the socket is absent', async () => {
    expect(await connectControl(controlSocketPath(dir))).toBeUndefined();
  });

  it('keeps socket paths short enough for sun_path', () => {
    const deep = path.join(dir, 'x'.repeat(120));
    expect(Buffer.byteLength(controlSocketPath(deep))).toBeLessThanOrEqual(100);
    expect(controlSocketPath(deep)).toBe(controlSocketPath(deep));
  });
});
