// Public face of src/engine: runs of workflows (docs/architecture.md "The run path"). May import core, expr, schema (.dependency-cruiser.cjs).
export { Engine, type EngineOptions, type RunHandle, type InDoubtAction, type ApprovalDecision } from './engine.ts';
export { approvalPath, approvalOutput, describeAnswer } from './approval-step.ts';
export { MemoryApprovals } from './approval-memory.ts';
export { prepareInputs } from './inputs.ts';
export { assertManual } from './manual.ts';
export { compilePlan, openNeeds, specHash, type Plan, type PlanStep } from './plan.ts';
export { backoffDelay, resolveRetry, resolveTimeout, DEFAULT_TIMEOUT_MS, type ResolvedRetry } from './policy.ts';
export { StepTimeoutError, RunStoppedError, TaskInDoubtError } from './errors.ts';
export { stepResult as stepResultOf } from './results.ts';
export type {
  AgentLease,
  AgentPort,
  ApprovalAnswer,
  ApprovalJournal,
  ApprovalRecord,
  ApprovalRequest,
  AttemptContext,
  CapabilityInfo,
  EventPort,
  ExecutorKind,
  ExprPort,
  JournalBatch,
  JournalDurability,
  KnowledgeDraft,
  RunJournal,
} from './ports.ts';
export * from './types.ts';
