// The TUI's live transcript of one llm step: read from the store (the loop journals each turn
// and tool call before it acts on it) once, then again after each event of that step's loop.
import { buildTranscripts, type LoopHistory, type Transcript } from '../core/index.ts';
import type { StoreBackend } from '../store/index.ts';
import type { EventStream, RuntimeEvent } from './event-stream.ts';

/** The events after which a step's journaled conversation may have grown. */
const LOOP_EVENTS = ['model_call', 'tool_call_started', 'tool_call_finished', 'approval_requested', 'approval_answered', 'step_started', 'step_finished', 'step_retrying'];

/** The journaled transcript of the loop of `stepId` (its own loop key); null before its first turn. */
export async function stepTranscript(store: StoreBackend, runId: string, stepId: string): Promise<Transcript | null> {
  // The rows were written from the engine's loop records (masked): read back as such.
  return buildTranscripts((await store.agentTurns.conversation(runId, stepId)) as LoopHistory)[stepId] ?? null;
}

/**
 * Calls `listener` with the step's transcript now and after each event of that step, at most
 * once per turn of the event loop (a burst of parallel tool calls is read once). Reads never
 * overlap: events during a read ask for one more read after it.
 */
export function watchStepTranscript(store: StoreBackend, stream: EventStream, runId: string, stepId: string, listener: (t: Transcript | null) => void): () => void {
  let closed = false;
  let queued = false;
  let reading = false;
  let again = false;
  const read = async () => {
    queued = false;
    if (closed) return;
    reading = true;
    try {
      const t = await stepTranscript(store, runId, stepId);
      if (!closed) listener(t);
    } catch {
      // the store is closing with the runtime: nothing more to show
    } finally {
      reading = false;
    }
    if (again) {
      again = false;
      schedule();
    }
  };
  const schedule = () => {
    if (closed) return;
    if (reading) {
      again = true;
      return;
    }
    if (queued) return;
    queued = true;
    setImmediate(() => void read());
  };
  const off = stream.subscribe(
    (e: RuntimeEvent) => {
      if ('stepId' in e && e.stepId === stepId) schedule();
    },
    { filter: { runId, types: LOOP_EVENTS } },
  );
  schedule();
  return () => {
    closed = true;
    off();
  };
}
