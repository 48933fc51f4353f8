// Server-Sent Events over the runtime's event stream (docs/operations.md "Live events"):
// `GET /api/events/stream` and `GET /api/runs/{id}/stream`. Each event is one SSE message —
// `id:` its sequence number, `event:` its type, `data:` the event as JSON — so a browser's
// EventSource resumes after a drop with `Last-Event-ID` and gets no gap and no repeat (while the
// stream still holds the events; past that, a `gap` message names what is missing). The events
// are masked where the stream publishes them.
// Routes run behind the same auth and rate limit as the rest of /api (auth.ts); past `maxStreams`
// open streams a new one is answered 429; a reader whose socket buffer grows past `maxBufferedBytes`
// is disconnected (it can resume), so no client can make the runtime hold unbounded memory.
import type { ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock, Logger, TimerHandle } from '../../core/index.ts';

/** One event of the runtime's stream as SSE sends it (the rest of its fields go in `data`). */
export interface FeedEvent {
  seq: number;
  type: string;
}

export interface FeedFilter {
  types?: readonly string[];
  workflow?: string;
  runId?: string;
}

/** The runtime's event stream, as the HTTP API reads it. */
export interface EventFeed {
  /** Held events after `after` first (synchronously), then live ones; returns the unsubscribe. */
  subscribe(listener: (e: FeedEvent) => void, opts: { after?: number; filter?: FeedFilter }): () => void;
  /** The oldest sequence number still held (older ones cannot be replayed). */
  readonly firstSeq: number;
  /** The newest sequence number (where a stream without a resume point starts). */
  readonly lastSeq: number;
}

export interface SseOptions {
  feed: EventFeed;
  /** Whether a run id is known (active or stored) and whether it has ended. */
  runState(runId: string): Promise<'unknown' | 'active' | 'ended'>;
  clock: Clock;
  logger: Logger;
  /** Open streams at once (default 32); more are answered 429. */
  maxStreams?: number;
  /** A comment line this often keeps proxies from closing an idle stream (default 15 s). */
  heartbeatMs?: number;
  /** Bytes a reader may leave unread before it is dropped (default 1 MiB). */
  maxBufferedBytes?: number;
}

const ID = '^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$';

const QUERY = {
  type: 'object',
  additionalProperties: false,
  properties: {
    type: { type: 'string', maxLength: 1000 },
    workflow: { type: 'string', pattern: ID },
    run: { type: 'string', pattern: ID },
    since: { type: 'string', pattern: '^[0-9]{1,15}$' },
  },
} as const;

interface StreamQuery {
  type?: string;
  workflow?: string;
  run?: string;
  since?: string;
}

type Send = (reply: FastifyReply, status: number, code: string, message: string) => FastifyReply;

