import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/index.ts';
import { isLoopback, parseListen, startHttpApi, type ApiBackend } from '../../../src/monitor/index.ts';
import { silentLogger } from '../../../src/core/index.ts';
import { RateLimiter } from '../../../src/monitor/http/rate-limit.ts';

describe('listen addresses', () => {
  it('parses host:port, [v6]:port, :port and a bare port', () => {
    expect(parseListen('127.0.0.1:8000')).toEqual({ host: '127.0.0.1', port: 8000 });
    expect(parseListen('[::1]:9')).toEqual({ host: '::1', port: 9 });
    expect(parseListen(':8000')).toEqual({ host: '0.0.0.0', port: 8000 });
    expect(parseListen('8000')).toEqual({ host: '127.0.0.1', port: 8000 });
    expect(() => parseListen('localhost')).toThrow(/invalid HTTP listen address/);
    expect(() => parseListen('h:70000')).toThrow(/invalid/);
  });
  it('knows loopback from the rest', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', '::1', 'localhost', '::ffff:127.0.0.1']) expect(isLoopback(h)).toBe(true);
    for (const h of ['0.0.0.0', '::', '10.0.0.1', 'example.com', '192.168.1.1']) expect(isLoopback(h)).toBe(false);
  });
});

describe('RateLimiter', () => {
  it('allows `limit` a minute per identity and says when the window reopens', () => {
    const clock = new ManualClock();
    const rl = new RateLimiter(3, clock);
    expect([1, 2, 3].map(() => rl.hit('a').ok)).toEqual([true, true, true]);
    clock.advance(20_000);
    expect(rl.hit('a')).toEqual({ ok: false, remaining: 0, resetS: 40 });
    expect(rl.hit('b').ok).toBe(true);
    clock.advance(40_000);
    expect(rl.hit('a')).toEqual({ ok: true, remaining: 2, resetS: 60 });
  });
});

describe('startHttpApi', () => {
  it('refuses a non-loopback listener without an API key, with a hint', async () => {
    const err = await startHttpApi({ listen: '0.0.0.0:0', backend: {} as ApiBackend, clock: new ManualClock(), logger: silentLogger }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'AMAS_HTTP_NO_KEY', message: expect.stringContaining('without an API key') });
    expect((err as { hint: string }).hint).toContain('http.api_key');
  });
});
