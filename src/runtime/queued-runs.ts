// Runs an overlap gate queued: journaled before any face answers `queued` (docs/security.md,
// "The store": an acknowledgement means durable), and put back through their gates after a
// restart. Kept out of runtime.ts, which only calls these two functions.
import { errorMessage, type Logger, type TriggerKind, type WorkflowSpec } from '../core/index.ts';
import type { Engine } from '../engine/index.ts';
import type { RunGate } from '../triggers/index.ts';
import { originOf, type Fire } from './run-path.ts';

/** What the queue needs of the runtime. */
export interface QueuePorts {
  engine: Pick<Engine, 'enqueue' | 'queuedRuns' | 'dropQueued'>;
  /** The workflow as currently declared, if it still is. */
  workflow(id: string): { spec: WorkflowSpec; hash: string } | undefined;
  gateFor(spec: WorkflowSpec): RunGate<Fire>;
  cancelSuperseded(runIds: readonly string[]): void;
  launch(spec: WorkflowSpec, hash: string, runId: string, fire: Fire): void;
  logger: Logger;
}

/** Journals a queued run; a fire that cannot be journaled (bad inputs, store fenced) leaves the queue. */
export function journalQueued(q: QueuePorts, gate: RunGate<Fire>, spec: WorkflowSpec, hash: string, runId: string, fire: Fire): Promise<void> {
  const trigger = originOf(fire);
  let durable: Promise<void>;
  try {
    durable = q.engine.enqueue(spec, fire.inputs, { runId, hash, trigger });
  } catch (err) {
    gate.dropQueued(runId);
    throw err;
  }
  return durable.catch((err: unknown) => {
    if (gate.dropQueued(runId)) q.logger.error('queued run dropped: it could not be journaled', { run: runId, workflow: spec.id, error: errorMessage(err) });
    throw err;
  });
}

/**
 * Queued runs journaled before a restart go back through their workflow's gate, oldest
 * first, after the resumed runs took their slots: they start, wait in the queue again, or
 * (when the policy now refuses them, the workflow is gone, or their pinned spec is) end as
 * cancelled with the reason. `only`: on a shared store, the runs this process adopted (another
 * live process's queued runs wait in its own gates).
 */
export async function restoreQueued(q: QueuePorts, only?: ReadonlySet<string>): Promise<void> {
  const { engine } = q;
  if (only?.size === 0) return;
  const rows = (await engine.queuedRuns()).filter((r) => only === undefined || only.has(r.id));
  const drop = (row: (typeof rows)[number], reason: string) => engine.dropQueued(row, reason).catch(() => undefined);
  for (const row of rows) {
    const declared = q.workflow(row.workflow);
    if (!declared) {
      await drop(row, `workflow "${row.workflow}" is no longer declared`);
      continue;
    }
    const pinned = row.spec;
    if (!pinned) {
      // Never run as an empty workflow: the spec it was accepted with is gone from the store.
      await drop(row, `its pinned spec ${row.specHash} is missing from the store`);
      continue;
    }
    const fire: Fire = {
      inputs: row.inputs,
      trigger: (row.trigger?.kind ?? 'manual') as TriggerKind,
      ...(row.trigger?.fireId === undefined ? {} : { fireId: row.trigger.fireId }),
      ...(viaOf(row.trigger) === undefined ? {} : { via: viaOf(row.trigger) }),
      pinned: { spec: pinned, hash: row.specHash },
    };
    const gate = q.gateFor(declared.spec);
    const d = gate.request(row.id, fire);
    switch (d.kind) {
      case 'skip':
        await drop(row, `not started after the restart: ${d.reason}`);
        continue;
      case 'queue':
        continue;
      case 'cancel-previous-then-start':
        q.cancelSuperseded(d.cancel);
        break;
      case 'start':
        break;
    }
    try {
      q.launch(pinned, row.specHash, row.id, fire);
    } catch (err) {
      q.logger.error('queued run could not start', { run: row.id, workflow: row.workflow, error: errorMessage(err) });
      gate.runEnded(row.id);
    }
  }
  if (rows.length) q.logger.info('restored queued runs', { runs: rows.map((r) => r.id) });
}

/** A run of `workflowId` ended: start what its gate admits next from the queue (nothing while stopping). */
export function startAdmitted(q: QueuePorts, gate: RunGate<Fire>, workflowId: string, endedRunId: string, stopping: boolean): void {
  for (const next of gate.runEnded(endedRunId)) {
    const wf = q.workflow(workflowId);
    if (!wf || stopping) {
      gate.runEnded(next.runId);
      continue;
    }
    try {
      q.launch(wf.spec, wf.hash, next.runId, next.fire);
    } catch (err) {
      q.logger.error('queued run could not start', { workflow: workflowId, error: errorMessage(err) });
      gate.runEnded(next.runId);
    }
  }
}

/** The face recorded with a queued run (`RunOrigin.via`), if any. */
function viaOf(trigger: unknown): Fire['via'] {
  const v = trigger && typeof trigger === 'object' && 'via' in trigger ? (trigger as { via: unknown }).via : undefined;
  return typeof v === 'string' ? (v as Fire['via']) : undefined;
}