export function installSse(app: FastifyInstance, o: SseOptions, send: Send): void {
  const open = new Set<ServerResponse>();
  const maxStreams = o.maxStreams ?? 32;
  // A closing server waits for open requests: streams end first, or shutdown would hang on them.
  app.addHook('preClose', async () => {
    for (const res of open) res.end();
  });

  // `state`: a run stream's run as it was just before the stream started (read before subscribing,
  // so a run that ends in between still has its run_finished among the held events).
  const start = (req: FastifyRequest<{ Querystring: StreamQuery }>, reply: FastifyReply, runId: string | undefined, state?: 'active' | 'ended') => {
    const after = resumePoint(req);
    if (after === 'bad') return send(reply, 400, 'bad_request', 'Last-Event-ID must be a sequence number');
    if (open.size >= maxStreams) {
      reply.header('retry-after', '5');
      return send(reply, 429, 'too_many_streams', `at most ${maxStreams} event streams may be open at once`);
    }
    const q = req.query;
    const filter: FeedFilter = {
      ...(q.type ? { types: q.type.split(',').map((t) => t.trim()).filter(Boolean) } : {}),
      ...(q.workflow ? { workflow: q.workflow } : {}),
      ...(runId ?? q.run ? { runId: runId ?? q.run } : {}),
    };
    reply.hijack();
    const res = reply.raw;
    // The rate-limit headers set before the route ran go out with the stream's own.
    for (const [k, v] of Object.entries(reply.getHeaders())) if (v !== undefined) res.setHeader(k, v);
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    open.add(res);
    let ended = false;
    let timer: TimerHandle | undefined;
    const sub: { off?: () => void } = {};
    const finish = () => {
      if (ended) return;
      ended = true;
      sub.off?.();
      if (timer) o.clock.clearTimeout(timer);
      open.delete(res);
      if (!res.writableEnded) res.end();
    };
    res.on('close', finish);
    const write = (text: string) => {
      if (ended) return;
      // A reader that does not keep up is dropped, not buffered for: it resumes with Last-Event-ID.
      // It is judged on what earlier messages left unread, before this one is added: one message
      // larger than the limit (a big step output) must not drop a reader that keeps up, and what a
      // slow one makes us hold stays under the limit plus one message. The heartbeat checks too,
      // so a reader that stopped is dropped even when nothing else happens.
      if (res.writableLength > (o.maxBufferedBytes ?? 1_048_576)) {
        o.logger.warn('SSE reader too slow: disconnected', { buffered: res.writableLength });
        res.destroy();
        finish();
        return;
      }
      res.write(text);
    };
    const beat = () => {
      write(': keep-alive\n\n');
      if (!ended) timer = o.clock.setTimeout(beat, o.heartbeatMs ?? 15_000);
    };
    write(`retry: 2000\n\n`);
    // A run's stream starts with the run's first held event; the project's with what comes next.
    const from = after ?? (runId === undefined ? o.feed.lastSeq : 0);
    // A resume point older than the held window cannot be served without a hole: say so with a
    // message of its own (EventSource hides comments) naming the missing range, then go on from
    // the oldest held event. It has no `id:`, so the client's Last-Event-ID stays where it was.
    const firstHeld = o.feed.firstSeq;
    if (after !== undefined && after + 1 < firstHeld) write(`event: gap\ndata: ${JSON.stringify({ type: 'gap', after, firstHeld })}\n\n`);
    const off = o.feed.subscribe(
      (e) => {
        write(`id: ${e.seq}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);
        if (runId !== undefined && e.type === 'run_finished') finish();
      },
      { after: from, filter },
    );
    sub.off = off;
    // The replay may have ended the stream (a run_finished) before `off` was known.
    if (ended) off();
    // A run that ended before this stream's resume point: nothing more will come for it.
    if (!ended && runId !== undefined && state === 'ended') finish();
    if (!ended) timer = o.clock.setTimeout(beat, o.heartbeatMs ?? 15_000);
    return reply;
  };

  app.get<{ Querystring: StreamQuery }>('/api/events/stream', { schema: { querystring: QUERY } }, (req, reply) => start(req, reply, undefined));

  app.get<{ Params: { id: string }; Querystring: StreamQuery }>(
    '/api/runs/:id/stream',
    { schema: { params: { type: 'object', properties: { id: { type: 'string', pattern: ID } } }, querystring: QUERY } },
    async (req, reply) => {
      const state = await o.runState(req.params.id);
      if (state === 'unknown') return send(reply, 404, 'not_found', `no run "${req.params.id}"`);
      return start(req, reply, req.params.id, state);
    },
  );
}

/** `Last-Event-ID` (what EventSource sends on reconnect), else `?since=`; undefined: live only. */
function resumePoint(req: FastifyRequest<{ Querystring: StreamQuery }>): number | undefined | 'bad' {
  const h = req.headers['last-event-id'];
  const raw = typeof h === 'string' && h.trim() !== '' ? h.trim() : req.query.since;
  if (raw === undefined) return undefined;
  return /^[0-9]{1,15}$/.test(raw) ? Number(raw) : 'bad';
}
