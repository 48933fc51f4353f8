// What the snapshot (the TUI's data, `amas status`, MCP) learns from: the project's event stream,
// like every other view, plus the run path's launches, which the snapshot shows before the engine
// reports the run started (and a launch that failed, which the engine never reports).
import type { BusEvent } from '../bus/index.ts';
import { errorMessage, type Clock, type TriggerKind } from '../core/index.ts';
import type { EngineEvent } from '../engine/index.ts';
import type { ProjectModel } from '../spec/index.ts';
import type { RuntimeEvent } from './event-stream.ts';
import type { Project } from './project.ts';
import type { SnapshotBuilder } from './snapshot-builder.ts';

export interface SnapshotFeedHost {
  readonly project: Project;
  readonly builder: SnapshotBuilder;
  readonly clock: Clock;
  /** The current model (a reload replaces it). */
  model(): ProjectModel;
  /** The snapshot changed: rebuild on next read and tell the views. */
  changed(): void;
}

/** Subscribes the snapshot builder to the project's stream and run launches. */
export function feedSnapshot(host: SnapshotFeedHost): void {
  const { project, builder, clock } = host;
  project.stream.subscribe((e) => onStreamEvent(host, e));
  project.runs.onLaunch((runId, spec, fire) => {
    builder.runStarting(runId, spec, fire.trigger, clock.now());
    host.changed();
  });
  project.runs.onLaunchFailed((runId, spec, err) => {
    builder.engineEvent({ type: 'run_finished', runId, result: { id: runId, workflow: spec.id, status: 'failed', outputs: undefined, steps: {}, error: errorMessage(err), waiting: [], attempt: 1, startedAt: clock.now(), endedAt: clock.now() } }, clock.now());
    host.changed();
  });
}

function onStreamEvent(host: SnapshotFeedHost, e: RuntimeEvent): void {
  const { builder } = host;
  if (e.type === 'bus_event') {
    builder.busEvent({ ...e.event, timestamp: e.event.timestamp ?? e.at } as BusEvent);
    host.changed();
    return;
  }
  const ee = snapshotEvent(e);
  if (!ee) return;
  // A run the snapshot does not know yet (started from any face, or resumed from the store)
  // shows its steps, and its approval forms, from the spec it was declared with. Whether the
  // run path already tracks it says nothing here: the engine may report the start after that.
  if (ee.type === 'run_started' && !builder.isActive(ee.runId)) {
    const wf = host.model().workflows.get(ee.workflow);
    if (wf) builder.runStarting(ee.runId, wf.spec, triggerKind(ee.trigger), e.at, ee.parent ? { runId: ee.parent.runId, stepId: ee.parent.stepId } : null);
  }
  builder.engineEvent(ee, e.at);
  host.changed();
}

/** The engine's trigger text as the snapshot's kind ('manual' for anything it does not name). */
function triggerKind(t: string): TriggerKind {
  return t === 'cron' || t === 'event' || t === 'file' ? t : 'manual';
}

/** The engine events the snapshot folds in (later variants — model and tool calls — it does not show). */
function snapshotEvent(e: RuntimeEvent): EngineEvent | undefined {
  switch (e.type) {
    case 'run_started':
    case 'step_started':
    case 'step_retrying':
    case 'step_finished':
    case 'approval_requested':
    case 'approval_answered':
    case 'run_finished':
      return e;
    default:
      return undefined;
  }
}
