// A person's answer to an approval — an approval step's (call id '') or an agent-loop tool
// call's — as every face hands it to Engine.answer: found, checked, taken once, then delivered
// to the run waiting for it (or the run is resumed from the journal). docs/approvals.md.
import { AmasError, type Clock, type Logger } from '../core/index.ts';
import { announceAnswer, answeredError, checkApprovalInput } from './approval-step.ts';
import type { ApprovalJournal, ApprovalRecord, RunJournal } from './ports.ts';
import type { RunExecution } from './run.ts';
import { FINISHED_RUN, type EngineEvent, type RunResult } from './types.ts';

/** A person's answer to an approval, as every face hands it over (`at` is the engine's clock). */
export interface ApprovalDecision {
  approved: boolean;
  by: string;
  comment?: string | undefined;
  input?: Record<string, unknown> | undefined;
}

/** What answering needs of its engine. */
export interface AnswerHost {
  approvals: ApprovalJournal;
  journal: RunJournal | undefined;
  active: ReadonlyMap<string, RunExecution>;
  clock: Clock;
  logger: Logger;
  emit(e: EngineEvent): void;
  listening(): boolean;
  /** Resumes one run from the journal (the answer was given with no execution of it here). */
  resume(runId: string): Promise<{ id: string; result: Promise<RunResult>; cancel(reason?: string): void }>;
}

/** "--call 1.0 (schedule_post)", one per pending request, for a refusal that must name them. */
function describeCalls(recs: ApprovalRecord[]): string {
  return recs.map((r) => `--call ${r.callId}${r.tool ? ` (${r.tool})` : ''}`).join(', ');
}

/**
 * The request an answer is for. Without a call id: the approval step's request, else the step's
 * one pending tool-call request; several pending tool calls must be told apart (the error lists them).
 */
async function findRequest(host: Omit<AnswerHost, 'resume'>, runId: string, stepId: string, callId: string | undefined): Promise<ApprovalRecord | undefined> {
  if (callId !== undefined) return host.approvals.get(runId, stepId, callId);
  const own = await host.approvals.get(runId, stepId, '');
  if (own) return own;
  const pending = (await host.approvals.pending()).filter((r) => r.runId === runId && r.stepId === stepId);
  if (pending.length > 1) {
    throw new AmasError('AMAS_APPROVAL_AMBIGUOUS', `step ${stepId} of run ${runId} has ${pending.length} tool calls waiting for approval: name one with ${describeCalls(pending)}`, {
      exitCode: 2,
      hint: 'answer each call on its own (CLI --call ID, HTTP/MCP field "call")',
    });
  }
  return pending[0];
}

export async function answerApproval(
  host: AnswerHost,
  runId: string,
  stepId: string,
  decision: ApprovalDecision,
  callId: string | undefined,
): Promise<{ record: ApprovalRecord; handle: { id: string; result: Promise<RunResult>; cancel(reason?: string): void } }> {
  const record = await takeAnswer(host, runId, stepId, decision, callId);
  const live = host.active.get(runId);
  if (live?.stoppable) {
    if (record.callId) live.toolWaits.deliver(record);
    else live.approvals.deliver(record, true);
    return { record, handle: { id: runId, result: live.nextStop(), cancel: (reason?: string) => live.cancel(reason) } };
  }
  if (live) await live.done;
  return { record, handle: await host.resume(runId) };
}

/**
 * Finds, checks and takes the answer (durably, once), and announces it; delivers nothing. On a
 * store several processes share, the process driving the run notices the answer itself.
 */
export async function takeAnswer(host: Omit<AnswerHost, 'resume'>, runId: string, stepId: string, decision: ApprovalDecision, callId: string | undefined): Promise<ApprovalRecord> {
  const ex = host.active.get(runId);
  const run = ex ? undefined : await host.journal?.getRun(runId);
  if (!ex && !run) throw new AmasError('AMAS_RUN_UNKNOWN', `no run "${runId}"`, { exitCode: 2, hint: 'list runs with `amas runs list`' });
  const rec = await findRequest(host, runId, stepId, callId);
  if (!rec) {
    const steps = ex ? ex.plan.workflow.steps : (run?.spec?.steps ?? []);
    if (!steps.some((s) => s.id === stepId)) throw new AmasError('AMAS_STEP_UNKNOWN', `run ${runId} has no step "${stepId}"`, { exitCode: 2 });
    const what = callId === undefined ? `step ${stepId} of run ${runId} is not waiting for approval` : `step ${stepId} of run ${runId} has no tool call "${callId}" waiting for approval`;
    throw new AmasError('AMAS_APPROVAL_NOT_WAITING', what, { exitCode: 2, hint: `see \`amas runs approvals\` and \`amas runs show ${runId}\`` });
  }
  if (rec.answer) throw answeredError(rec);
  const status = ex ? ex.snapshot().status : run!.status;
  if (FINISHED_RUN.has(status)) throw new AmasError('AMAS_RUN_FINISHED', `run ${runId} already ended as ${status}: its approvals can no longer be answered`, { exitCode: 2 });
  const input = checkApprovalInput(rec, decision.approved, decision.input);
  const answer = { approved: decision.approved, by: decision.by, at: host.clock.now(), ...(decision.comment === undefined ? {} : { comment: decision.comment }), ...(input === undefined ? {} : { input }) };
  const { taken, record } = await host.approvals.answer(runId, stepId, rec.callId, answer);
  if (!record) throw new AmasError('AMAS_APPROVAL_NOT_WAITING', `step ${stepId} of run ${runId} is not waiting for approval`, { exitCode: 2 });
  if (!taken) throw answeredError(record);
  host.logger.info('approval answered', { runId, step: stepId, ...(record.callId ? { call: record.callId } : {}), approved: answer.approved, by: answer.by });
  announceAnswer(host, record);
  return record;
}

/**
 * An answer another process took (a PostgreSQL store shared by several processes): delivered to
 * the run here when it waits for it. False when nothing here waits for it.
 */
export function deliverTakenAnswer(host: Pick<AnswerHost, 'active' | 'emit' | 'listening'>, record: ApprovalRecord): boolean {
  const live = host.active.get(record.runId);
  if (!live?.stoppable || !record.answer) return false;
  const waits = record.callId ? live.toolWaits.has(record.stepId) : live.approvals.has(record.stepId);
  if (!waits) return false;
  announceAnswer(host, record);
  if (record.callId) live.toolWaits.deliver(record);
  else live.approvals.deliver(record, false);
  return true;
}
