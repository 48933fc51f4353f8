// Alert sinks beyond the bus, the log and the TUI. One kind so far: an HTTP webhook that gets
// each notice as a JSON POST, retried with exponential backoff on network errors, 429 and 5xx.
// Notices are metric alerts and approval requests (a person is asked to answer a step).
import { errorMessage, type Clock, type Logger, type TimerHandle } from '../core/index.ts';
import type { AlertNotice } from './alerts.ts';

/** A step waits for a person: who to ask what, and where the HTTP API takes the answer. */
export interface ApprovalNotice {
  id: string;
  kind: 'approval_requested';
  project: string;
  run: string;
  workflow: string;
  step: string;
  /** A tool call of the step's agent loop waits (not the step): send it as `"call"` in the answer. */
  call?: string;
  prompt: string;
  /** The API path that takes the answer: POST {"approved": true|false, "input": {…}, "comment": "…", "call": "…"}. */
  path: string;
  /** ISO time; null: waits until answered. */
  deadline: string | null;
  time: number;
}

export type SinkNotice = AlertNotice | ApprovalNotice;

export interface AlertSink {
  readonly name: string;
  send(notice: SinkNotice): void;
  /** Resolves when every notice handed over so far is delivered or given up on. */
  idle(): Promise<void>;
  close(): void;
}

export interface WebhookOptions {
  /** Already rendered (secrets resolved). */
  url: string;
  headers?: Record<string, string>;
  clock: Clock;
  logger: Logger;
  /** Attempts per notice (default 4). */
  attempts?: number;
  /** First backoff (default 1 s); doubles each retry. */
  initialBackoffMs?: number;
  /** Per-attempt timeout (default 10 s). */
  timeoutMs?: number;
}

/** Notices go out one after another, in order: a recovery never overtakes its alert. */
export function webhookSink(opts: WebhookOptions): AlertSink {
  const attempts = Math.max(1, opts.attempts ?? 4);
  const initial = opts.initialBackoffMs ?? 1000;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const name = `http ${safeUrl(opts.url)}`;
  const timers = new Set<TimerHandle>();
  const wakers = new Set<() => void>();
  let closed = false;
  let chain: Promise<void> = Promise.resolve();

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const wake = () => {
        timers.delete(t);
        wakers.delete(wake);
        resolve();
      };
      const t = opts.clock.setTimeout(wake, ms);
      timers.add(t);
      wakers.add(wake);
    });

  async function deliver(notice: SinkNotice): Promise<void> {
    const body = JSON.stringify(notice);
    for (let i = 1; i <= attempts && !closed; i++) {
      let retry: boolean;
      let why: string;
      try {
        const res = await fetch(opts.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'user-agent': 'amas-alerts', ...opts.headers },
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
        await res.arrayBuffer().catch(() => undefined);
        if (res.ok) return;
        retry = res.status === 429 || res.status >= 500;
        why = `HTTP ${res.status}`;
      } catch (err) {
        retry = true;
        why = errorMessage(err);
      }
      if (!retry || i === attempts) {
        opts.logger.error('alert webhook failed', { sink: name, alert: notice.id, kind: notice.kind, attempts: i, error: why });
        return;
      }
      opts.logger.warn('alert webhook failed, retrying', { sink: name, alert: notice.id, attempt: i, error: why });
      await sleep(initial * 2 ** (i - 1));
    }
  }

  return {
    name,
    send(notice) {
      if (closed) return;
      chain = chain.then(() => deliver(notice));
    },
    idle: () => chain,
    close() {
      closed = true;
      for (const t of timers) opts.clock.clearTimeout(t);
      timers.clear();
      for (const w of [...wakers]) w();
    },
  };
}

/** The URL without credentials or query (which may carry tokens) for log lines. */
function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(invalid url)';
  }
}
