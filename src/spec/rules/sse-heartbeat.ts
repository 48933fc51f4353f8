import { parseDuration } from '../../core/index.ts';
import type { Rule } from './base.ts';

/** Bounds of `http.sse.heartbeat`: the schema checks the syntax of a duration, not its size. */
export const SSE_HEARTBEAT_MIN_MS = 100;
export const SSE_HEARTBEAT_MAX_MS = 10 * 60_000;

/**
 * AMAS361: `http.sse.heartbeat` outside 100ms–10m. Shorter floods every open stream with
 * keep-alive lines (and a zero would spin); longer than the common proxy idle timeouts (one
 * minute for nginx) lets proxies cut idle streams, which is what the heartbeat is for.
 */
export const sseHeartbeat: Rule = {
  name: 'sse-heartbeat',
  codes: ['AMAS361'],
  check(ctx) {
    const value = ctx.project.http?.sse?.heartbeat;
    if (!ctx.projectFile || value === undefined) return;
    let ms: number;
    try {
      ms = parseDuration(value);
    } catch {
      return; // the schema reported it
    }
    if (ms >= SSE_HEARTBEAT_MIN_MS && ms <= SSE_HEARTBEAT_MAX_MS) return;
    ctx.at(ctx.projectFile, ['http', 'sse', 'heartbeat'], 'AMAS361', `SSE heartbeat of \`${value}\` is ${ms < SSE_HEARTBEAT_MIN_MS ? 'shorter than 100ms' : 'longer than 10m'}`, {
      hint: 'give a duration between 100ms and 10m (default 15s), or leave the key out',
    });
  },
};
