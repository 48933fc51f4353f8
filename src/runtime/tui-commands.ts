import { AmasError, type TuiCommands } from '../core/index.ts';
import { shutdownGraceMs } from './project.ts';
import type { Runtime } from './runtime.ts';

/** What the TUI's keys do, as calls on the runtime; a refusal's message shows on its status line. */
export function runtimeCommands(rt: Runtime): TuiCommands {
  return {
    runWorkflow: async (id, inputs) => {
      const o = rt.fire(id, { inputs, trigger: 'manual' });
      if (o.kind === 'skipped') throw new AmasError('AMAS_RUN_SKIPPED', `not started: ${o.reason}`);
      if (o.kind === 'queued') await o.durable;
      return { runId: o.runId };
    },
    cancelRun: async (runId) => {
      if (!rt.cancelRun(runId)) throw new AmasError('AMAS_RUN_UNKNOWN', `run ${runId} is not active`);
    },
    retryStep: (runId, stepId) => rt.decide(runId, stepId, 'retry'),
    skipStep: (runId, stepId) => rt.decide(runId, stepId, 'skip'),
    pauseSchedule: (id) => rt.pause(id),
    resumeSchedule: (id) => rt.resume(id),
    // A second quit means now, as a second signal does.
    quit: () => rt.stop(rt.isStopping ? 0 : shutdownGraceMs(rt.model)),
  };
}
