import { parseDuration, type ProjectSpec, type RetryPolicy } from '../core/index.ts';

/** The seed's defaults: 300 s per attempt unless amas.yaml says otherwise, 3 attempts, 1 s → 1 min. */
export const DEFAULT_TIMEOUT_MS = 5 * 60_000;

export interface ResolvedRetry {
  attempts: number;
  backoff: 'exponential' | 'fixed';
  initialMs: number;
  maxMs: number;
  jitter: boolean;
}

/** The first policy that sets a field wins, field by field (step, then capability, then project). */
export function resolveRetry(...layers: (RetryPolicy | undefined)[]): ResolvedRetry {
  const pick = <K extends keyof RetryPolicy>(k: K): RetryPolicy[K] => {
    for (const l of layers) if (l && l[k] !== undefined) return l[k];
    return undefined;
  };
  return {
    attempts: Math.max(1, pick('attempts') ?? 3),
    backoff: pick('backoff') ?? 'exponential',
    initialMs: parseDuration(pick('initial') ?? '1s'),
    maxMs: parseDuration(pick('max') ?? '1m'),
    jitter: pick('jitter') ?? true,
  };
}

export function resolveTimeout(project: ProjectSpec | undefined, ...layers: (string | undefined)[]): number {
  for (const l of layers) if (l !== undefined) return parseDuration(l);
  const d = project?.runtime?.default_timeout;
  return d === undefined ? DEFAULT_TIMEOUT_MS : parseDuration(d);
}

/**
 * Wait before attempt `next` (2 = the first retry): exponential doubling capped at max, with
 * ±50 % jitter so that retries of many runs do not align. `random` is injected for tests.
 */
export function backoffDelay(policy: ResolvedRetry, next: number, random: () => number): number {
  const n = Math.max(0, next - 2);
  const base = policy.backoff === 'fixed' ? policy.initialMs : Math.min(policy.maxMs, policy.initialMs * 2 ** n);
  if (!policy.jitter) return base;
  return Math.min(Math.max(policy.maxMs, policy.initialMs), Math.max(0, Math.round(base * (0.5 + random()))));
}
