import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixture, type Harness } from './http-api-harness.ts';

const KEY = 'metrics-key-abcdef';
const DASHBOARD = path.resolve(import.meta.dirname, '../../deploy/grafana/dashboards/amas.json');
let h: Harness;
let text: string;
let contentType: string | null;

interface Family {
  type: string;
  help: boolean;
  samples: { name: string; labels: Record<string, string>; value: number }[];
}

/** A strict reader of the Prometheus text exposition format 0.0.4: throws on any line it cannot read. */
function parseExposition(body: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const family = (name: string) => {
    let f = families.get(name);
    if (!f) families.set(name, (f = { type: 'untyped', help: false, samples: [] }));
    return f;
  };
  const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
  const sampleRe = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (\\S+)(?: (-?\\d+))?$`);
  const labelRe = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(?:,|$)/y;
  const lines = body.split('\n');
  expect(lines.at(-1)).toBe(''); // ends with a newline
  for (const line of lines.slice(0, -1)) {
    let m: RegExpExecArray | null;
    if ((m = new RegExp(`^# HELP (${NAME}) (.*)$`).exec(line))) {
      family(m[1]!).help = true;
    } else if ((m = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`).exec(line))) {
      const f = family(m[1]!);
      if (f.samples.length) throw new Error(`TYPE after samples: ${line}`);
      f.type = m[2]!;
    } else if ((m = sampleRe.exec(line))) {
      const [, name, rawLabels, rawValue] = m;
      const labels: Record<string, string> = {};
      if (rawLabels) {
        labelRe.lastIndex = 0;
        while (labelRe.lastIndex < rawLabels.length) {
          const l = labelRe.exec(rawLabels);
          if (!l) throw new Error(`bad labels: ${line}`);
          labels[l[1]!] = l[2]!;
        }
      }
      if (!/^(NaN|[+-]Inf|[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)$/.test(rawValue!)) throw new Error(`bad value: ${line}`);
      const value = rawValue === 'NaN' ? Number.NaN : rawValue === '+Inf' ? Infinity : rawValue === '-Inf' ? -Infinity : Number(rawValue);
      const base = [...families.keys()].find((f) => name === f || (/_(bucket|sum|count|total|created)$/.test(name!) && name!.replace(/_(bucket|sum|count)$/, '') === f));
      if (!base) throw new Error(`sample without a family: ${line}`);
      family(base).samples.push({ name: name!, labels, value });
    } else if (line.trim() !== '') {
      throw new Error(`not Prometheus text format: ${JSON.stringify(line)}`);
    }
  }
  return families;
}

const PROMQL_WORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'offset', 'bool', 'and', 'or', 'unless', 'le', 'inf', 'nan']);

/** Metric names a PromQL expression reads: identifiers that are not functions, keywords, labels, strings or durations. */
function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '');
  const out: string[] = [];
  for (const m of stripped.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*(\s*\()?/g)) {
    if (m[1]) continue; // a function call
    if (PROMQL_WORDS.has(m[0].toLowerCase())) continue;
    out.push(m[0]);
  }
  return out;
}

beforeAll(async () => {
  h = await startFixture({ AMAS_API_KEY: KEY }, { http: '127.0.0.1:0' });
  // Something to count: a completed and a failed run, then one collection.
  for (const wf of ['greet', 'broken']) {
    const o = h.rt.startRun({ workflow: wf, inputs: wf === 'greet' ? { name: 'x' } : {}, origin: { kind: 'manual' } });
    await h.rt.waitFor(o.runId);
  }
  h.clock.advance(30_000);
  const res = await fetch(`${h.rt.monitoring!.http!.url}/metrics`, { headers: { authorization: `Bearer ${KEY}` } });
  expect(res.status).toBe(200);
  contentType = res.headers.get('content-type');
  text = await res.text();
});
afterAll(async () => {
  await h?.close();
});

describe('GET /metrics', () => {
  it('is Prometheus text exposition with the monitor metrics, run/step/task counters', () => {
    expect(contentType).toContain('text/plain');
    expect(contentType).toContain('version=0.0.4');
    const fam = parseExposition(text);
    expect(fam.get('amas_agent_failure_rate')).toMatchObject({ type: 'gauge', help: true });
    expect(fam.get('amas_agent_failure_rate')!.samples[0]!.value).toBeCloseTo(1 / 3, 3);
    expect(fam.get('amas_cpu_usage_percent')!.samples[0]!.value).toBe(5);
    expect(fam.get('amas_agents')!.samples[0]!.value).toBe(1);
    expect(fam.get('amas_health_status')!.samples[0]!.value).toBe(1); // 0.33 ≥ warning 0.2
    const runs = fam.get('amas_runs_total')!;
    expect(runs.type).toBe('counter');
    expect(runs.samples.map((s) => `${s.labels.workflow}:${s.labels.status}=${s.value}`).sort()).toEqual(['broken:failed=1', 'greet:completed=1']);
    const tasks = fam.get('amas_tasks_total')!.samples.map((s) => `${s.labels.agent}:${s.labels.outcome}=${s.value}`).sort();
    expect(tasks).toEqual(['worker:completed=2', 'worker:failed=1']);
    expect(fam.get('amas_run_duration_seconds')!.type).toBe('histogram');
    expect(fam.get('amas_events_published_total')!.samples[0]!.value).toBeGreaterThan(0);
  });

  it('has every metric the Grafana dashboard queries', () => {
    const dash = JSON.parse(fs.readFileSync(DASHBOARD, 'utf8')) as { panels: { title: string; targets?: { expr: string }[] }[] };
    const wanted = new Set<string>();
    for (const p of dash.panels) for (const t of p.targets ?? []) for (const n of metricNames(t.expr)) wanted.add(n);
    expect(wanted.size).toBeGreaterThan(20);
    const samples = new Set([...parseExposition(text).values()].flatMap((f) => f.samples.map((s) => s.name)));
    const missing = [...wanted].filter((n) => !samples.has(n));
    expect(missing).toEqual([]);
  });

  it('the PromQL name extraction skips functions, labels, groupings and durations', () => {
    expect(metricNames('histogram_quantile(0.95, sum by (le, workflow) (rate(amas_run_duration_seconds_bucket{job="amas"}[15m])))')).toEqual(['amas_run_duration_seconds_bucket']);
    expect(metricNames('rate(a_total[5m]) * 60 / b')).toEqual(['a_total', 'b']);
  });
});
