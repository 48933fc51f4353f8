// Pure text helpers shared by the panels: every width is in terminal cells.

/** Compact duration: 850ms, 12.3s, 4m05s, 2h03m, 3d04h. */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '–';
  const v = Math.max(0, ms);
  if (v < 1000) return `${Math.round(v)}ms`;
  if (v < 60_000) return `${(v / 1000).toFixed(1)}s`;
  const s = Math.floor(v / 1000);
  if (s < 3600) return `${Math.floor(s / 60)}m${pad2(s % 60)}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h${pad2(Math.floor(s / 60) % 60)}m`;
  return `${Math.floor(s / 86_400)}d${pad2(Math.floor(s / 3600) % 24)}h`;
}

/** Time of day as HH:MM:SS in UTC, so frames do not depend on the machine's zone in tests. */
export function formatClock(at: number, utc = true): string {
  const d = new Date(at);
  const h = utc ? d.getUTCHours() : d.getHours();
  const m = utc ? d.getUTCMinutes() : d.getMinutes();
  const s = utc ? d.getUTCSeconds() : d.getSeconds();
  return `${pad2(h)}:${pad2(m)}:${pad2(s)}`;
}

/** "in 4m05s" / "4m05s ago" relative to now. */
export function formatRelative(at: number | null, now: number): string {
  if (at === null) return '–';
  const d = at - now;
  return d >= 0 ? `in ${formatDuration(d)}` : `${formatDuration(-d)} ago`;
}

/** Cuts to `width` cells with an ellipsis; pads with spaces when `pad` is set. */
export function fit(text: string, width: number, pad = false): string {
  if (width <= 0) return '';
  const chars = [...text];
  const out = chars.length > width ? chars.slice(0, Math.max(0, width - 1)).join('') + '…' : text;
  return pad ? out.padEnd(width) : out;
}

export function padLeft(text: string, width: number): string {
  return fit(text, width).padStart(width);
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** Which slice of `total` rows to show in `height` lines so the `selected` row stays visible. */
export function windowRows(total: number, selected: number, height: number): { start: number; end: number } {
  if (height <= 0 || total === 0) return { start: 0, end: 0 };
  if (total <= height) return { start: 0, end: total };
  const sel = Math.min(Math.max(selected, 0), total - 1);
  const start = Math.min(Math.max(0, sel - Math.floor(height / 2)), total - height);
  return { start, end: start + height };
}
