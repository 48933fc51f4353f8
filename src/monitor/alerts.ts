// Edge-triggered alerting: a metric raises an alert when its level rises out of `ok`, again
// when the level changes (warning ↔ critical), and a recovery when it is back to `ok`. While a
// level holds, nothing is repeated.
import type { Level, MetricName, MetricUnit, Threshold } from './metrics.ts';

export interface AlertNotice {
  /** Stable for one episode (from the first crossing to its recovery). */
  id: string;
  kind: 'alert' | 'recovery';
  metric: MetricName;
  /** The level now (`ok` for a recovery). */
  level: Level;
  previous: Level;
  value: number | null;
  unit: MetricUnit;
  threshold: Threshold;
  message: string;
  time: number;
  project: string;
}

export interface ActiveAlert {
  id: string;
  metric: MetricName;
  level: Exclude<Level, 'ok'>;
  value: number | null;
  since: number;
  message: string;
}

export class AlertState {
  private readonly active = new Map<MetricName, ActiveAlert>();
  private seq = 0;

  constructor(private readonly project: string) {}

  /** Compares a metric's new level with what it was; returns the notice to send, if any. */
  update(metric: MetricName, level: Level, value: number | null, unit: MetricUnit, threshold: Threshold, time: number): AlertNotice | undefined {
    const was = this.active.get(metric);
    const previous: Level = was?.level ?? 'ok';
    if (previous === level) {
      if (was) was.value = value;
      return undefined;
    }
    if (level === 'ok') {
      this.active.delete(metric);
      const message = `${metric} recovered: ${fmt(value, unit)} (warning at ${fmt(threshold.warning, unit)})`;
      return { id: was!.id, kind: 'recovery', metric, level, previous, value, unit, threshold, message, time, project: this.project };
    }
    const id = was?.id ?? `alert_${time.toString(36)}_${(this.seq++).toString(36)}_${metric}`;
    const limit = level === 'critical' ? threshold.critical : threshold.warning;
    const message = `${metric} is ${level}: ${fmt(value, unit)} (${level} at ${fmt(limit, unit)})`;
    this.active.set(metric, { id, metric, level, value, since: was?.since ?? time, message });
    return { id, kind: 'alert', metric, level, previous, value, unit, threshold, message, time, project: this.project };
  }

  list(): ActiveAlert[] {
    return [...this.active.values()];
  }

  levelOf(metric: MetricName): Level {
    return this.active.get(metric)?.level ?? 'ok';
  }
}

export function fmt(v: number | null, unit: MetricUnit): string {
  if (v === null) return 'no data';
  switch (unit) {
    case 'percent':
      return `${v}%`;
    case 'seconds':
      return `${v}s`;
    case 'per_minute':
      return `${v}/min`;
    case 'tokens_per_minute':
      return `${v} tokens/min`;
    case 'ratio':
    case 'count':
      return String(v);
  }
}
