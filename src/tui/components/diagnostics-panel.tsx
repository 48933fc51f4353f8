// After a bad save: what is wrong and where, while the last good spec keeps running.
import type { ReloadResult } from '../../core/index.ts';
import { fit, formatClock } from '../format.ts';
import { Line } from './line.tsx';
import { Panel } from './panel.tsx';

export interface DiagnosticsPanelProps {
  reload: ReloadResult;
  width: number;
  height: number;
}

/** Lines the panel wants: a title, the diagnostics, and the "kept last good spec" note. */
export function diagnosticsHeight(reload: ReloadResult | null): number {
  if (!reload || reload.diagnostics.length === 0) return 0;
  return 2 + reload.diagnostics.length;
}

export function DiagnosticsPanel({ reload, width, height }: DiagnosticsPanelProps) {
  const errors = reload.diagnostics.filter((d) => d.severity === 'error').length;
  const shown = reload.diagnostics.slice(0, Math.max(0, height - 2));
  const hidden = reload.diagnostics.length - shown.length;
  return (
    <Panel title="Diagnostics" info={`${errors} error${errors === 1 ? '' : 's'} · ${formatClock(reload.at)}`} focused={false} width={width} height={height}>
      {shown.map((d, i) => (
        <Line
          key={i}
          width={width}
          segments={[
            { text: ` ${d.severity === 'error' ? '✗' : d.severity === 'warning' ? '▲' : 'i'} `, tone: d.severity === 'error' ? 'bad' : d.severity === 'warning' ? 'warn' : 'plain' },
            { text: `${d.file}:${d.line}:${d.column} `, bold: true },
            { text: fit(`${d.message} [${d.code}]`, Math.max(0, width - d.file.length - 12)) },
          ]}
        />
      ))}
      {height - 1 > shown.length ? (
        <Line
          width={width}
          segments={[{ text: fit(` ${hidden > 0 ? `+${hidden} more · ` : ''}${reload.ok ? 'reloaded with warnings' : 'reload refused: the last good spec keeps running'}`, width), tone: reload.ok ? 'dim' : 'warn' }]}
        />
      ) : null}
    </Panel>
  );
}
