import { fmt } from './alerts.ts';
import type { HealthReport } from './health.ts';
import { METRIC_NAMES } from './metrics.ts';

/** The health report as terminal text (`amas health` without --json). */
export function formatHealth(r: HealthReport): string {
  const lines = [`${r.status.toUpperCase()}  ${r.project} · up ${uptime(r.uptime)} · ${new Date(r.time).toISOString()}`, ''];
  const rows = METRIC_NAMES.map((name) => {
    const m = r.metrics[name];
    const t = m.threshold ? `${fmt(m.threshold.warning, m.unit)} / ${fmt(m.threshold.critical, m.unit)}` : '';
    return [name, fmt(m.value, m.unit), m.status, t];
  });
  const head = ['metric', 'value', 'status', 'warning / critical'];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => c.padEnd(w[i]!)).join('  ')}`.trimEnd();
  lines.push(line(head), ...rows.map(line));
  lines.push('');
  // Older runtimes answer without `store`.
  const store = r.store as HealthReport['store'] | undefined;
  if (store && !store.writable) {
    lines.push(`store: CRITICAL writes refused since ${new Date(store.since).toISOString()}: ${store.reason} (${store.retries} retries failed)`);
  }
  if (r.workers) {
    const w = r.workers;
    lines.push(w.message === null ? `workers: ${w.live} live` : `workers: ${w.status.toUpperCase()} ${w.message}`);
  }
  if (r.alerts.length === 0) lines.push('no active alerts');
  else {
    lines.push('alerts:');
    for (const a of r.alerts) lines.push(`  ${a.level.padEnd(8)} ${a.message} (since ${new Date(a.since).toISOString()})`);
  }
  const counts = Object.entries(r.counts).map(([k, v]) => `${k} ${v}`);
  if (counts.length) lines.push(`counts: ${counts.join(' · ')}`);
  return `${lines.join('\n')}\n`;
}

function uptime(s: number): string {
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d) return `${d}d ${h}h`;
  if (h) return `${h}h ${m}m`;
  if (m) return `${m}m ${s % 60}s`;
  return `${s}s`;
}
