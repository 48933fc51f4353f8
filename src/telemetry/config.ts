import type { ProjectSpec } from '../core/index.ts';
import { render } from '../expr/index.ts';

/** Where and how spans are exported, resolved from amas.yaml and the environment. */
export interface OtlpSettings {
  /** The full traces URL (…/v1/traces). */
  url: string;
  headers: Record<string, string>;
  serviceName: string;
}

export type TelemetrySettings = { ok: true; otlp: OtlpSettings | undefined } | { ok: false; error: string };

const TRACES_PATH = '/v1/traces';

/** A base URL gets /v1/traces, as OTEL_EXPORTER_OTLP_ENDPOINT does; a URL already ending in it is kept. */
export function tracesUrl(endpoint: string): string {
  const base = endpoint.trim().replace(/\/+$/, '');
  return base.endsWith(TRACES_PATH) ? base : `${base}${TRACES_PATH}`;
}

function httpUrl(url: string, where: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `${where} is not a URL: "${url}"`;
  }
  return u.protocol === 'http:' || u.protocol === 'https:' ? undefined : `${where} must be an http(s) URL, not ${u.protocol}`;
}

/**
 * amas.yaml `telemetry.otlp` first, else the standard OTEL_EXPORTER_OTLP_TRACES_ENDPOINT (used as
 * it is) or OTEL_EXPORTER_OTLP_ENDPOINT (+ /v1/traces); OTEL_SDK_DISABLED=true turns traces off.
 * `${{ }}` in the endpoint and headers read `env` and `secrets` (header values that read a secret
 * are credentials: src/runtime/secrets.ts masks them).
 */
export function resolveTelemetry(project: ProjectSpec, env: Record<string, string | undefined>, secrets: Record<string, string | undefined>): TelemetrySettings {
  if ((env.OTEL_SDK_DISABLED ?? '').trim().toLowerCase() === 'true') return { ok: true, otlp: undefined };
  const spec = project.telemetry?.otlp;
  const scope = { env, secrets };
  const text = (v: string, where: string): string => {
    const r = render(v, scope);
    if (r === undefined || r === null) throw new Error(`${where} is empty`);
    return typeof r === 'string' ? r : JSON.stringify(r);
  };
  try {
    let url: string;
    let where: string;
    if (spec) {
      where = 'telemetry.otlp.endpoint';
      url = tracesUrl(text(spec.endpoint, where));
    } else if (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim()) {
      where = 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT';
      url = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT.trim();
    } else if (env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim()) {
      where = 'OTEL_EXPORTER_OTLP_ENDPOINT';
      url = tracesUrl(env.OTEL_EXPORTER_OTLP_ENDPOINT);
    } else return { ok: true, otlp: undefined };
    const bad = httpUrl(url, where);
    if (bad) return { ok: false, error: bad };
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(spec?.headers ?? {})) headers[k] = text(v, `telemetry.otlp.headers.${k}`);
    const serviceName = spec?.service_name ?? (env.OTEL_SERVICE_NAME?.trim() || undefined) ?? project.name ?? 'amas';
    return { ok: true, otlp: { url, headers, serviceName } };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}
