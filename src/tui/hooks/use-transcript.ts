// Follows the transcript of the step the run view shows: subscribes through the commands while
// that step is selected, keeps only its newest turns (bounded memory), drops it on leaving.
import { useEffect, useState } from 'react';
import type { Transcript, TuiCommands } from '../../core/index.ts';
import { capTranscript } from '../components/step-live.tsx';

export function useTranscript(commands: TuiCommands, runId: string | null, stepId: string | null): Transcript | null {
  const [state, setState] = useState<{ key: string; transcript: Transcript | null } | null>(null);
  const key = runId !== null && stepId !== null ? `${runId}\0${stepId}` : null;
  useEffect(() => {
    if (runId === null || stepId === null) return undefined;
    const k = `${runId}\0${stepId}`;
    let live = true;
    const stop = commands.watchTranscript(runId, stepId, (t) => {
      if (live) setState({ key: k, transcript: capTranscript(t) });
    });
    return () => {
      live = false;
      stop();
    };
  }, [commands, runId, stepId]);
  // A transcript of a step no longer selected is never shown, even for the one frame before the effect.
  return state && state.key === key ? state.transcript : null;
}
