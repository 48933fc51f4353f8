// Who may call what: `/api/*` always needs the Bearer key (unless the operator turned auth off
// explicitly), `GET /health` answers anyone with the bare status, `/metrics` is open only when
// the runtime says so (a generated key on a loopback bind). Rate limits run first, per key or,
// before a key is proven, per client address.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../core/index.ts';
import { RateLimiter } from './rate-limit.ts';

export interface AccessOptions {
  /** The Bearer key; undefined only when auth is explicitly off (`http.auth: none`). */
  key: string | undefined;
  /** Serve GET /metrics without the key. */
  metricsOpen: boolean;
  /** Requests a minute per identity. */
  rateLimit: number;
  clock: Clock;
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

/**
 * A check of the Authorization header in constant time: both sides are hashed to 32 bytes
 * first, so neither the key's length nor its prefix can be learnt from timing.
 */
export function keyChecker(key: string | undefined): (header: string | string[] | undefined) => boolean {
  if (key === undefined) return () => true;
  const want = digest(key);
  return (h) => {
    const m = typeof h === 'string' ? /^Bearer\s+(.+)$/i.exec(h) : null;
    return m !== null && timingSafeEqual(digest(m[1]!.trim()), want);
  };
}

type Access = 'open' | 'bare' | 'key';

/** What a route needs: `bare` answers without the key but with less (GET /health). */
function accessOf(method: string, path: string, metricsOpen: boolean): Access {
  if (method === 'GET' && path === '/health') return 'bare';
  if (method === 'GET' && path === '/metrics' && metricsOpen) return 'open';
  return 'key';
}

/** True when the request carried the key (or auth is off): what `/health` reads to show the full report. */
export function isAuthed(req: FastifyRequest): boolean {
  return (req as FastifyRequest & { authed: boolean }).authed;
}

export function installAccess(app: FastifyInstance, o: AccessOptions, send: (reply: FastifyReply, status: number, code: string, message: string) => FastifyReply): void {
  const limiter = new RateLimiter(o.rateLimit, o.clock);
  const check = keyChecker(o.key);
  app.decorateRequest('authed', false);
  app.addHook('onRequest', async (req, reply) => {
    const ok = check(req.headers.authorization);
    (req as FastifyRequest & { authed: boolean }).authed = ok;
    const identity = ok && o.key !== undefined ? 'key' : `ip:${req.ip}`;
    const d = limiter.hit(identity);
    reply.header('ratelimit-limit', String(o.rateLimit));
    reply.header('ratelimit-remaining', String(d.remaining));
    reply.header('ratelimit-reset', String(d.resetS));
    if (!d.ok) {
      reply.header('retry-after', String(d.resetS));
      return send(reply, 429, 'rate_limited', `rate limit of ${o.rateLimit} requests a minute exceeded; retry in ${d.resetS}s`);
    }
    if (!ok && accessOf(req.method, req.url.split('?')[0]!, o.metricsOpen) === 'key') {
      reply.header('www-authenticate', 'Bearer realm="amas"');
      return send(reply, 401, 'unauthorized', 'a valid API key is required: Authorization: Bearer <key> (amas up keeps a generated key in .amas/api-key)');
    }
    return undefined;
  });
}
