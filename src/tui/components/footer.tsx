import { fit } from '../format.ts';
import type { StatusMessage } from '../state.ts';
import { Line } from './line.tsx';

const HINTS = '? help  tab/1-5 panel  j/k select  enter open  r run  c cancel  R/s retry/skip  p pause  f filter  q quit';

export function Footer({ message, width }: { message: StatusMessage | null; width: number }) {
  if (message) return <Line width={width} segments={[{ text: fit(` ${message.text}`, width), tone: message.tone === 'error' ? 'bad' : 'active' }]} />;
  return <Line width={width} segments={[{ text: fit(` ${HINTS}`, width), tone: 'dim' }]} />;
}
