import { AmasError, stepLabel, type TuiCommands } from '../core/index.ts';
import { shutdownGraceMs } from './project.ts';
import { StoreJournal } from './store-journal.ts';
import type { Runtime } from './runtime.ts';
import { watchStepTranscript } from './tui-transcripts.ts';

/** What the TUI's keys do, as calls on the runtime; a refusal's message shows on its status line. */
export function runtimeCommands(rt: Runtime): TuiCommands {
  return {
    runWorkflow: async (id, inputs) => {
      const o = rt.startRun({ workflow: id, inputs, origin: { kind: 'manual', via: 'tui' } });
      if (o.kind === 'skipped') throw new AmasError('AMAS_RUN_SKIPPED', `not started: ${o.reason}`);
      if (o.kind === 'queued') await o.durable;
      return { runId: o.runId };
    },
    cancelRun: async (runId) => {
      if (!(await rt.cancelRun(runId))) throw new AmasError('AMAS_RUN_UNKNOWN', `run ${runId} is not active`);
    },
    retryStep: (runId, stepId) => rt.decide(runId, stepId, 'retry'),
    skipStep: (runId, stepId) => rt.decide(runId, stepId, 'skip'),
    stepDetail: async (runId, stepId) => {
      const j = await StoreJournal.open(rt.project.store);
      const run = await j.getRun(runId);
      const spec = run?.spec?.steps.find((s) => s.id === stepId);
      if (!run || !spec) throw new AmasError('AMAS_RUN_UNKNOWN', `no step "${stepId}" in run ${runId}`);
      const row = (await j.getSteps(runId)).find((s) => s.stepId === stepId);
      // The live snapshot knows the effective retry policy and the latest attempt of a running step.
      const live = rt.getSnapshot().runs.find((r) => r.id === runId)?.steps.find((s) => s.id === stepId);
      return {
        runId, stepId, task: stepLabel(spec),
        status: live?.status ?? row?.status ?? 'pending',
        attempt: Math.max(live?.attempt ?? 0, row?.attempt ?? 0),
        maxAttempts: live?.maxAttempts ?? spec.retry?.attempts ?? 3,
        agentId: live?.agentId ?? row?.agent ?? spec.agent ?? null,
        with: spec.with ?? null,
        output: row?.output ?? null,
        error: row?.status === 'skipped' ? (row.reason ?? null) : (row?.error?.message ?? live?.error ?? null),
        startedAt: row?.startedAt ?? live?.startedAt ?? null,
        endedAt: row?.endedAt ?? live?.endedAt ?? null,
      };
    },
    answerApproval: async (runId, stepId, a) => {
      await rt.answerApproval(runId, stepId, { approved: a.approved, by: 'tui', ...(a.comment === undefined ? {} : { comment: a.comment }), ...(a.input === undefined ? {} : { input: a.input }) }, a.callId);
    },
    watchTranscript: (runId, stepId, listener) => watchStepTranscript(rt.project.store, rt.project.stream, runId, stepId, listener),
    pauseSchedule: (id) => rt.pause(id),
    resumeSchedule: (id) => rt.resume(id),
    // A second quit means now, as a second signal does.
    quit: () => rt.stop(rt.isStopping ? 0 : shutdownGraceMs(rt.model)),
  };
}
