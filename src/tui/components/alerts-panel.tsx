import type { AlertSnapshot } from '../../core/index.ts';
import { fit, formatClock, windowRows } from '../format.ts';
import { alertBadge } from '../theme.ts';
import { Line } from './line.tsx';
import { Empty, Panel } from './panel.tsx';

export interface AlertsPanelProps {
  /** Active first, newest first. */
  alerts: readonly AlertSnapshot[];
  selected: number;
  focused: boolean;
  width: number;
  height: number;
}

export function AlertsPanel({ alerts, selected, focused, width, height }: AlertsPanelProps) {
  const active = alerts.filter((a) => a.active).length;
  const { start, end } = windowRows(alerts.length, selected, height - 1);
  return (
    <Panel number={5} title="Alerts" info={`${active} active`} focused={focused} width={width} height={height}>
      {alerts.length === 0 ? <Empty text="no alerts" /> : null}
      {alerts.slice(start, end).map((a, i) => {
        const b = alertBadge(a.level);
        return (
          <Line
            key={a.id}
            width={width}
            selected={focused && start + i === selected}
            segments={[
              { text: ` ${b.icon} `, tone: a.active ? b.tone : 'dim' },
              { text: `${formatClock(a.time)} `, tone: 'dim' },
              { text: fit(`${a.metric}: ${a.message}${a.active ? '' : ' (resolved)'}`, Math.max(0, width - 13)), tone: a.active ? 'plain' : 'dim' },
            ]}
          />
        );
      })}
    </Panel>
  );
}
