// The control-socket calls of approvals: what `amas runs approve|reject|approvals` use while
// `amas up` runs (the project's one writer), and the checked shape of an answer every face sends.
import type { ApprovalDecision, ApprovalRecord } from '../engine/index.ts';
import { InvalidParamsError, obj, optStr, str, type ControlHandler, type Params } from './control/index.ts';
import type { Runtime } from './runtime.ts';

/** Longest `by` and `comment` accepted from any face. */
export const MAX_BY = 200;
export const MAX_COMMENT = 10_000;

/** An answer's fields from untrusted params (socket, MCP): a wrong shape is refused before anything is journaled. */
export function decisionFrom(p: Params, by: string): ApprovalDecision {
  const approved = p.approved;
  if (typeof approved !== 'boolean') throw new InvalidParamsError('approved must be true or false');
  const comment = optStr(p, 'comment');
  if (comment !== undefined && comment.length > MAX_COMMENT) throw new InvalidParamsError(`comment is longer than ${MAX_COMMENT} characters`);
  const input = p.input;
  if (input !== undefined && (typeof input !== 'object' || input === null || Array.isArray(input))) throw new InvalidParamsError('input must be an object');
  if (by.length === 0 || by.length > MAX_BY) throw new InvalidParamsError(`by must be 1 to ${MAX_BY} characters`);
  return { approved, by, ...(comment === undefined ? {} : { comment }), ...(input === undefined ? {} : { input: input as Record<string, unknown> }) };
}

/** The optional tool-call id of an answer (`call`), checked like an id. */
export function callFrom(p: Params): string | undefined {
  const call = optStr(p, 'call');
  if (call !== undefined && !/^[0-9][0-9./]{0,199}$/.test(call)) throw new InvalidParamsError('call must be a tool call id such as 1.0');
  return call;
}

/** What a face shows of a pending approval (the schema included, so a client can render the form). */
export function approvalView(r: ApprovalRecord): Record<string, unknown> {
  return {
    runId: r.runId,
    workflow: r.workflow,
    stepId: r.stepId,
    ...(r.callId ? { callId: r.callId } : {}),
    ...(r.tool === undefined ? {} : { tool: r.tool, args: r.args ?? null }),
    prompt: r.prompt,
    requestedAt: new Date(r.requestedAt).toISOString(),
    deadline: r.deadline === undefined ? null : new Date(r.deadline).toISOString(),
    onTimeout: r.onTimeout ?? null,
    input: r.inputSchema ?? null,
    path: `/api/runs/${encodeURIComponent(r.runId)}/steps/${encodeURIComponent(r.stepId)}/approval`,
    ...(r.answer ? { answer: { ...r.answer, at: new Date(r.answer.at).toISOString() } } : {}),
  };
}

/** Replies are masked by the control server (its one choke point). */
export function approvalControlHandlers(rt: Runtime): Record<string, ControlHandler> {
  return {
    'approvals.answer': async (raw) => {
      const p = obj(raw);
      const by = str(p, 'by');
      const rec = await rt.answerApproval(str(p, 'runId'), str(p, 'stepId'), decisionFrom(p, by), callFrom(p));
      return approvalView(rec);
    },
    'approvals.pending': async () => (await rt.pendingApprovals()).map(approvalView),
  };
}
