import type { AgentRuntime } from './agent.ts';

function sameDomain(a: string | undefined, b: string): boolean {
  return a !== undefined && a.toLowerCase() === b.toLowerCase();
}

/** Ranks idle before busy, then the preferred domain, then load ratio, then least recently used. */
export function compareAgents(a: AgentRuntime, b: AgentRuntime, domain: string | undefined): number {
  const ka = (a.load > 0 ? 2 : 0) + (domain !== undefined && !sameDomain(a.domain, domain) ? 1 : 0);
  const kb = (b.load > 0 ? 2 : 0) + (domain !== undefined && !sameDomain(b.domain, domain) ? 1 : 0);
  if (ka !== kb) return ka - kb;
  const ra = a.load / a.concurrency;
  const rb = b.load / b.concurrency;
  if (ra !== rb) return ra - rb;
  return a.lastGranted - b.lastGranted;
}
