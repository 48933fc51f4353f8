import type { Clock, Logger } from '../core/index.ts';
import type { Deadlines } from './deadlines.ts';
import type { JournalBuffer } from './journal.ts';
import type { AgentPort, ApprovalJournal, EventPort, ExprPort } from './ports.ts';
import type { EngineEvent } from './types.ts';

/** What one run needs from its engine: the ports, the clock and the settings it reads. */
export interface RunDeps {
  agents: AgentPort;
  expr: ExprPort;
  journal: JournalBuffer;
  /** Approval requests and answers (the store's table, or memory without one). */
  approvals: ApprovalJournal;
  events: EventPort | undefined;
  clock: Clock;
  deadlines: Deadlines;
  random: () => number;
  logger: Logger;
  env: Record<string, string | undefined>;
  secrets: Record<string, string | undefined>;
  emit: (e: EngineEvent) => void;
  /** Progress events are built only when someone listens. */
  listening: () => boolean;
  recordKnowledge: boolean;
  taskKnowledge: 'all' | 'side-effects';
  /** `knowledge(category, limit)` in expressions: newest entries' content. */
  knowledge: ((category: string, limit?: number) => unknown[]) | undefined;
}
