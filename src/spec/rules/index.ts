import type { Rule } from './base.ts';
import { approvalSteps } from './approval-steps.ts';
import { capabilitySchemas } from './capability-schemas.ts';
import { cron } from './cron.ts';
import { delegation } from './delegation.ts';
import { duplicateIds } from './duplicate-ids.ts';
import { duplicateSteps } from './duplicate-steps.ts';
import { durations } from './durations.ts';
import { events } from './events.ts';
import { reactions } from './reactions.ts';
import { executorRefs } from './executor-refs.ts';
import { forEach } from './for-each.ts';
import { expressions } from './expressions.ts';
import { maxTurns } from './max-turns.ts';
import { needsCycle } from './needs-cycle.ts';
import { needsUnknown } from './needs-unknown.ts';
import { projectPaths } from './project-paths.ts';
import { secrets } from './secrets.ts';
import { shellExpressions } from './shell-expressions.ts';
import { stepAgent } from './step-agent.ts';
import { stepTask } from './step-task.ts';
import { stepWith } from './step-with.ts';
import { subWorkflows } from './sub-workflows.ts';
import { sseHeartbeat } from './sse-heartbeat.ts';
import { storeUrl } from './store-url.ts';
import { telemetryEndpoint } from './telemetry-endpoint.ts';
import { toolNamesRule } from './tool-names.ts';
import { toolApprovals } from './tool-approvals.ts';
import { toolParams } from './tool-params.ts';
import { toolRefs } from './tool-refs.ts';
import { triggers } from './triggers.ts';
import { tests } from './tests.ts';
import { unreachable } from './unreachable.ts';

/** Every semantic rule, run in this order over the schema-valid specs. */
export const RULES: readonly Rule[] = [
  duplicateIds,
  capabilitySchemas,
  durations,
  stepAgent,
  stepTask,
  duplicateSteps,
  needsUnknown,
  needsCycle,
  stepWith,
  subWorkflows,
  forEach,
  approvalSteps,
  executorRefs,
  toolRefs,
  toolNamesRule,
  toolParams,
  toolApprovals,
  delegation,
  maxTurns,
  projectPaths,
  telemetryEndpoint,
  sseHeartbeat,
  storeUrl,
  unreachable,
  expressions,
  triggers,
  cron,
  events,
  reactions,
  secrets,
  shellExpressions,
  tests,
];

export type { TestEntry } from './tests.ts';
export { makeContext, type RuleContext, type Rule, type AgentEntry, type WorkflowEntry } from './base.ts';
