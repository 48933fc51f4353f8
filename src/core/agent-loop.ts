// The contract between the llm executor's tool-calling loop (src/agents) and the engine that
// journals and routes its tool calls (src/engine). Neither imports the other: the engine offers
// an `AgentLoopPort` on each attempt, the agents layer uses it (docs/agents.md).
import type { AgentTool, CapabilityTool, WorkflowTool } from './spec-types.generated.ts';

/** What kind of tool a call went to (events, transcript). */
export type ToolKind = 'capability' | 'agent' | 'mcp' | 'workflow' | 'knowledge';

/** One tool call as the model asked for it (OpenAI chat-completions `tool_calls[i]`). */
export interface ModelToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** The assistant message of one model turn, as it is sent back to the model. */
export interface AssistantMessage {
  role: 'assistant';
  content: string | null;
  tool_calls?: ModelToolCall[];
}

/** One model turn of an agent loop, journaled before the loop acts on it. */
export interface LoopTurnRecord {
  runId: string;
  /** The loop's key: its step's id, or `<loop>/<callId>` for the loop of a tool call that is itself an agent (set by the port). */
  loop: string;
  /** Order within the step's conversation, from 1; never reused, also across attempts. */
  seq: number;
  /** The step attempt that requested it. */
  attempt: number;
  /** An answer turn (no tool calls, or a repair of the answer): not replayed into a resumed conversation. */
  final: boolean;
  message: AssistantMessage;
  promptTokens: number;
  completionTokens: number;
  durationMs: number;
  at: number;
}

export type LoopCallStatus = 'running' | 'ok' | 'error';

/** One tool call of an agent loop: journaled as running before it runs, then with its result. */
export interface LoopCallRecord {
  runId: string;
  /** The loop's key (see LoopTurnRecord.loop; set by the port). */
  loop: string;
  /** Unique within the step: `<turn seq>.<index in the turn>`. Part of the call's idempotency key. */
  callId: string;
  turn: number;
  /** The model's id for the call (`tool_call_id` of the result message). */
  toolCallId: string;
  /** The name the model called. */
  tool: string;
  kind: ToolKind | 'unknown';
  /** The arguments as parsed (the raw text when they did not parse). */
  args: unknown;
  /** false: a crash while this call runs parks the step as in_doubt instead of running it again. */
  idempotent: boolean;
  status: LoopCallStatus;
  /** What the model is sent back: JSON text, size-limited. */
  result: string | undefined;
  startedAt: number;
  endedAt: number | undefined;
  durationMs: number | undefined;
}

/** The conversation of one step so far, as journaled. */
export interface LoopHistory {
  turns: LoopTurnRecord[];
  calls: LoopCallRecord[];
}

/** A tool entry's `approval:`: every call waits for a person, or those whose arguments make `when` true. */
export type ToolApproval = 'required' | { when: string };

/** A tool the engine itself runs: a capability routed like a step (maybe behind an approval), or a workflow as a sub-run. */
export type LoopRoute = { kind: 'capability'; capability: string; agentId?: string; approval?: ToolApproval } | { kind: 'workflow'; workflow: string };

/**
 * Thrown by `runCall` when a call waits for a person: its request is journaled and announced.
 * The loop lets the turn's other calls finish, then ends its attempt with it — the step waits
 * with no executor or agent slot held, and runs again from the journal once the call is answered.
 */
export class LoopWaiting extends Error {
  override readonly name = 'LoopWaiting';
  constructor(readonly calls: string[]) {
    super(`waiting for approval of tool call${calls.length === 1 ? '' : 's'} ${calls.join(', ')}`);
  }
}

/** A routed tool as the model is offered it. */
export interface RoutedTool {
  name: string;
  description: string;
  /** JSON Schema of the arguments (always an object schema). */
  parameters: Record<string, unknown>;
  kind: 'capability' | 'agent' | 'workflow';
  route: LoopRoute;
  idempotent: boolean;
  /**
   * A `template` capability (idempotent, no approval): no side effect, the same result when it
   * runs again. Its call may run while its turn is being journaled, and its result need not be
   * durable before the next model request: after a crash it simply runs again.
   */
  pure: boolean;
}

/** How one call runs: routed by the engine, run by the executor itself (mcp, knowledge), or refused before it runs. */
export type LoopCallHow =
  | { route: LoopRoute }
  | { local: (signal: AbortSignal, idempotencyKey: string) => Promise<unknown> }
  | { invalid: string };

/** What the engine gives an llm attempt whose spec has `tools:`. */
export interface AgentLoopPort {
  /** The step's conversation journaled so far (empty unless the step ran before: a crash, a retry). */
  history(): Promise<LoopHistory>;
  /** The tools a capability, agent or workflow entry stands for; throws a NonRetriableError naming what is unknown. */
  resolve(tool: CapabilityTool | AgentTool | WorkflowTool): RoutedTool[];
  /**
   * Journals a model turn and its calls (as running). Await it before the next model request.
   * With `pure` (every call of the turn is pure) it resolves once the journal file holds the turn
   * — it survives the process's crash, and is synced within 200 ms (docs/agents.md, "Durability")
   * — and the calls may run meanwhile (their results then ride along); otherwise it resolves once
   * the turn is on disk, before any call with a side effect runs. An answer turn (`final`) is not
   * replayed, so it is not written on its own: it goes with the step's end. Sets the records'
   * `runId` and `loop`.
   */
  recordTurn(turn: LoopTurnRecord, calls: LoopCallRecord[], pure: boolean): Promise<void>;
  /**
   * Runs one call journaled by `recordTurn` and journals its result — durably, unless the tool
   * is pure (it rides along with the next turn's record, or the step's end); a failing tool is
   * a result (`ok: false`, its error text), not a failed step; so is a call a person rejected.
   * Rejects when the attempt ends, or with LoopWaiting when the call waits for a person.
   */
  runCall(call: LoopCallRecord, how: LoopCallHow): Promise<{ ok: boolean; text: string }>;
}

/** A tool result the model is sent back is at most this long (longer ones are clipped, saying so). */
export const MAX_TOOL_RESULT_CHARS = 16_000;

/** The JSON text of a tool's result (or error) as the model sees it, clipped to MAX_TOOL_RESULT_CHARS. */
export function toolResultText(ok: boolean, value: unknown): string {
  let text: string;
  if (!ok) text = JSON.stringify({ error: typeof value === 'string' ? value : String(value) });
  else if (typeof value === 'string') text = value;
  else {
    try {
      text = JSON.stringify(value) ?? 'null';
    } catch {
      text = JSON.stringify({ error: 'the tool result is not serialisable as JSON' });
    }
  }
  if (text.length <= MAX_TOOL_RESULT_CHARS) return text;
  return `${text.slice(0, MAX_TOOL_RESULT_CHARS)}… [clipped: the result was ${text.length} characters]`;
}
