// One row of a panel as coloured segments; the theme decides whether colour is drawn at all.
import { createContext, useContext } from 'react';
import { Text } from 'ink';
import { TONE_COLOR, type Tone } from '../theme.ts';

/** false under NO_COLOR: tones draw no colour (icons still carry the meaning). */
export const ColorContext = createContext(true);

export interface Segment {
  text: string;
  tone?: Tone;
  bold?: boolean;
}

/** Adjacent segments drawn the same way become one: fewer Text nodes and escape codes per frame. */
export function mergeSegments(segments: readonly Segment[], color: boolean): Segment[] {
  const out: Segment[] = [];
  for (const s of segments) {
    if (s.text === '') continue;
    const prev = out.at(-1);
    const look = (x: Segment) => `${color || x.tone === 'dim' ? (x.tone ?? 'plain') : 'plain'}|${x.bold === true}`;
    if (prev && look(prev) === look(s)) out[out.length - 1] = { ...prev, text: prev.text + s.text };
    else out.push(s);
  }
  return out;
}

export function Line({ segments, selected = false, width }: { segments: readonly Segment[]; selected?: boolean; width: number }) {
  const color = useContext(ColorContext);
  return (
    <Text wrap="truncate-end" inverse={selected}>
      {mergeSegments(segments, color).map((s, i) => (
        <Text key={i} color={color ? TONE_COLOR[s.tone ?? 'plain'] : undefined} dimColor={s.tone === 'dim'} bold={s.bold}>
          {s.text}
        </Text>
      ))}
      {selected ? ' '.repeat(Math.max(0, width - segments.reduce((n, s) => n + [...s.text].length, 0))) : ''}
    </Text>
  );
}
