import type { Clock, Logger, ProjectSpec, WorkflowSpec } from '../core/index.ts';
import type { Deadlines } from './deadlines.ts';
import type { JournalBuffer } from './journal.ts';
import type { AgentPort, EventPort, ExprPort } from './ports.ts';
import type { EngineEvent, RunResult, RunRow } from './types.ts';

/** A sub-run asked for by an agent loop's workflow tool. */
export interface ChildRunRequest {
  parent: RunRow;
  loopKey: string;
  callId: string;
  workflow: string;
  inputs: Record<string, unknown>;
  /** Cancels the sub-run when the calling attempt ends. */
  signal: AbortSignal;
}

/** What one run needs from its engine: the ports, the clock and the settings it reads. */
export interface RunDeps {
  agents: AgentPort;
  expr: ExprPort;
  journal: JournalBuffer;
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
  /** The project's workflows by id (workflow tools of agent loops). */
  workflows: ((id: string) => WorkflowSpec | undefined) | undefined;
  /** Starts (or, after a crash, finds) the sub-run of a workflow tool call and waits for its end. */
  startChild: ((req: ChildRunRequest) => Promise<RunResult>) | undefined;
}
