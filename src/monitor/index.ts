// Public face of src/monitor: metrics, thresholds, alerts, health, Prometheus and the HTTP API.
// May import core, engine, agents, bus, store (types only beyond core).
export type { Monitor, MonitorOptions } from './monitor.ts';
export type { MonitorSources, Sample, MetricValues } from './collector.ts';
export { METRICS, METRIC_NAMES, DEFAULT_THRESHOLDS, resolveThresholds, levelOf, type MetricName, type MetricUnit, type MetricDef, type Threshold, type Thresholds, type Level } from './metrics.ts';
export type { AlertNotice, ActiveAlert } from './alerts.ts';
export { webhookSink, type AlertSink, type ApprovalNotice, type SinkNotice, type WebhookOptions } from './sinks.ts';
export { buildHealthReport, HEALTH_EXIT, worst, type HealthReport, type MetricReport, type StoreHealth } from './health.ts';
export { processProbe, type SystemProbe } from './system.ts';
export { workersHealth, type WorkersHealth } from './workers.ts';
export type { ApiBackend, HttpApi, HttpApiOptions } from './http/server.ts';
export type { HttpLimits } from './http/limits.ts';
import type { HttpApi, HttpApiOptions } from './http/server.ts';
import type { Monitor, MonitorOptions } from './monitor.ts';

/**
 * Loads prom-client (and the OpenTelemetry API it pulls in) only when a runtime monitors:
 * `amas up`, not every CLI command that opens a project.
 */
export async function createMonitor(opts: MonitorOptions): Promise<Monitor> {
  const { Monitor: MonitorClass } = await import('./monitor.ts');
  return new MonitorClass(opts);
}

/** Loads fastify only when an HTTP listener is configured: every CLI command imports the runtime. */
export async function startHttpApi(opts: HttpApiOptions): Promise<HttpApi> {
  const { startHttpApi: start } = await import('./http/server.ts');
  return start(opts);
}
export { parseListen, isLoopback } from './http/listen.ts';
export { formatHealth } from './format.ts';
