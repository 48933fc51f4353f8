// Public face of src/monitor: metrics, thresholds, alerts, health, Prometheus and the HTTP API.
// May import core, engine, agents, bus, store (types only beyond core).
export { Monitor, type MonitorOptions } from './monitor.ts';
export type { MonitorSources, Sample, MetricValues } from './collector.ts';
export { METRICS, METRIC_NAMES, DEFAULT_THRESHOLDS, resolveThresholds, levelOf, type MetricName, type MetricUnit, type MetricDef, type Threshold, type Thresholds, type Level } from './metrics.ts';
export type { AlertNotice, ActiveAlert } from './alerts.ts';
export { webhookSink, type AlertSink, type ApprovalNotice, type SinkNotice, type WebhookOptions } from './sinks.ts';
export { buildHealthReport, HEALTH_EXIT, worst, type HealthReport, type MetricReport, type StoreHealth } from './health.ts';
export { processProbe, type SystemProbe } from './system.ts';
export { PromExporter } from './prometheus.ts';
export type { ApiBackend, HttpApi, HttpApiOptions } from './http/server.ts';
export type { HttpLimits } from './http/limits.ts';
import type { HttpApi, HttpApiOptions } from './http/server.ts';

/** Loads fastify only when an HTTP listener is configured: every CLI command imports the runtime. */
export async function startHttpApi(opts: HttpApiOptions): Promise<HttpApi> {
  const { startHttpApi: start } = await import('./http/server.ts');
  return start(opts);
}
export { parseListen, isLoopback } from './http/listen.ts';
export { formatHealth } from './format.ts';
