// Approval steps: the step journals a request, announces it and waits for a person — with no
// executor, agent slot or polling while it waits; only its deadline (if any) sits in the
// engine's one deadline heap. An answer from any face goes through Engine.answer (or a deadline
// through `timeout`), is taken once by the approval journal, and completes the step here.
// docs/approvals.md describes the behaviour.
import { AmasError, errorMessage, parseDuration } from '../core/index.ts';
import { compileSchema, errorLines } from '../schema/index.ts';
import type { Deadline } from './deadlines.ts';
import type { PlanStep } from './plan.ts';
import type { ApprovalAnswer, ApprovalRecord } from './ports.ts';
import type { RunDeps } from './run-deps.ts';
import type { StepError, StepRow } from './types.ts';

/** Where the HTTP API takes the answer to an approval step. */
export function approvalPath(runId: string, stepId: string): string {
  return `/api/runs/${encodeURIComponent(runId)}/steps/${encodeURIComponent(stepId)}/approval`;
}

/** The step's output: the form's values, then `approved`, `by`, `at` (ISO time) and `comment` (these win over form fields of the same name). */
export function approvalOutput(a: ApprovalAnswer): Record<string, unknown> {
  return { ...(a.input ?? {}), approved: a.approved, by: a.by, at: new Date(a.at).toISOString(), ...(a.comment === undefined ? {} : { comment: a.comment }) };
}

/** "approved by ana at 2026-…", for refusals of a second answer. */
export function describeAnswer(rec: ApprovalRecord): string {
  const a = rec.answer;
  if (!a) return 'not answered yet';
  const what = a.by === 'timeout' ? (rec.onTimeout === 'fail' ? 'failed on its timeout' : `${a.approved ? 'approved' : 'rejected'} on its timeout`) : `${a.approved ? 'approved' : 'rejected'} by ${a.by}`;
  return `${what} at ${new Date(a.at).toISOString()}`;
}

export function answeredError(rec: ApprovalRecord): AmasError {
  const what = rec.callId ? `tool call ${rec.callId} of step ${rec.stepId} of run ${rec.runId}` : `step ${rec.stepId} of run ${rec.runId}`;
  return new AmasError('AMAS_APPROVAL_ANSWERED', `${what} was already answered: ${describeAnswer(rec)}`, {
    exitCode: 1,
    hint: 'an approval takes one answer; the first one stands',
  });
}

/**
 * The approver's form values, checked against the request's `input` schema (defaults filled
 * in). A rejection needs no form; values given with one are still checked. Throws
 * AMAS_APPROVAL_INPUT naming every problem: the approval stays open.
 */
export function checkApprovalInput(rec: ApprovalRecord, approved: boolean, input: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const where = `step ${rec.stepId} of run ${rec.runId}`;
  if (!rec.inputSchema) {
    if (input !== undefined && Object.keys(input).length > 0) {
      throw new AmasError('AMAS_APPROVAL_INPUT', `${where} takes no input (its approval declares no \`input\` form)`, { exitCode: 2 });
    }
    return undefined;
  }
  if (!approved && input === undefined) return undefined;
  const value = structuredClone(input ?? {});
  const c = compileSchema(rec.inputSchema, { defaults: true });
  if (!c.ok) throw new AmasError('AMAS_APPROVAL_INPUT', `${where}: its input schema is invalid: ${c.message}`, { exitCode: 2 });
  if (!c.validate(value)) {
    throw new AmasError('AMAS_APPROVAL_INPUT', `${where}: the input is not valid: ${errorLines(c.validate.errors).join('; ')}`, { exitCode: 2, hint: 'the approval stays open: answer again with a valid input' });
  }
  return value;
}

/** What ApprovalSteps needs of its run (RunExecution). */
export interface ApprovalHost {
  readonly deps: RunDeps;
  readonly rows: StepRow[];
  readonly row: { id: string; workflow: string };
  readonly scope: Record<string, unknown>;
  readonly isStopped: boolean;
  addWait(delta: 1 | -1): void;
  checkEnd(): void;
  endStopped(i: number): void;
  completeApproval(i: number, output: unknown, durationMs: number): void;
  failApproval(i: number, error: StepError): void;
}

interface Wait {
  i: number;
  ps: PlanStep;
  rec: ApprovalRecord;
  deadline: Deadline | undefined;
}

/** The approval steps of one run: their waits, deadlines and answers. */
export class ApprovalSteps {
  private readonly waits = new Map<string, Wait>();
  /** Answers that came while their step was still being journaled as waiting. */
  private readonly early = new Map<string, ApprovalRecord>();

  constructor(private readonly host: ApprovalHost) {}

