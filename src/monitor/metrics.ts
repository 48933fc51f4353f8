// The metrics the monitor collects (SEED-FEATURES "Monitoring"), their units and the guide's
// default thresholds. Names are the amas.yaml threshold keys where a threshold exists.
import type { ProjectSpec } from '../core/index.ts';

type ThresholdKey = keyof NonNullable<NonNullable<ProjectSpec['monitoring']>['thresholds']>;

export const METRIC_NAMES = [
  'agents_total',
  'agents_active',
  'agent_failure_rate',
  'response_time',
  'active_workflows',
  'workflow_completion_time',
  'workflow_success_rate',
  'knowledge_storage_rate',
  'cpu_usage',
  'memory_usage',
  'disk_usage',
  'queue_depth',
  'event_rate',
  'tokens_rate',
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

export type MetricUnit = 'count' | 'ratio' | 'seconds' | 'per_minute' | 'percent' | 'tokens_per_minute';

export interface MetricDef {
  name: MetricName;
  unit: MetricUnit;
  help: string;
  /** Prometheus gauge name. */
  prom: string;
}

export const METRICS: Record<MetricName, MetricDef> = {
  agents_total: { name: 'agents_total', unit: 'count', help: 'Agents declared and online', prom: 'amas_agents' },
  agents_active: { name: 'agents_active', unit: 'count', help: 'Agents working on a task now', prom: 'amas_agents_active' },
  agent_failure_rate: { name: 'agent_failure_rate', unit: 'ratio', help: 'Failed / finished agent tasks in the window (0-1)', prom: 'amas_agent_failure_rate' },
  response_time: { name: 'response_time', unit: 'seconds', help: 'Average agent task duration in the window', prom: 'amas_response_time_seconds' },
  active_workflows: { name: 'active_workflows', unit: 'count', help: 'Workflow runs in progress', prom: 'amas_active_workflows' },
  workflow_completion_time: { name: 'workflow_completion_time', unit: 'seconds', help: 'Average duration of runs finished in the window', prom: 'amas_workflow_completion_time_seconds' },
  workflow_success_rate: { name: 'workflow_success_rate', unit: 'ratio', help: 'Completed / finished runs in the window (0-1)', prom: 'amas_workflow_success_rate' },
  knowledge_storage_rate: { name: 'knowledge_storage_rate', unit: 'per_minute', help: 'Knowledge entries written per minute', prom: 'amas_knowledge_storage_rate_per_minute' },
  cpu_usage: { name: 'cpu_usage', unit: 'percent', help: 'CPU used by the amas process, percent of all cores', prom: 'amas_cpu_usage_percent' },
  memory_usage: { name: 'memory_usage', unit: 'percent', help: 'Memory in use, percent (container limit when set)', prom: 'amas_memory_usage_percent' },
  disk_usage: { name: 'disk_usage', unit: 'percent', help: "Disk in use on the store's file system, percent", prom: 'amas_disk_usage_percent' },
  queue_depth: { name: 'queue_depth', unit: 'count', help: 'Tasks waiting for a free agent', prom: 'amas_queue_depth' },
  event_rate: { name: 'event_rate', unit: 'per_minute', help: 'Bus events published per minute', prom: 'amas_event_rate_per_minute' },
  tokens_rate: { name: 'tokens_rate', unit: 'tokens_per_minute', help: 'LLM tokens used per minute', prom: 'amas_tokens_rate_per_minute' },
};

export interface Threshold {
  warning: number;
  critical: number;
}

/** The guide's defaults; queue depth is ours. A value at or above a level is in that level. */
export const DEFAULT_THRESHOLDS: Record<ThresholdKey, Threshold> = {
  agent_failure_rate: { warning: 0.1, critical: 0.25 },
  workflow_completion_time: { warning: 300, critical: 900 },
  knowledge_storage_rate: { warning: 100, critical: 500 },
  response_time: { warning: 2, critical: 5 },
  cpu_usage: { warning: 70, critical: 90 },
  memory_usage: { warning: 80, critical: 95 },
  disk_usage: { warning: 85, critical: 95 },
  queue_depth: { warning: 100, critical: 1000 },
};

export type Thresholds = Partial<Record<MetricName, Threshold>>;

/** Defaults overlaid with amas.yaml `monitoring.thresholds` (each level may be set alone). */
export function resolveThresholds(spec: ProjectSpec['monitoring']): Thresholds {
  const out: Thresholds = {};
  for (const [k, def] of Object.entries(DEFAULT_THRESHOLDS) as [ThresholdKey, Threshold][]) {
    const o = spec?.thresholds?.[k];
    out[k] = { warning: o?.warning ?? def.warning, critical: o?.critical ?? def.critical };
  }
  return out;
}

export type Level = 'ok' | 'warning' | 'critical';

/** No data (null) is ok: an idle system has no failure rate. */
export function levelOf(value: number | null, t: Threshold | undefined): Level {
  if (value === null || t === undefined || !Number.isFinite(value)) return 'ok';
  if (value >= t.critical) return 'critical';
  if (value >= t.warning) return 'warning';
  return 'ok';
}
