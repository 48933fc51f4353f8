import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { LineTransport } from '../../../src/mcp/transport.ts';

function setup(max = 64) {
  const input = new PassThrough();
  const output = new PassThrough();
  const t = new LineTransport(input, output, max);
  const received: unknown[] = [];
  const written: any[] = [];
  const errors: string[] = [];
  let closed = false;
  t.onmessage = (m) => received.push(m);
  t.onerror = (e) => errors.push(e.message);
  t.onclose = () => (closed = true);
  output.setEncoding('utf8');
  output.on('data', (d: string) => d.split('\n').filter(Boolean).forEach((l) => written.push(JSON.parse(l))));
  return { t, input, received, written, errors, isClosed: () => closed };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('LineTransport', () => {
  it('delivers messages split across chunks and several in one chunk', async () => {
    const s = setup(1024);
    await s.t.start();
    s.input.write('{"jsonrpc":"2.0","id":1,"me');
    s.input.write('thod":"ping"}\n{"jsonrpc":"2.0","method":"notifications/initialized"}\r\n');
    await tick();
    expect(s.received).toEqual([
      { jsonrpc: '2.0', id: 1, method: 'ping' },
      { jsonrpc: '2.0', method: 'notifications/initialized' },
    ]);
    expect(s.written).toEqual([]);
  });

  it('answers a non-JSON line with -32700 and a non-JSON-RPC object with -32600 (keeping its id)', async () => {
    const s = setup(1024);
    await s.t.start();
    s.input.write('nonsense\n{"id":"x","hello":1}\n{"jsonrpc":"2.0","method":5}\n');
    await tick();
    expect(s.written).toEqual([
      { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error: not JSON' } },
      { jsonrpc: '2.0', id: 'x', error: { code: -32600, message: 'Invalid Request: not a JSON-RPC 2.0 message' } },
      { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Invalid Request: not a JSON-RPC 2.0 message' } },
    ]);
    expect(s.received).toEqual([]);
    expect(s.isClosed()).toBe(false);
  });

  it('skips an oversized line up to its newline, answers it, and goes on', async () => {
    const s = setup(64);
    await s.t.start();
    s.input.write(`{"jsonrpc":"2.0","id":1,"method":"${'x'.repeat(50)}`);
    s.input.write(`${'y'.repeat(100)}"}\n{"jsonrpc":"2.0","id":2,"method":"ping"}\n`);
    await tick();
    expect(s.written).toEqual([{ jsonrpc: '2.0', id: null, error: { code: -32600, message: 'request line longer than 64 bytes' } }]);
    expect(s.received).toEqual([{ jsonrpc: '2.0', id: 2, method: 'ping' }]);
    expect(s.isClosed()).toBe(false);
  });

  it('closes when its input ends, once', async () => {
    const s = setup();
    let closes = 0;
    s.t.onclose = () => closes++;
    await s.t.start();
    s.input.end();
    await tick();
    await s.t.close();
    expect(closes).toBe(1);
  });
});
