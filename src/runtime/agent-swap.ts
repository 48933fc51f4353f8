import type { AgentPool } from '../agents/index.ts';
import { errorMessage, type Logger } from '../core/index.ts';
import type { ProjectModel } from '../spec/index.ts';

export interface AgentSwap {
  added: string[];
  changed: string[];
  removed: string[];
}

/**
 * Brings the live pool from one valid model to the next: new agents start, changed ones are
 * replaced (by spec hash), removed ones finish their tasks in flight and then go offline.
 */
export function swapAgents(pool: AgentPool, before: ProjectModel, after: ProjectModel, logger: Logger): AgentSwap {
  const swap: AgentSwap = { added: [], changed: [], removed: [] };
  for (const [id, a] of after.agents) {
    const old = before.agents.get(id);
    if (!old) {
      pool.add(a.spec);
      swap.added.push(id);
    } else if (old.hash !== a.hash) {
      pool.replace(a.spec);
      swap.changed.push(id);
    }
  }
  for (const id of before.agents.keys()) {
    if (after.agents.has(id)) continue;
    swap.removed.push(id);
    void pool.remove(id).catch((err: unknown) => logger.warn('agent removal failed', { agent: id, error: errorMessage(err) }));
  }
  return swap;
}
