// Prints the keymap itself, so the help can never list a key the handler does not know.
import { Box } from 'ink';
import { fit } from '../format.ts';
import { KEYMAP, PROMPT_KEYS } from '../keymap.ts';
import type { StepStatus } from '../../core/index.ts';
import { stepBadge } from '../theme.ts';
import { Line } from './line.tsx';
import { Panel } from './panel.tsx';

const STEP_STATES: readonly StepStatus[] = ['pending', 'running', 'retrying', 'completed', 'failed', 'skipped', 'cancelled', 'in_doubt', 'waiting'];

/** The icons' meaning, for when colour is off or the step column is too narrow to spell states. */
export function legend(): string {
  return STEP_STATES.map((s) => `${stepBadge(s).icon} ${s}`).join('  ');
}

export function helpEntries(): { label: string; help: string }[] {
  return [...KEYMAP.map((b) => ({ label: b.label, help: b.help })), ...PROMPT_KEYS.map((k) => ({ label: `prompt ${k.label}`, help: k.help }))];
}

export function HelpOverlay({ width, height }: { width: number; height: number }) {
  const entries = helpEntries();
  const twoColumns = width >= 72;
  const perColumn = twoColumns ? Math.ceil(entries.length / 2) : entries.length;
  const colWidth = twoColumns ? Math.floor(width / 2) : width;
  const columns = twoColumns ? [entries.slice(0, perColumn), entries.slice(perColumn)] : [entries];
  return (
    <Panel title="Keys" info="? or esc closes" focused width={width} height={height}>
      <Box flexDirection="row" height={Math.min(perColumn, Math.max(0, height - 2))}>
        {columns.map((col, c) => (
          <Box key={c} flexDirection="column" width={colWidth}>
            {col.slice(0, Math.max(0, height - 1)).map((e) => (
              <Line key={e.label} width={colWidth} segments={[{ text: ` ${fit(e.label, 16, true)}`, bold: true }, { text: fit(e.help, Math.max(0, colWidth - 18)) }]} />
            ))}
          </Box>
        ))}
      </Box>
      {height - 1 > perColumn ? <Line width={width} segments={[{ text: fit(` ${legend()}`, width), tone: 'dim' }]} /> : null}
    </Panel>
  );
}
