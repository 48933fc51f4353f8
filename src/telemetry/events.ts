import type { EngineEvent } from '../engine/index.ts';

/**
 * Tool calls of an agent loop, as the stream carries them (the names agreed for the event stream;
 * the agent loop emits them). Declared here by shape so traces need nothing else from the loop.
 */
export type ToolKind = 'capability' | 'agent' | 'mcp' | 'workflow' | 'knowledge';
export interface ToolCallStartedEvent {
  type: 'tool_call_started';
  runId: string;
  stepId: string;
  callId: string;
  tool: string;
  kind: ToolKind;
}
export interface ToolCallFinishedEvent {
  type: 'tool_call_finished';
  runId: string;
  stepId: string;
  callId: string;
  tool: string;
  kind: ToolKind;
  ok: boolean;
  durationMs: number;
  error?: string | undefined;
}

/** The stream events spans are built from, with the stream's time of publication. */
export type TracedEvent = (EngineEvent | ToolCallStartedEvent | ToolCallFinishedEvent) & { at: number };

/** Their types: the runtime subscribes to these only, and only while traces are exported. */
export const TRACED_EVENT_TYPES: readonly TracedEvent['type'][] = [
  'run_started',
  'step_started',
  'step_retrying',
  'step_finished',
  'run_finished',
  'model_call',
  'tool_call_started',
  'tool_call_finished',
];

const traced: ReadonlySet<string> = new Set(TRACED_EVENT_TYPES);

/** True for the events spans are built from (the stream carries others too). */
export function isTracedEvent(e: { type: string; at: number }): e is TracedEvent {
  return traced.has(e.type);
}
