// Wires src/monitor to a running Runtime: metric sources, alerts into the snapshot, alert
// sinks and the HTTP API with secrets rendered from env/.env. Kept out of runtime.ts so that
// file only starts and stops it.
import path from 'node:path';
import { AmasError, errorMessage, FINAL_RUN_STATUSES, parseDuration, type ProjectSpec, type RunStatus } from '../core/index.ts';
import { prepareInputs } from '../engine/index.ts';
import { render } from '../expr/index.ts';
import { createMonitor, isLoopback, type Monitor, parseListen, startHttpApi, webhookSink, type AlertSink, type ApiBackend, type HttpApi, type HttpApiOptions, type SystemProbe } from '../monitor/index.ts';
import { projectApiKey } from './api-key.ts';
import { unknownWorkflow } from './project.ts';
import { EmbeddedBackend } from '../store/index.ts';
import { runTranscripts } from './transcripts.ts';
import { approvalView } from './approval-control.ts';
import type { Runtime } from './runtime.ts';

export interface MonitoringOptions {
  /** Collect metrics and raise alerts (default true). */
  monitor?: boolean;
  /** HTTP listen address overriding amas.yaml `http.listen`; false: no HTTP API even if configured. */
  http?: string | false;
  env?: Record<string, string | undefined>;
  /** Host measures (tests pin them). */
  probe?: SystemProbe;
  /** Whether the runtime executes steps itself (RuntimeOptions.work; default true): health reads it. */
  work?: boolean;
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
  const unsubscribers: (() => void)[] = [];
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
    // A step waiting for a person is announced to the same sinks (once: not again when a restart re-arms it).
    if (sinks.length) {
      const off = rt.project.stream.subscribe(
        (e) => {
          if (e.type !== 'approval_requested' || e.restored) return;
          const notice = {
            id: `approval_${e.runId}_${e.stepId}${e.callId ? `_${e.callId}` : ''}`,
            kind: 'approval_requested' as const,
            project: rt.name,
            run: e.runId,
            workflow: e.workflow,
            step: e.stepId,
            // A tool call's approval: POST to `path` with `"call"` set to this id.
            ...(e.callId ? { call: e.callId } : {}),
            prompt: e.prompt,
            path: e.path,
            deadline: e.deadline === undefined ? null : new Date(e.deadline).toISOString(),
            time: e.requestedAt,
          };
          for (const s of sinks) s.send(notice);
        },
        { filter: { types: ['approval_requested'] } },
      );
      unsubscribers.push(off);
    }
    monitor = await createMonitor({
      sources: {
        pool: agents,
        bus,
        store,
        onEngineEvent: (l) => rt.project.onEvent(l),
        activeRuns: () => rt.builder.activeRunIds().length,
        // Disk usage is the embedded store's folder's (the project's for a store in memory or on a server).
        dataDir: store instanceof EmbeddedBackend && !store.store.isMemory ? path.dirname(store.store.path) : rt.dir,
      },
      clock: rt.clock,
      logger: rt.logger,
      project: rt.name,
      ...(spec.monitoring ? { spec: spec.monitoring } : {}),
      sinks,
      ...(opts.probe ? { probe: opts.probe } : {}),
      ...(opts.work === undefined ? {} : { work: opts.work }),
      // The snapshot (status, TUI) shows the workers as the monitor read them: rebuild it after each read.
      onWorkers: () => rt.changed(),
      onAlert: (n) => {
        rt.builder.alert({ id: n.id, level: n.level === 'ok' ? 'info' : n.level, metric: n.metric, message: n.message, time: n.time, active: n.kind === 'alert' });
        rt.project.stream.publish({ type: 'alert', name: n.metric, severity: n.level, state: n.kind === 'alert' ? 'firing' : 'resolved', message: n.message });
        rt.changed();
      },
      counts: async () => {
        const c = rt.getSnapshot().counts;
        return { ...c, knowledge: await store.knowledge.count() };
      },
    });
    monitor.start();
  }

  let http: HttpApi | undefined;
  const listen = opts.http === false ? undefined : (opts.http ?? spec.http?.listen ?? (spec.http ? '127.0.0.1:8000' : undefined));
  if (listen !== undefined) {
    const m = monitor;
    if (!m) throw new AmasError('AMAS_CONFIG', 'the HTTP API needs monitoring (health and metrics come from it)', { exitCode: 2 });
    const access = resolveAccess(rt, spec.http, listen, text, env);
    // The key is a secret of the project wherever it came from (amas.yaml, AMAS_API_KEY, the generated file).
    rt.project.secrets.addCredential(access.apiKey);
    const backend: ApiBackend = {
      health: () => m.health(),
      metrics: () => m.metrics(),
      startRun: async (id, inputs) => {
        const wf = rt.model.workflows.get(id);
        if (!wf) throw unknownWorkflow(rt.model, id);
        // Bad inputs are the caller's fault (400) and must not leave a failed run behind.
        prepareInputs(wf.spec, inputs);
        const o = rt.startRun({ workflow: id, inputs, origin: { kind: 'manual', via: 'http' } });
        // 202 queued means journaled: the run is started after a crash and restart.
        if (o.kind === 'queued') await o.durable;
        return o;
      },
      waitRun: (runId) => rt.waitFor(runId),
      getRun: async (runId) => {
        const run = await store.runs.get(runId);
        if (!run) return undefined;
        const [steps, children, transcripts] = await Promise.all([store.runs.steps(runId), store.runs.children(runId), runTranscripts(store, runId)]);
        return { run, steps, children, ...(transcripts ? { transcripts } : {}) };
      },
      publish: (input) => rt.publish(input),
      answerApproval: async (runId, stepId, body, by) =>
        approvalView(await rt.answerApproval(runId, stepId, { approved: body.approved, by, ...(body.comment === undefined ? {} : { comment: body.comment }), ...(body.input === undefined ? {} : { input: body.input }) }, body.call)),
      pendingApprovals: async () => (await rt.pendingApprovals()).map(approvalView),
      events: rt.project.stream,
      runState: async (runId) => {
        if (rt.project.runs.isActive(runId)) return 'active';
        const run = await store.runs.get(runId);
        if (!run) return 'unknown';
        return FINAL_RUN_STATUSES.includes(run.status as RunStatus) ? 'ended' : 'active';
      },
    };
    try {
      http = await startHttpApi({
        listen,
        ...access,
        ...(spec.http?.rate_limit === undefined ? {} : { rateLimit: spec.http.rate_limit }),
        ...(spec.http?.body_limit === undefined ? {} : { bodyLimit: spec.http.body_limit }),
        limits: httpLimits(spec.http),
        sse: sseOptions(spec.http),
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
      for (const off of unsubscribers) off();
      await closeHttp();
      await monitor?.close();
    },
  };
}

type HttpSpec = NonNullable<ProjectSpec['http']>;

/**
 * The key `/api/*` needs: `http.api_key`, else AMAS_API_KEY (containers set it without editing
 * amas.yaml), else the one generated into `.amas/api-key`. Only `http.auth: none` turns auth off.
 * The key itself is never logged — only where to find it.
 */
function resolveAccess(
  rt: Runtime,
  http: HttpSpec | undefined,
  listen: string,
  text: (v: string | undefined, where: string) => string | undefined,
  env: Record<string, string | undefined>,
): { apiKey?: string; authOff?: boolean; metricsOpen?: boolean } {
  if (http?.auth === 'none') {
    if (http.api_key !== undefined) throw new AmasError('AMAS_CONFIG', 'amas.yaml http: auth: none and api_key contradict each other', { exitCode: 2, hint: 'remove one of them' });
    rt.logger.warn('HTTP API authentication is OFF (http.auth: none): any local user or process can start runs and read their outputs');
    return { authOff: true };
  }
  if (http?.api_key !== undefined) {
    const apiKey = text(http.api_key, 'http.api_key');
    if (!apiKey) {
      throw new AmasError('AMAS_HTTP_NO_KEY', 'http.api_key is configured but empty: refusing to serve the HTTP API without it', {
        hint: 'set the secret it names (environment or .env), or remove http.api_key to let amas up generate a key in .amas/api-key',
      });
    }
    return { apiKey };
  }
  if (env.AMAS_API_KEY) return { apiKey: env.AMAS_API_KEY };
  const k = projectApiKey(rt.dir);
  if (k.tightened) rt.logger.warn('the HTTP API key file was readable by others: narrowed to mode 0600', { key_file: k.file });
  rt.logger.info(k.created ? 'HTTP API key generated' : 'HTTP API key loaded', {
    key_file: k.file,
    usage: `Authorization: Bearer $(cat ${path.relative(process.cwd(), k.file) || k.file})`,
  });
  // Prometheus on the same host keeps scraping without setup; a configured key guards /metrics too.
  return { apiKey: k.key, metricsOpen: isLoopback(parseListen(listen).host) };
}

function ms(v: string | undefined): number | undefined {
  return v === undefined ? undefined : parseDuration(v);
}

/** amas.yaml `http.sse` in the monitor's terms (unset ones keep sse.ts's defaults). */
function sseOptions(http: HttpSpec | undefined): NonNullable<HttpApiOptions['sse']> {
  const sse = http?.sse;
  const beat = ms(sse?.heartbeat);
  return {
    ...(sse?.max_streams === undefined ? {} : { maxStreams: sse.max_streams }),
    ...(beat === undefined ? {} : { heartbeatMs: beat }),
    ...(sse?.max_buffered_bytes === undefined ? {} : { maxBufferedBytes: sse.max_buffered_bytes }),
  };
}

/** amas.yaml `http:` limits in the monitor's terms (unset ones keep limits.ts's defaults). */
function httpLimits(http: HttpSpec | undefined): NonNullable<HttpApiOptions['limits']> {
  const out: NonNullable<HttpApiOptions['limits']> = {};
  if (!http) return out;
  if (http.max_connections !== undefined) out.maxConnections = http.max_connections;
  if (http.max_depth !== undefined) out.maxDepth = http.max_depth;
  const h = ms(http.headers_timeout);
  const r = ms(http.request_timeout);
  const i = ms(http.idle_timeout);
  if (h !== undefined) out.headersTimeoutMs = h;
  if (r !== undefined) out.requestTimeoutMs = r;
  if (i !== undefined) out.idleTimeoutMs = i;
  return out;
}
