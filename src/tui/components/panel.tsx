// A titled rectangle of fixed size; its number is the key that focuses it.
import type { ReactNode } from 'react';
import { Box, Text } from 'ink';
import { fit } from '../format.ts';

export interface PanelProps {
  number?: number;
  title: string;
  /** Right-aligned in the title line (counts, filter). */
  info?: string;
  focused: boolean;
  width: number;
  height: number;
  children?: ReactNode;
}

export function Panel({ number, title, info = '', focused, width, height, children }: PanelProps) {
  if (height <= 0 || width <= 0) return null;
  const label = `${number === undefined ? '' : `${number} `}${title}`;
  const room = Math.max(0, width - [...label].length - 3);
  const right = fit(info, room);
  const gap = Math.max(1, width - [...label].length - 2 - [...right].length);
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate-end" bold inverse={focused}>
        {` ${label}${' '.repeat(gap)}${right} `}
      </Text>
      {height > 1 ? children : null}
    </Box>
  );
}

/** Body text for an empty panel. */
export function Empty({ text }: { text: string }) {
  return <Text dimColor wrap="truncate-end">{`  ${text}`}</Text>;
}
