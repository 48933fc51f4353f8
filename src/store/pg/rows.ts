// Rows of a PostgreSQL store as the repositories return them: the same records the embedded
// store's modules build (src/store/runs.ts, approvals.ts, agent-turns.ts…), from the same columns.
import type { KnowledgeEntry } from '../knowledge.ts';

// The same columns as the embedded store's tables, so the same mappers (knowledge differs: its
// search columns).
export { runOf, stepOf, type RunRow as RunRaw, type StepRow as StepRaw } from '../runs.ts';
export { rowOf as approvalOf, type Raw as ApprovalRaw } from '../approvals.ts';
export { turnOf, callOf, type TurnRow as TurnRaw, type CallRow as CallRaw } from '../agent-turns.ts';
export { eventOf, type EventRow as EventRaw } from '../events.ts';
export { triggerOf, type TriggerRow as TriggerRaw } from '../triggers.ts';

export interface KnowledgeRaw {
  rid: number;
  id: string;
  agent_id: string | null;
  category: string;
  content: string;
  metadata: string;
  created_at: number;
  expires_at: number | null;
  confidence: number;
  source: string | null;
  content_hash: string;
}

export const KNOWLEDGE_COLS = 'k.rid, k.id, k.agent_id, k.category, k.content, k.metadata, k.created_at, k.expires_at, k.confidence, k.source, k.content_hash';

export const entryOf = (r: KnowledgeRaw): KnowledgeEntry => ({
  id: r.id,
  agentId: r.agent_id,
  category: r.category,
  content: JSON.parse(r.content) as unknown,
  metadata: JSON.parse(r.metadata) as Record<string, unknown>,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  confidence: r.confidence,
  source: r.source,
  contentHash: r.content_hash,
});

