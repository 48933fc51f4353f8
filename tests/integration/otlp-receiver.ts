// An OTLP/HTTP trace receiver on 127.0.0.1 for the telemetry tests: a plain HTTP server that
// decodes the JSON the exporter sends (POST /v1/traces) into flat spans.
import { startServer, type Recorded } from '../unit/executors/server.ts';

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
  kind: number;
  startMs: number;
  endMs: number;
  attributes: Record<string, unknown>;
  status: { code: number; message?: string };
  /** Attributes of the resource that sent it (service.name…). */
  resource: Record<string, unknown>;
}

interface AnyValue {
  stringValue?: string;
  intValue?: number | string;
  doubleValue?: number;
  boolValue?: boolean;
  arrayValue?: { values?: AnyValue[] };
}
interface KeyValue {
  key: string;
  value: AnyValue;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string | number;
  endTimeUnixNano: string | number;
  attributes?: KeyValue[];
  status?: { code?: number; message?: string };
}
interface OtlpBody {
  resourceSpans?: { resource?: { attributes?: KeyValue[] }; scopeSpans?: { spans?: OtlpSpan[] }[] }[];
}

function value(v: AnyValue): unknown {
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.arrayValue) return (v.arrayValue.values ?? []).map(value);
  return undefined;
}

const attrs = (kv: KeyValue[] | undefined): Record<string, unknown> => Object.fromEntries((kv ?? []).map((a) => [a.key, value(a.value)]));

export function decode(req: Recorded): ReceivedSpan[] {
  const body = JSON.parse(req.body) as OtlpBody;
  return (body.resourceSpans ?? []).flatMap((rs) =>
    (rs.scopeSpans ?? []).flatMap((ss) =>
      (ss.spans ?? []).map((s) => ({
        traceId: s.traceId,
        spanId: s.spanId,
        parentSpanId: s.parentSpanId ? s.parentSpanId : undefined,
        name: s.name,
        kind: s.kind,
        startMs: Number(BigInt(s.startTimeUnixNano) / 1000n) / 1000,
        endMs: Number(BigInt(s.endTimeUnixNano) / 1000n) / 1000,
        attributes: attrs(s.attributes),
        status: { code: s.status?.code ?? 0, ...(s.status?.message ? { message: s.status.message } : {}) },
        resource: attrs(rs.resource?.attributes),
      })),
    ),
  );
}

export async function startReceiver() {
  const srv = await startServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  });
  return {
    ...srv,
    spans: (): ReceivedSpan[] => srv.requests.filter((r) => r.method === 'POST' && r.url === '/v1/traces').flatMap(decode),
  };
}
