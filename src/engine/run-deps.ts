import type { Clock, Logger, ProjectSpec, WorkflowSpec } from '../core/index.ts';
import type { Deadlines } from './deadlines.ts';
import type { JournalBuffer } from './journal.ts';
import type { AgentPort, ApprovalJournal, EventPort, ExprPort } from './ports.ts';
import type { EngineEvent, RunResult } from './types.ts';
import type { TokenReport } from './usage.ts';

/**
 * How a child run charges its parent: every executor attempt and every token it spends also
 * count against the parent run's budgets (crossing them stops the parent, which stops the child).
 */
export interface BudgetLink {
  chargeToolCall(): void;
  addUsage(u: TokenReport): void;
}

/** Runs (or re-attaches to) the child run of a `workflow:` step; see Engine.runChild. */
export type ChildRunner = (
  parent: { runId: string; stepId: string; key?: string },
  workflowId: string,
  inputs: Record<string, unknown>,
  signal: AbortSignal,
  link: BudgetLink,
) => Promise<RunResult>;

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
  /** amas.yaml as of the run's start (tool calls resolve their timeout and retry defaults from it). */
  project: ProjectSpec | undefined;
  /** The workflows a child run may start (the current model's): agent loops' workflow tools read their inputs. */
  workflows: ((id: string) => { spec: WorkflowSpec; hash: string } | undefined) | undefined;
  /** Runs (or re-attaches to) a child run: `workflow:` steps and agent loops' workflow tools. */
  runChild: ChildRunner;
}
