// Per-tool approval in agent loops (docs/approvals.md "Tool calls"): a call to a tool whose
// entry says `approval: required` (or `{ when }` true on the call's arguments) waits for a
// person. The request is journaled (call id = the call's id within the step) before anyone is
// told; the attempt then ends with LoopWaiting, so nothing is held while it waits. When the
// step runs again from the journal, the answer decides: approved, the call runs; rejected, the
// model gets the rejection as the tool's result.
import { errorMessage, LoopWaiting, NonRetriableError, type LoopCallRecord, type ToolApproval } from '../core/index.ts';
import { approvalPath } from './approval-step.ts';
import type { ApprovalRecord } from './ports.ts';
import type { RunDeps } from './run-deps.ts';

/** The longest rendering of a call's arguments in its approval prompt. */
const MAX_PROMPT_ARGS = 2000;

/** Where a call stands on the way to running: go ahead, or the rejection text the model gets instead. */
export type CallGate = { run: true } | { run: false; text: string };

/**
 * The approval's call id: the call's id in the step's own loop (`1.0`), or the path to it through
 * the loops of tool calls that are agents themselves (`1.0/2.1`). Loops of for_each items and
 * repeat iterations cannot wait (their units end with their attempt): undefined.
 */
export function approvalCallId(stepId: string, loopKey: string, callId: string): string | undefined {
  const rest = loopKey.slice(stepId.length);
  if (rest === '') return callId;
  if (!rest.startsWith('/')) return undefined;
  return `${rest.slice(1)}/${callId}`;
}

/** The prompt a person sees: the tool and its arguments (masked at every exit, like all data). */
export function toolPrompt(call: LoopCallRecord): string {
  let args: string;
  try {
    args = JSON.stringify(call.args) ?? 'null';
  } catch {
    args = String(call.args);
  }
  if (args.length > MAX_PROMPT_ARGS) args = `${args.slice(0, MAX_PROMPT_ARGS)}…`;
  return `Allow the agent to call ${call.tool} with ${args}?`;
}

/** Whether the entry makes this call wait: `when` is evaluated with the call's arguments as `args`; an expression that fails to evaluate makes it wait (fail closed). */
function needsApproval(deps: RunDeps, approval: ToolApproval, args: unknown): { wait: boolean; note?: string } {
  if (approval === 'required') return { wait: true };
  try {
    return { wait: !!deps.expr.render(approval.when, { args }) };
  } catch (err) {
    return { wait: true, note: `approval.when could not be evaluated (${errorMessage(err)}), so the call waits` };
  }
}

/** The text the model receives for a call a person rejected. */
export function rejectionText(rec: ApprovalRecord): string {
  const a = rec.answer!;
  const who = a.by === 'timeout' ? 'nobody answered in time' : `rejected by ${a.by}`;
  return `The call was not run: a person had to approve it and it was ${who}${a.comment ? `, saying: ${a.comment}` : ''}. Do not call it again with the same arguments unless the task changes.`;
}

export interface GateContext {
  deps: RunDeps;
  runId: string;
  workflow: string;
  stepId: string;
  loopKey: string;
}

/**
 * Decides a call behind an approval: answered → run it or reject it; otherwise the request is
 * journaled (once; a restart finds it), announced, and LoopWaiting thrown.
 */
export async function gateCall(g: GateContext, call: LoopCallRecord, approval: ToolApproval): Promise<CallGate> {
  const { deps } = g;
  const callKey = approvalCallId(g.stepId, g.loopKey, call.callId);
  if (callKey === undefined) throw new NonRetriableError(`tool ${call.tool} needs approval, which for_each items and repeat iterations cannot wait for: move the agent loop into a step of its own`);
  let rec = await deps.approvals.get(g.runId, g.stepId, callKey);
  let fresh = false;
  if (!rec) {
    const need = needsApproval(deps, approval, call.args);
    if (!need.wait) return { run: true };
    rec = await deps.approvals.request({
      runId: g.runId,
      workflow: g.workflow,
      stepId: g.stepId,
      callId: callKey,
      tool: call.tool,
      args: call.args,
      prompt: need.note ? `${toolPrompt(call)} (${need.note})` : toolPrompt(call),
      requestedAt: deps.clock.now(),
    });
    fresh = true;
  }
  if (rec.answer) return rec.answer.approved ? { run: true } : { run: false, text: rejectionText(rec) };
  if (deps.listening()) {
    deps.emit({
      type: 'approval_requested',
      runId: g.runId,
      workflow: g.workflow,
      stepId: g.stepId,
      callId: callKey,
      prompt: rec.prompt,
      requestedAt: rec.requestedAt,
      path: approvalPath(g.runId, g.stepId),
      ...(fresh ? {} : { restored: true }),
    });
  }
  throw new LoopWaiting([callKey]);
}
