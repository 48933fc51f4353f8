import { describe, expect, it } from 'vitest';
import type { ProjectSpec } from '../../../src/core/index.ts';
import { resolveTelemetry, tracesUrl } from '../../../src/telemetry/index.ts';

// Where traces go: amas.yaml first, then the standard OTEL_* variables; nothing when neither.

const project = (telemetry?: ProjectSpec['telemetry'], name = 'blog'): ProjectSpec => ({ apiVersion: 'amas/v1', name, ...(telemetry ? { telemetry } : {}) }) as ProjectSpec;

describe('telemetry settings', () => {
  it('appends /v1/traces to a base endpoint, keeps one that has it', () => {
    expect(tracesUrl('http://127.0.0.1:4318')).toBe('http://127.0.0.1:4318/v1/traces');
    expect(tracesUrl('http://127.0.0.1:4318/')).toBe('http://127.0.0.1:4318/v1/traces');
    expect(tracesUrl('https://otlp.example/v1/traces')).toBe('https://otlp.example/v1/traces');
  });

  it('is off without telemetry: and without OTEL_EXPORTER_OTLP_* endpoints', () => {
    expect(resolveTelemetry(project(), { OTEL_SERVICE_NAME: 'x' }, {})).toEqual({ ok: true, otlp: undefined });
  });

  it('renders the endpoint and headers of amas.yaml, which win over the environment', () => {
    const s = resolveTelemetry(
      project({ otlp: { endpoint: '${{ env.COLLECTOR }}', headers: { authorization: 'Bearer ${{ secrets.TOKEN }}' } } }),
      { COLLECTOR: 'http://collector:4318', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://other:4318', OTEL_SERVICE_NAME: 'svc' },
      { TOKEN: 'tok-1234' },
    );
    expect(s).toEqual({ ok: true, otlp: { url: 'http://collector:4318/v1/traces', headers: { authorization: 'Bearer tok-1234' }, serviceName: 'svc' } });
  });

  it('service name: service_name, else OTEL_SERVICE_NAME, else the project name, else amas', () => {
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' };
    const name = (p: ProjectSpec, e: Record<string, string> = env) => {
      const s = resolveTelemetry(p, e, {});
      return s.ok ? s.otlp?.serviceName : s.error;
    };
    expect(name(project({ otlp: { endpoint: 'http://c:4318', service_name: 'mine' } }), { ...env, OTEL_SERVICE_NAME: 'env' })).toBe('mine');
    expect(name(project(), { ...env, OTEL_SERVICE_NAME: 'env' })).toBe('env');
    expect(name(project())).toBe('blog');
    expect(name({ apiVersion: 'amas/v1' } as ProjectSpec)).toBe('amas');
  });

  it('uses OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as it is, before OTEL_EXPORTER_OTLP_ENDPOINT', () => {
    const s = resolveTelemetry(project(), { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://t:4318/custom', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }, {});
    expect(s.ok && s.otlp?.url).toBe('http://t:4318/custom');
  });

  it('OTEL_SDK_DISABLED=true turns traces off, amas.yaml included', () => {
    expect(resolveTelemetry(project({ otlp: { endpoint: 'http://c:4318' } }), { OTEL_SDK_DISABLED: 'TRUE' }, {})).toEqual({ ok: true, otlp: undefined });
  });

  it('says what is wrong with an endpoint that is not an http(s) URL or a header that cannot be rendered', () => {
    expect(resolveTelemetry(project({ otlp: { endpoint: 'collector:4318' } }), {}, {})).toEqual({ ok: false, error: 'telemetry.otlp.endpoint must be an http(s) URL, not collector:' });
    expect(resolveTelemetry(project(), { OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url' }, {})).toEqual({ ok: false, error: 'OTEL_EXPORTER_OTLP_ENDPOINT is not a URL: "not a url/v1/traces"' });
    const s = resolveTelemetry(project({ otlp: { endpoint: 'http://c:4318', headers: { x: '${{ secrets.MISSING }}' } } }), {}, {});
    expect(s.ok).toBe(false);
  });
});
