// Rows of a PostgreSQL store as the repositories return them: the same records the embedded
// store's modules build (src/store/runs.ts, approvals.ts, agent-turns.ts…), from the same columns.
import type { AssistantMessage, LoopCallStatus, ToolKind } from '../../core/index.ts';
import type { AgentCallRecord, AgentTurnRecord } from '../agent-turns.ts';
import type { ApprovalRow } from '../approvals.ts';
import type { EventRecord } from '../events.ts';
import { fromJsonColumn } from '../json-column.ts';
import type { KnowledgeEntry } from '../knowledge.ts';
import type { RunRecord, StepRecord } from '../runs.ts';
import type { TriggerState } from '../triggers.ts';

export interface RunRaw {
  id: string;
  workflow_id: string;
  spec_hash: string | null;
  status: string;
  inputs: string | null;
  outputs: string | null;
  error: string | null;
  attempt: number;
  trigger: string | null;
  usage: string | null;
  masked: number;
  parent_run_id: string | null;
  parent_step_id: string | null;
  created_at: number;
  started_at: number | null;
  ended_at: number | null;
  updated_at: number;
}

export const runOf = (r: RunRaw): RunRecord => ({
  id: r.id,
  workflowId: r.workflow_id,
  specHash: r.spec_hash,
  status: r.status,
  inputs: fromJsonColumn(r.inputs),
  outputs: fromJsonColumn(r.outputs),
  error: fromJsonColumn(r.error),
  attempt: r.attempt,
  trigger: fromJsonColumn(r.trigger),
  usage: fromJsonColumn(r.usage),
  masked: r.masked === 1,
  parentRunId: r.parent_run_id,
  parentStepId: r.parent_step_id,
  createdAt: r.created_at,
  startedAt: r.started_at,
  endedAt: r.ended_at,
  updatedAt: r.updated_at,
});

export interface StepRaw {
  run_id: string;
  step_id: string;
  status: string;
  attempt: number;
  agent_id: string | null;
  input: string | null;
  output: string | null;
  error: string | null;
  started_at: number | null;
  ended_at: number | null;
  idempotency_key: string | null;
  masked: number;
  updated_at: number;
}

export const stepOf = (r: StepRaw): StepRecord => ({
  runId: r.run_id,
  stepId: r.step_id,
  status: r.status,
  attempt: r.attempt,
  agentId: r.agent_id,
  input: fromJsonColumn(r.input),
  output: fromJsonColumn(r.output),
  error: fromJsonColumn(r.error),
  startedAt: r.started_at,
  endedAt: r.ended_at,
  idempotencyKey: r.idempotency_key,
  masked: r.masked === 1,
  updatedAt: r.updated_at,
});

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

export interface ApprovalRaw {
  run_id: string;
  step_id: string;
  call_id: string;
  workflow_id: string;
  prompt: string;
  input_schema: string | null;
  requested_at: number;
  deadline: number | null;
  on_timeout: string | null;
  tool: string | null;
  args: string | null;
  approved: number | null;
  answered_by: string | null;
  answered_at: number | null;
  comment: string | null;
  input: string | null;
}

export const approvalOf = (r: ApprovalRaw): ApprovalRow => ({
  runId: r.run_id,
  stepId: r.step_id,
  callId: r.call_id,
  workflowId: r.workflow_id,
  tool: r.tool,
  args: fromJsonColumn(r.args),
  prompt: r.prompt,
  inputSchema: fromJsonColumn(r.input_schema) as Record<string, unknown> | null,
  requestedAt: r.requested_at,
  deadline: r.deadline,
  onTimeout: r.on_timeout,
  answer:
    r.approved === null
      ? null
      : { approved: r.approved === 1, by: r.answered_by ?? '', at: r.answered_at ?? 0, comment: r.comment, input: fromJsonColumn(r.input) as Record<string, unknown> | null },
});

export interface TurnRaw {
  run_id: string;
  loop_key: string;
  seq: number;
  attempt: number;
  final: number;
  message: string;
  prompt_tokens: number;
  completion_tokens: number;
  duration_ms: number;
  created_at: number;
}

export const turnOf = (r: TurnRaw): AgentTurnRecord => ({
  runId: r.run_id,
  loop: r.loop_key,
  seq: r.seq,
  attempt: r.attempt,
  final: r.final === 1,
  message: JSON.parse(r.message) as AssistantMessage,
  promptTokens: r.prompt_tokens,
  completionTokens: r.completion_tokens,
  durationMs: r.duration_ms,
  at: r.created_at,
});

export interface CallRaw {
  run_id: string;
  loop_key: string;
  call_id: string;
  turn: number;
  tool_call_id: string;
  tool: string;
  kind: string;
  args: string | null;
  idempotent: number;
  status: string;
  result: string | null;
  started_at: number;
  ended_at: number | null;
  duration_ms: number | null;
}

export const callOf = (r: CallRaw): AgentCallRecord => ({
  runId: r.run_id,
  loop: r.loop_key,
  callId: r.call_id,
  turn: r.turn,
  toolCallId: r.tool_call_id,
  tool: r.tool,
  kind: r.kind as ToolKind | 'unknown',
  args: r.args === null ? undefined : (JSON.parse(r.args) as unknown),
  idempotent: r.idempotent === 1,
  status: r.status as LoopCallStatus,
  result: r.result ?? undefined,
  startedAt: r.started_at,
  endedAt: r.ended_at ?? undefined,
  durationMs: r.duration_ms ?? undefined,
});

export interface EventRaw {
  id: string;
  type: string;
  priority: string;
  source: string | null;
  target: string | null;
  data: string | null;
  created_at: number;
  expires_at: number | null;
}

export const eventOf = (r: EventRaw): EventRecord => ({
  id: r.id,
  type: r.type,
  priority: r.priority,
  source: r.source,
  target: r.target,
  data: fromJsonColumn(r.data),
  createdAt: r.created_at,
  expiresAt: r.expires_at,
});

export interface TriggerRaw {
  workflow_id: string;
  trigger_key: string;
  last_fire: number | null;
  last_outcome: string | null;
  paused: number;
  data: string | null;
  updated_at: number;
}

export const triggerOf = (r: TriggerRaw): TriggerState => ({
  workflowId: r.workflow_id,
  triggerKey: r.trigger_key,
  lastFire: r.last_fire,
  lastOutcome: r.last_outcome,
  paused: r.paused !== 0,
  data: fromJsonColumn(r.data),
  updatedAt: r.updated_at,
});
