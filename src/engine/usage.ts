import type { RunRow, TokenCount } from './types.ts';

/** Tokens one executor call reported. */
export interface TokenReport {
  promptTokens: number;
  completionTokens: number;
}

function add(c: TokenCount, u: TokenReport): void {
  c.prompt += u.promptTokens;
  c.completion += u.completionTokens;
  c.total += u.promptTokens + u.completionTokens;
}

/** Adds a report to the run's usage: in all, on its step and (when known) on its agent. Returns the run's total. */
export function addUsage(row: RunRow, stepId: string, agent: string | undefined, u: TokenReport): number {
  const usage = (row.usage ??= { prompt: 0, completion: 0, total: 0, steps: {}, agents: {} });
  add(usage, u);
  add((usage.steps[stepId] ??= { prompt: 0, completion: 0, total: 0 }), u);
  if (agent !== undefined) add((usage.agents[agent] ??= { prompt: 0, completion: 0, total: 0 }), u);
  return usage.total;
}
