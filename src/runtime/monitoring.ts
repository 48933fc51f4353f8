// Wires src/monitor to a running Runtime: metric sources, alerts into the snapshot, alert
// sinks and the HTTP API with secrets rendered from env/.env. Kept out of runtime.ts so that
// file only starts and stops it.
import path from 'node:path';
import { AmasError, errorMessage } from '../core/index.ts';
import { prepareInputs } from '../engine/index.ts';
import { render } from '../expr/index.ts';
import { Monitor, startHttpApi, webhookSink, type AlertSink, type ApiBackend, type HttpApi, type SystemProbe } from '../monitor/index.ts';
import { unknownWorkflow } from './project.ts';
import type { Runtime } from './runtime.ts';

export interface MonitoringOptions {
  /** Collect metrics and raise alerts (default true). */
  monitor?: boolean;
  /** HTTP listen address overriding amas.yaml `http.listen`; false: no HTTP API even if configured. */
  http?: string | false;
  env?: Record<string, string | undefined>;
  /** Host measures (tests pin them). */
  probe?: SystemProbe;
}

export interface Monitoring {
  readonly monitor: Monitor | undefined;
  readonly http: HttpApi | undefined;
  /** Stops accepting HTTP requests (first thing on shutdown). */
  closeHttp(): Promise<void>;
  close(): Promise<void>;
}

export async function startMonitoring(rt: Runtime, opts: MonitoringOptions): Promise<Monitoring> {
  const spec = rt.model.project;
  const env = opts.env ?? { ...process.env }; // a plain copy: expressions read no exotic objects
  const scope = { env, secrets: rt.project.secrets.scope };
  const text = (v: string | undefined, where: string): string | undefined => {
    if (v === undefined) return undefined;
    try {
      const out = render(v, scope);
      return out === undefined || out === null ? '' : String(out);
    } catch (err) {
      throw new AmasError('AMAS_CONFIG', `amas.yaml ${where}: ${errorMessage(err)}`, { exitCode: 2 });
    }
  };
  const { store, bus, agents } = rt.project;
  let monitor: Monitor | undefined;
  if (opts.monitor !== false) {
    const sinks: AlertSink[] = [];
    (spec.monitoring?.alerts ?? []).forEach((a, i) => {
      const url = text(a.http.url, `monitoring.alerts[${i}].http.url`);
      if (!url) {
        rt.logger.warn('alert sink skipped: its url is empty (unset secret or env?)', { sink: i });
        return;
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(a.http.headers ?? {})) headers[k] = text(v, `monitoring.alerts[${i}].http.headers.${k}`) ?? '';
      sinks.push(webhookSink({ url, headers, clock: rt.clock, logger: rt.logger }));
    });
    monitor = new Monitor({
      sources: {
        pool: agents,
        bus,
        store,
        onEngineEvent: (l) => rt.project.onEvent(l),
        activeRuns: () => rt.builder.activeRunIds().length,
        dataDir: store.isMemory ? rt.dir : path.dirname(store.path),
      },
      clock: rt.clock,
      logger: rt.logger,
      project: rt.name,
      ...(spec.monitoring ? { spec: spec.monitoring } : {}),
      sinks,
      ...(opts.probe ? { probe: opts.probe } : {}),
      onAlert: (n) => {
        rt.builder.alert({ id: n.id, level: n.level === 'ok' ? 'info' : n.level, metric: n.metric, message: n.message, time: n.time, active: n.kind === 'alert' });
        rt.changed();
      },
      counts: () => {
        const c = rt.getSnapshot().counts;
        return { ...c, knowledge: store.knowledge.count() };
      },
    });
    monitor.start();
  }

  let http: HttpApi | undefined;
  const listen = opts.http === false ? undefined : (opts.http ?? spec.http?.listen ?? (spec.http ? '127.0.0.1:8000' : undefined));
  if (listen !== undefined) {
    const m = monitor;
    if (!m) throw new AmasError('AMAS_CONFIG', 'the HTTP API needs monitoring (health and metrics come from it)', { exitCode: 2 });
    // Containers set the key in the environment without editing amas.yaml: AMAS_API_KEY is the
    // key when amas.yaml names none.
    const apiKey = spec.http?.api_key !== undefined ? text(spec.http.api_key, 'http.api_key') : env.AMAS_API_KEY || undefined;
    if (spec.http?.api_key !== undefined && !apiKey) {
      throw new AmasError('AMAS_HTTP_NO_KEY', 'http.api_key is configured but empty: refusing to serve the HTTP API without it', {
        hint: 'set the secret it names (environment or .env), or remove http.api_key for a loopback-only API',
      });
    }
    rt.project.secrets.addCredential(apiKey);
    const backend: ApiBackend = {
      health: () => m.health(),
      metrics: () => m.metrics(),
      startRun: async (id, inputs) => {
        const wf = rt.model.workflows.get(id);
        if (!wf) throw unknownWorkflow(rt.model, id);
        // Bad inputs are the caller's fault (400) and must not leave a failed run behind.
        prepareInputs(wf.spec, inputs);
        const o = rt.fire(id, { inputs, trigger: 'manual' });
        // 202 queued means journaled: the run is started after a crash and restart.
        if (o.kind === 'queued') await o.durable;
        return o;
      },
      waitRun: (runId) => rt.waitFor(runId),
      getRun: (runId) => {
        const run = store.runs.get(runId);
        return run ? { run, steps: store.runs.steps(runId) } : undefined;
      },
      publish: (input) => rt.publish(input),
    };
    try {
      http = await startHttpApi({
        listen,
        apiKey,
        ...(spec.http?.rate_limit === undefined ? {} : { rateLimit: spec.http.rate_limit }),
        ...(spec.http?.body_limit === undefined ? {} : { bodyLimit: spec.http.body_limit }),
        backend,
        redactor: rt.project.redactor,
        clock: rt.clock,
        logger: rt.logger,
      });
    } catch (err) {
      await m.close(0);
      throw err;
    }
  }
  let httpClosed: Promise<void> | undefined;
  const closeHttp = () => (httpClosed ??= http ? http.close().catch(() => undefined) : Promise.resolve());
  return {
    monitor,
    http,
    closeHttp,
    async close() {
      await closeHttp();
      await monitor?.close();
    },
  };
}
