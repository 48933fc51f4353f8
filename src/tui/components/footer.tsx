import type { Snapshot } from '../../core/index.ts';
import { fit } from '../format.ts';
import type { StatusMessage } from '../state.ts';
import { Line } from './line.tsx';

const HINTS = '? help  tab/1-5 panel  j/k select  enter open  r run  c cancel  R/s retry/skip  p pause  f filter  q quit';

/**
 * While the runtime stops after a q: what it still waits for (the runs in flight get the grace
 * period) and that a second q stops at once, so a slow stop never looks like a hang.
 */
export function stoppingText(s: Snapshot): string {
  const active = s.runs.filter((r) => r.endedAt === null);
  if (active.length === 0) return 'stopping: checkpointing the store… q again: stop now';
  const names = active.map((r) => `${r.workflowId} (${r.id})`).join(', ');
  return `stopping: waiting for ${active.length} run${active.length === 1 ? '' : 's'} to finish: ${names} · q again: stop now (they resume on the next start)`;
}

export function Footer({ message, width, snapshot, stopped = false }: { message: StatusMessage | null; width: number; snapshot?: Snapshot; stopped?: boolean }) {
  if (snapshot?.state === 'stopping' && !stopped) return <Line width={width} segments={[{ text: fit(` ${stoppingText(snapshot)}`, width), tone: 'warn' }]} />;
  if (message) return <Line width={width} segments={[{ text: fit(` ${message.text}`, width), tone: message.tone === 'error' ? 'bad' : 'active' }]} />;
  return <Line width={width} segments={[{ text: fit(` ${HINTS}`, width), tone: 'dim' }]} />;
}