  /** Step i's needs are met and its condition holds: request (or find the request from before a restart) and wait. */
  async begin(i: number, ps: PlanStep): Promise<void> {
    const h = this.host;
    const { deps } = h;
    const runId = h.row.id;
    const row = h.rows[i]!;
    const spec = ps.spec.approval!;
    try {
      let rec = await deps.approvals.get(runId, ps.id, '');
      let fresh = false;
      if (!rec) {
        const prompt = deps.expr.render(spec.prompt, h.scope);
        const now = deps.clock.now();
        rec = await deps.approvals.request({
          runId,
          workflow: h.row.workflow,
          stepId: ps.id,
          callId: '',
          prompt: typeof prompt === 'string' ? prompt : JSON.stringify(prompt),
          inputSchema: spec.input,
          requestedAt: now,
          deadline: spec.timeout === undefined ? undefined : now + parseDuration(spec.timeout),
          onTimeout: spec.on_timeout ?? 'reject',
        });
        fresh = true;
      }
      if (h.isStopped) return h.endStopped(i);
      if (rec.answer) return this.settle(i, ps, rec);
      row.status = 'waiting';
      row.attempt = Math.max(row.attempt, 1);
      row.startedAt = rec.requestedAt;
      row.error = undefined;
      const w = deps.journal.step(row, true);
      if (w) await w;
      if (h.isStopped) return h.endStopped(i);
      const early = this.early.get(ps.id);
      if (early) {
        this.early.delete(ps.id);
        return this.settle(i, ps, early);
      }
      const wait: Wait = { i, ps, rec, deadline: undefined };
      this.waits.set(ps.id, wait);
      h.addWait(1);
      if (rec.deadline !== undefined) wait.deadline = deps.deadlines.add(Math.max(0, rec.deadline - deps.clock.now()), { fire: () => void this.timeout(ps.id) });
      if (deps.listening()) {
        deps.emit({
          type: 'approval_requested',
          runId,
          workflow: h.row.workflow,
          stepId: ps.id,
          prompt: rec.prompt,
          requestedAt: rec.requestedAt,
          ...(rec.deadline === undefined ? {} : { deadline: rec.deadline }),
          path: approvalPath(runId, ps.id),
          ...(fresh ? {} : { restored: true }),
        });
      }
      h.checkEnd();
    } catch (err) {
      h.failApproval(i, { kind: 'approval', message: `step ${ps.id}: ${errorMessage(err)}` });
    }
  }

  /** Whether a step of this run waits for an approval now. */
  has(stepId: string): boolean {
    return this.waits.has(stepId);
  }

  /** An answer the journal took: completes (or, failed on timeout, fails) its step. False when the step does not wait here. */
  deliver(rec: ApprovalRecord, beingJournaled: boolean): boolean {
    const w = this.waits.get(rec.stepId);
    if (!w) {
      if (beingJournaled) this.early.set(rec.stepId, rec);
      return beingJournaled;
    }
    this.drop(w);
    this.settle(w.i, w.ps, rec);
    return true;
  }

  /** The run stopped: waits end (cancelled, or kept as waiting in the journal when suspended). */
  interrupt(): void {
    for (const w of [...this.waits.values()]) {
      this.drop(w);
      this.host.endStopped(w.i);
    }
  }

  private drop(w: Wait): void {
    this.waits.delete(w.ps.id);
    this.host.addWait(-1);
    if (w.deadline) this.host.deps.deadlines.cancel(w.deadline);
    w.deadline = undefined;
  }

  /** The deadline passed unanswered: `on_timeout` answers, as `by: "timeout"` — unless a person's answer got there first. */
  private async timeout(stepId: string): Promise<void> {
    const w = this.waits.get(stepId);
    if (!w) return;
    w.deadline = undefined;
    const { deps } = this.host;
    const onTimeout = w.rec.onTimeout ?? 'reject';
    const answer: ApprovalAnswer = { approved: onTimeout === 'approve', by: 'timeout', at: deps.clock.now(), ...(onTimeout === 'fail' ? { comment: 'no answer before the deadline' } : {}) };
    try {
      const { taken, record } = await deps.approvals.answer(w.rec.runId, stepId, '', answer);
      if (!taken || !record) return;
      announceAnswer(deps, record);
      this.deliver(record, false);
    } catch (err) {
      deps.logger.error('approval timeout could not be journaled', { runId: w.rec.runId, step: stepId, error: errorMessage(err) });
    }
  }

  private settle(i: number, ps: PlanStep, rec: ApprovalRecord): void {
    const a = rec.answer!;
    const h = this.host;
    if (a.by === 'timeout' && rec.onTimeout === 'fail') {
      return h.failApproval(i, { kind: 'timeout', message: `step ${ps.id}: no answer to its approval within ${ps.spec.approval?.timeout ?? 'its timeout'}` });
    }
    h.completeApproval(i, approvalOutput(a), Math.max(0, a.at - rec.requestedAt));
  }
}

export function announceAnswer(deps: Pick<RunDeps, 'emit' | 'listening'>, rec: ApprovalRecord): void {
  const a = rec.answer;
  if (!a || !deps.listening()) return;
  deps.emit({
    type: 'approval_answered',
    runId: rec.runId,
    workflow: rec.workflow,
    stepId: rec.stepId,
    ...(rec.callId ? { callId: rec.callId } : {}),
    prompt: rec.prompt,
    approved: a.approved,
    by: a.by,
    at: a.at,
  });
}
