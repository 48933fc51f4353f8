// A run's agent-loop transcripts read from the store, for the faces that show a run (HTTP API,
// MCP server; `amas runs show` reads them through the journal).
import { buildTranscripts, type LoopHistory, type Transcript } from '../core/index.ts';
import type { StoreBackend } from '../store/index.ts';

/** The run's transcripts by loop key; undefined when it ran no agent loop. */
export async function runTranscripts(store: StoreBackend, runId: string): Promise<Record<string, Transcript> | undefined> {
  // The rows were written from the engine's loop records (masked): read back as such.
  const t = buildTranscripts((await store.agentTurns.conversation(runId)) as LoopHistory);
  return Object.keys(t).length ? t : undefined;
}
