// The HTTP API: health, Prometheus metrics, a webhook that starts runs, run lookup and event
// publishing. Loopback by default; `/api/*` always needs the Bearer key unless auth is
// explicitly off (auth.ts); connections, timeouts, body size and depth are bounded before any
// route runs (limits.ts); bodies are validated before anything runs; every JSON reply is
// masked of the project's secrets as values before it is serialized.
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { AmasError, errorMessage, type Clock, type Logger, type Redactor } from '../../core/index.ts';
import { EVENT_TYPES, PRIORITIES, type PublishInput } from '../../bus/index.ts';
import type { HealthReport } from '../health.ts';
import { installAccess, isAuthed } from './auth.ts';
import { applyConnectionLimits, installJsonParser, resolveLimits, serverOptions, type HttpLimits } from './limits.ts';
import { isLoopback, parseListen } from './listen.ts';
import { approvalRoutes, type ApprovalBackend } from './approvals.ts';
import { installSse, type EventFeed } from './sse.ts';

/** What the API asks of the runtime. Errors thrown are AmasErrors (exitCode 2 = the caller's fault). */
export interface ApiBackend extends ApprovalBackend {
  health(): Promise<HealthReport>;
  metrics(): Promise<{ contentType: string; body: string }>;
  /** Resolves once a `queued` run is journaled. */
  startRun(workflowId: string, inputs: Record<string, unknown>): Promise<{ kind: 'started' | 'queued' | 'skipped'; runId: string; reason?: string }>;
  /** Resolves with the run's result once it ends; undefined when the run is not active here. */
  waitRun(runId: string): Promise<unknown>;
  /** The stored run with its steps; undefined when unknown. */
  getRun(runId: string): Promise<unknown>;
  publish(input: PublishInput): string;
  /** The runtime's event stream, for the SSE routes (none without it). */
  events?: EventFeed;
  /** Whether a run is unknown, still going (or queued), or ended: what a run's SSE stream needs. */
  runState?(runId: string): Promise<'unknown' | 'active' | 'ended'>;
}

export interface HttpApiOptions {
  listen: string;
  /** The Bearer key every `/api/*` request needs. Required unless `authOff`. */
  apiKey?: string | undefined;
  /** `http.auth: none`: serve without a key (loopback only). */
  authOff?: boolean;
  /** Serve GET /metrics without the key (the runtime allows it for a generated key on loopback). */
  metricsOpen?: boolean;
  /** Requests a minute per identity (default 100). */
  rateLimit?: number;
  /** Largest body in bytes (default 1 MiB). */
  bodyLimit?: number;
  /** Connection cap, timeouts and depth (defaults in limits.ts). */
  limits?: Partial<Omit<HttpLimits, 'bodyLimit'>>;
  backend: ApiBackend;
  /** SSE: open streams at once, heartbeat period, unread bytes before a reader is dropped. */
  sse?: { maxStreams?: number; heartbeatMs?: number; maxBufferedBytes?: number };
  /** The project's secrets, masked inside every JSON reply before it is serialized. */
  redactor?: Pick<Redactor, 'redactDeep'>;
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
  if (!key && !(opts.authOff && isLoopback(addr.host))) {
    throw new AmasError('AMAS_HTTP_NO_KEY', `refusing to serve the HTTP API on ${addr.host}:${addr.port} without an API key`, {
      hint: opts.authOff
        ? 'http.auth: none is allowed on a loopback address only'
        : 'set http.api_key in amas.yaml (e.g. "${{ secrets.AMAS_API_KEY }}") or AMAS_API_KEY, or let amas up generate one',
    });
  }
  const limits = resolveLimits({ ...opts.limits, ...(opts.bodyLimit === undefined ? {} : { bodyLimit: opts.bodyLimit }) }, opts.logger);
  const app = buildApp(opts, key, limits);
  applyConnectionLimits(app.server, limits, opts.logger, () => opts.clock.now());
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
  opts.logger.info('HTTP API listening', {
    url,
    auth: key ? 'bearer' : 'none',
    rate_limit: opts.rateLimit ?? 100,
    max_connections: limits.maxConnections,
    headers_timeout_ms: limits.headersTimeoutMs,
    request_timeout_ms: limits.requestTimeoutMs,
    idle_timeout_ms: limits.idleTimeoutMs,
    body_limit: limits.bodyLimit,
    max_depth: limits.maxDepth,
  });
  return { url, app, close: () => app.close() };
}

