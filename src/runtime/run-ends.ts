// How the runtime sees runs end: the log line of a finished run, and the grace period of a
// graceful stop (wait for the runs still going, at most `graceMs` on the runtime's clock, or
// until a second stop request cuts the wait short).
import type { Clock, Logger } from '../core/index.ts';
import type { RunHandle, RunResult } from '../engine/index.ts';

export function logRunOutcome(logger: Logger, r: RunResult): void {
  const fields = { run: r.id, workflow: r.workflow, status: r.status, ...(r.error ? { error: r.error } : {}) };
  if (r.status === 'completed') logger.info('run finished', fields);
  else if (r.waiting.length) logger.warn('run waiting for a person', { ...fields, in_doubt: r.waiting });
  else logger.warn('run finished', fields);
}

export async function drainRuns(runs: readonly RunHandle[], graceMs: number, clock: Clock, onCutShort: (cut: () => void) => void): Promise<void> {
  const pending = runs.map((h) => h.result.catch(() => undefined));
  if (pending.length === 0 || graceMs <= 0) return;
  await new Promise<void>((resolve) => {
    onCutShort(resolve);
    const t = clock.setTimeout(resolve, graceMs);
    void Promise.all(pending).then(() => {
      clock.clearTimeout(t);
      resolve();
    });
  });
}
