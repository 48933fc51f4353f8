// The HTTP API: health, Prometheus metrics, a webhook that starts runs, run lookup and event
// publishing. Loopback by default; a Bearer key is required when configured and always for
// other binds; each identity gets `rate_limit` requests a minute; bodies are size-limited and
// validated before anything runs.
import { createHash, timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { AmasError, errorMessage, type Clock, type Logger } from '../../core/index.ts';
import { EVENT_TYPES, PRIORITIES, type PublishInput } from '../../bus/index.ts';
import type { HealthReport } from '../health.ts';
import { isLoopback, parseListen } from './listen.ts';
import { RateLimiter } from './rate-limit.ts';

/** What the API asks of the runtime. Errors thrown are AmasErrors (exitCode 2 = the caller's fault). */
export interface ApiBackend {
  health(): HealthReport;
  metrics(): Promise<{ contentType: string; body: string }>;
  startRun(workflowId: string, inputs: Record<string, unknown>): { kind: 'started' | 'queued' | 'skipped'; runId: string; reason?: string };
  /** Resolves with the run's result once it ends; undefined when the run is not active here. */
  waitRun(runId: string): Promise<unknown>;
  /** The stored run with its steps; undefined when unknown. */
  getRun(runId: string): unknown;
  publish(input: PublishInput): string;
}

export interface HttpApiOptions {
  listen: string;
  /** Rendered Bearer key; empty or undefined: none. */
  apiKey?: string | undefined;
  /** Requests a minute per identity (default 100). */
  rateLimit?: number;
  /** Largest body in bytes (default 1 MiB). */
  bodyLimit?: number;
  backend: ApiBackend;
  clock: Clock;
  logger: Logger;
}

export interface HttpApi {
  /** Where it listens, e.g. http://127.0.0.1:43121 (the real port when 0 was asked for). */
  readonly url: string;
  readonly app: FastifyInstance;
  close(): Promise<void>;
}

const ID = '^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$';

/** Hints worded for an HTTP client, for errors the engine raises without one (it serves every face). */
const HTTP_HINTS: Readonly<Record<string, string>> = {
  AMAS_INPUT: 'send the inputs as the JSON request body, e.g. {"name": "value"}',
};

export async function startHttpApi(opts: HttpApiOptions): Promise<HttpApi> {
  const addr = parseListen(opts.listen);
  const key = opts.apiKey ? opts.apiKey : undefined;
  if (!key && !isLoopback(addr.host)) {
    throw new AmasError('AMAS_HTTP_NO_KEY', `refusing to serve the HTTP API on ${addr.host}:${addr.port} without an API key`, {
      hint: 'set http.api_key in amas.yaml (e.g. "${{ secrets.AMAS_API_KEY }}"), or listen on 127.0.0.1',
    });
  }
  const app = buildApp(opts, key);
  try {
    await app.listen({ host: addr.host, port: addr.port });
  } catch (err) {
    await app.close().catch(() => undefined);
    throw new AmasError('AMAS_HTTP_LISTEN', `cannot listen on ${opts.listen}: ${errorMessage(err)}`, { hint: 'pick another port with http.listen or --http' });
  }
  const a = app.server.address();
  const port = a && typeof a === 'object' ? a.port : addr.port;
  const host = addr.host.includes(':') ? `[${addr.host}]` : addr.host;
  const url = `http://${host}:${port}`;
  opts.logger.info('HTTP API listening', { url, auth: key ? 'bearer' : 'none', rate_limit: opts.rateLimit ?? 100 });
  return { url, app, close: () => app.close() };
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

function send(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.code(status).send({ error: { code, message } });
}

export function buildApp(opts: HttpApiOptions, key: string | undefined): FastifyInstance {
  const app = Fastify({
    logger: false,
    bodyLimit: opts.bodyLimit ?? 1_048_576,
    // Strict validation: unknown keys and wrong types are a 400, never silently dropped or coerced.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: true, allErrors: false } },
    return503OnClosing: true,
  });
  const limiter = new RateLimiter(opts.rateLimit ?? 100, opts.clock);
  const keyDigest = key === undefined ? undefined : digest(key);
  const authorized = (req: FastifyRequest): boolean => {
    if (!keyDigest) return true;
    const h = req.headers.authorization;
    const m = typeof h === 'string' ? /^Bearer\s+(.+)$/i.exec(h) : null;
    return m !== null && timingSafeEqual(digest(m[1]!.trim()), keyDigest);
  };

  app.decorateRequest('authed', false);
  app.addHook('onRequest', async (req, reply) => {
    const ok = authorized(req);
    (req as FastifyRequest & { authed: boolean }).authed = ok;
    // Without a key, or before it is proven, clients are told apart by address.
    const identity = ok && keyDigest ? 'key' : `ip:${req.ip}`;
    const d = limiter.hit(identity);
    reply.header('ratelimit-limit', String(opts.rateLimit ?? 100));
    reply.header('ratelimit-remaining', String(d.remaining));
    reply.header('ratelimit-reset', String(d.resetS));
    if (!d.ok) {
      reply.header('retry-after', String(d.resetS));
      return send(reply, 429, 'rate_limited', `rate limit of ${opts.rateLimit ?? 100} requests a minute exceeded; retry in ${d.resetS}s`);
    }
    // GET /health answers everyone with the bare status (load balancers, probes); the report needs the key.
    if (!ok && !(req.method === 'GET' && req.url.split('?')[0] === '/health')) {
      reply.header('www-authenticate', 'Bearer realm="amas"');
      return send(reply, 401, 'unauthorized', 'a valid API key is required: Authorization: Bearer <key>');
    }
    return undefined;
  });
  app.addHook('onResponse', async (req, reply) => {
    opts.logger.debug('http request', { method: req.method, url: req.url.split('?')[0], status: reply.statusCode, ms: Math.round(reply.elapsedTime) });
  });

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string; validation?: unknown }, _req, reply) => {
    if (err instanceof AmasError) {
      const status = err.code === 'AMAS_UNKNOWN_WORKFLOW' || err.code === 'AMAS_RUN_UNKNOWN' ? 404 : err.exitCode === 2 ? 400 : 500;
      const hint = err.hint ?? HTTP_HINTS[err.code];
      return send(reply, status, err.code, hint ? `${err.message} (${hint})` : err.message);
    }
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    if (status >= 500) opts.logger.error('http handler failed', { error: err.message });
    const code = err.validation ? 'invalid_request' : status === 413 ? 'body_too_large' : status === 415 ? 'unsupported_media_type' : status >= 500 ? 'internal' : 'bad_request';
    return send(reply, status, code, status >= 500 ? 'internal error' : err.message);
  });
  app.setNotFoundHandler((req, reply) => send(reply, 404, 'not_found', `no route ${req.method} ${req.url.split('?')[0]}`));

  app.get('/health', async (req, reply) => {
    const report = opts.backend.health();
    reply.code(report.status === 'critical' ? 503 : 200);
    return (req as FastifyRequest & { authed: boolean }).authed ? report : { status: report.status, time: report.time };
  });

  app.get('/metrics', async (_req, reply) => {
    const m = await opts.backend.metrics();
    return reply.type(m.contentType).send(m.body);
  });

  app.post<{ Params: { id: string }; Querystring: { wait?: string }; Body: Record<string, unknown> | undefined }>(
    '/api/workflows/:id/runs',
    {
      schema: {
        params: { type: 'object', properties: { id: { type: 'string', pattern: ID } } },
        querystring: { type: 'object', additionalProperties: false, properties: { wait: { enum: ['true', 'false', '1', '0'] } } },
        body: { type: 'object' },
      },
      // A webhook with no body at all starts the run with its defaults.
      preValidation: async (req) => {
        if (req.body === undefined || req.body === null) req.body = {};
      },
    },
    async (req, reply) => {
      const inputs = req.body ?? {};
      const o = opts.backend.startRun(req.params.id, inputs);
      if (o.kind === 'skipped') return send(reply, 409, 'run_skipped', `not started: ${o.reason ?? 'overlap policy'}`);
      const wait = req.query.wait === 'true' || req.query.wait === '1';
      if (wait && o.kind === 'started') {
        const result = await opts.backend.waitRun(o.runId);
        return reply.code(200).send({ runId: o.runId, result: result ?? null });
      }
      reply.header('location', `/api/runs/${o.runId}`);
      return reply.code(202).send({ runId: o.runId, status: o.kind === 'queued' ? 'queued' : 'running' });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/runs/:id',
    { schema: { params: { type: 'object', properties: { id: { type: 'string', pattern: ID } } } } },
    async (req, reply) => {
      const run = opts.backend.getRun(req.params.id);
      if (run === undefined) return send(reply, 404, 'not_found', `no run "${req.params.id}"`);
      return run;
    },
  );

  app.post<{ Body: { type: PublishInput['type']; priority?: PublishInput['priority']; source?: string; target?: string; data?: unknown } }>(
    '/api/events',
    {
      schema: {
        body: {
          type: 'object',
          required: ['type'],
          additionalProperties: false,
          properties: {
            type: { enum: [...EVENT_TYPES] },
            priority: { enum: [...PRIORITIES] },
            source: { type: 'string', minLength: 1, maxLength: 200 },
            target: { type: 'string', minLength: 1, maxLength: 200 },
            data: {},
          },
        },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const id = opts.backend.publish({
        type: b.type,
        priority: b.priority ?? 'normal',
        source: b.source ?? 'http',
        data: b.data ?? {},
        ...(b.target === undefined ? {} : { target: b.target }),
      });
      return reply.code(202).send({ id });
    },
  );
  return app;
}