function send(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.code(status).send({ error: { code, message } });
}

/** HTTP status of a runtime refusal. */
function statusOf(err: AmasError): number {
  if (err.code === 'AMAS_UNKNOWN_WORKFLOW' || err.code === 'AMAS_RUN_UNKNOWN') return 404;
  // An approval: no such step, not waiting, or its run ended (nothing waits any more); answered once already.
  if (err.code === 'AMAS_STEP_UNKNOWN' || err.code === 'AMAS_APPROVAL_NOT_WAITING' || err.code === 'AMAS_RUN_FINISHED') return 404;
  if (err.code === 'AMAS_APPROVAL_ANSWERED') return 409;
  if (err.code === 'AMAS_NOT_MANUAL') return 403;
  if (err.code === 'AMAS_STORE_FENCED') return 503; // the store refuses writes until its disk recovers: retry later
  return err.exitCode === 2 ? 400 : 500;
}

export function buildApp(opts: HttpApiOptions, key: string | undefined, limits: HttpLimits): FastifyInstance {
  const app = Fastify({
    logger: false,
    ...serverOptions(limits),
    // Strict validation: unknown keys and wrong types are a 400, never silently dropped or coerced.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: true, allErrors: false } },
    return503OnClosing: true,
  });
  installJsonParser(app, limits.maxDepth);
  installAccess(app, { key, metricsOpen: opts.metricsOpen === true, rateLimit: opts.rateLimit ?? 100, clock: opts.clock }, send);
  // The one choke point of every JSON body (results, stored runs, errors): values are masked
  // before fastify serializes them, so a reply never carries a secret and always stays valid JSON.
  const redactor = opts.redactor;
  if (redactor) app.addHook('preSerialization', async (_req, _reply, payload: unknown) => redactor.redactDeep(payload));
  app.addHook('onResponse', async (req, reply) => {
    opts.logger.debug('http request', { method: req.method, url: req.url.split('?')[0], status: reply.statusCode, ms: Math.round(reply.elapsedTime) });
  });

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string; validation?: unknown }, _req, reply) => {
    if (err instanceof AmasError) {
      const hint = err.hint ?? HTTP_HINTS[err.code];
      return send(reply, statusOf(err), err.code, hint ? `${err.message} (${hint})` : err.message);
    }
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    if (status >= 500) opts.logger.error('http handler failed', { error: err.message });
    const code = err.validation ? 'invalid_request' : err.code === 'body_too_deep' ? 'body_too_deep' : status === 413 ? 'body_too_large' : status === 415 ? 'unsupported_media_type' : status >= 500 ? 'internal' : 'bad_request';
    return send(reply, status, code, status >= 500 ? 'internal error' : err.message);
  });
  app.setNotFoundHandler((req, reply) => send(reply, 404, 'not_found', `no route ${req.method} ${req.url.split('?')[0]}`));

  const { events, runState } = opts.backend;
  if (events && runState) installSse(app, { feed: events, runState, clock: opts.clock, logger: opts.logger, ...opts.sse }, send);

  app.get('/health', async (req, reply) => {
    const report = await opts.backend.health();
    reply.code(report.status === 'critical' ? 503 : 200);
    return isAuthed(req) ? report : { status: report.status, time: report.time };
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
      const o = await opts.backend.startRun(req.params.id, inputs);
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
      const run = await opts.backend.getRun(req.params.id);
      if (run === undefined) return send(reply, 404, 'not_found', `no run "${req.params.id}"`);
      return run;
    },
  );

  approvalRoutes(app, opts.backend);

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
