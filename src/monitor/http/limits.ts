// What a client may cost the HTTP API before any route runs: connections, time to send
// headers and body, idle keep-alive time, body size and JSON nesting depth. Like nginx's
// defaults, these hold before application code: a flood of idle sockets is shed by the
// connection cap and the header timeout, never by running out of file descriptors.
import fs from 'node:fs';
import type { Server, ServerOptions } from 'node:http';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { DEFAULT_MAX_JSON_DEPTH, jsonTextTooDeep, type Logger } from '../../core/index.ts';

export interface HttpLimits {
  /** Largest request body in bytes (413 past it). */
  bodyLimit: number;
  /** Deepest JSON nesting of a body (400 past it). */
  maxDepth: number;
  /** Open connections at once; more are closed as soon as they are accepted. */
  maxConnections: number;
  /** Time from connecting to the end of the request headers (408, then closed). */
  headersTimeoutMs: number;
  /** Time from connecting to the end of the request body; waiting for the answer is not counted. */
  requestTimeoutMs: number;
  /** How long a keep-alive connection may sit idle between requests. */
  idleTimeoutMs: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  bodyLimit: 1_048_576,
  maxDepth: DEFAULT_MAX_JSON_DEPTH,
  maxConnections: 512,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  idleTimeoutMs: 5_000,
};

/**
 * The process's soft limit on open files (Linux `/proc/self/limits`), or undefined where it
 * cannot be read. Node has no getrlimit.
 */
export function openFileLimit(): number | undefined {
  try {
    const m = /^Max open files\s+(\d+|unlimited)\s/m.exec(fs.readFileSync('/proc/self/limits', 'utf8'));
    return m && m[1] !== 'unlimited' ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The limits with the connection cap kept below a quarter of the file limit by default (and
 * half of it at most when configured), so the store, watchers and agent tools keep descriptors
 * whatever the clients do.
 */
export function resolveLimits(given: Partial<HttpLimits>, logger: Logger, fileLimit = openFileLimit()): HttpLimits {
  const l = { ...DEFAULT_HTTP_LIMITS, ...given };
  if (fileLimit !== undefined) {
    if (given.maxConnections === undefined) l.maxConnections = Math.max(8, Math.min(l.maxConnections, Math.floor(fileLimit / 4)));
    else if (l.maxConnections > Math.floor(fileLimit / 2)) {
      const capped = Math.max(8, Math.floor(fileLimit / 2));
      logger.warn('http.max_connections lowered to half of the open-file limit', { configured: l.maxConnections, used: capped, open_file_limit: fileLimit });
      l.maxConnections = capped;
    }
  }
  return l;
}

/** Fastify's share of the limits (the rest is set on the server by `applyConnectionLimits`). */
export function serverOptions(l: HttpLimits): Pick<FastifyServerOptions, 'bodyLimit' | 'requestTimeout' | 'keepAliveTimeout' | 'connectionTimeout'> & { http: ServerOptions } {
  return {
    bodyLimit: l.bodyLimit,
    requestTimeout: l.requestTimeoutMs,
    keepAliveTimeout: l.idleTimeoutMs,
    // No inactivity timeout on a socket with a request in flight: `?wait=true` may wait for a
    // long run without a byte moving. Idle sockets are bounded by the header timeout instead.
    connectionTimeout: 0,
    http: {
      headersTimeout: l.headersTimeoutMs,
      // Node checks the header and request timeouts on this period (30 s by default), which
      // would let an idle socket live up to 30 s past its timeout.
      connectionsCheckingInterval: Math.max(100, Math.min(1_000, Math.floor(l.headersTimeoutMs / 4))),
    },
  };
}

/**
 * The connection cap: Node closes a connection past `maxConnections` right after accepting it,
 * so its descriptor is freed at once. A capped burst is logged at most once a minute.
 */
export function applyConnectionLimits(server: Server, l: HttpLimits, logger: Logger, now: () => number): void {
  server.maxConnections = l.maxConnections;
  let dropped = 0;
  let lastLog = Number.NEGATIVE_INFINITY;
  server.on('drop', () => {
    dropped++;
    const t = now();
    if (t - lastLog < 60_000) return;
    lastLog = t;
    logger.warn('HTTP connection cap reached: new connections are closed', { max_connections: l.maxConnections, dropped });
    dropped = 0;
  });
  // An accept() failure (EMFILE from elsewhere in the process) must not crash the runtime.
  server.on('error', (err) => logger.warn('HTTP server error', { error: err.message }));
}

/** A body nested deeper than the limit: 400 before it is parsed into objects. */
export class BodyTooDeepError extends Error {
  readonly statusCode = 400;
  readonly code = 'body_too_deep';
  constructor(maxDepth: number) {
    super(`the JSON body nests deeper than ${maxDepth} levels`);
  }
}

/**
 * Replaces Fastify's JSON body parser with one that measures the nesting depth of the raw text
 * first and then hands it to Fastify's own parser (which keeps its __proto__ protection and
 * its error messages). Size is Fastify's `bodyLimit`, checked while the body streams in.
 */
export function installJsonParser(app: FastifyInstance, maxDepth: number): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = body as string;
    if (jsonTextTooDeep(text, maxDepth)) {
      done(new BodyTooDeepError(maxDepth), undefined);
      return;
    }
    void parse(req, text, done);
  });
}
