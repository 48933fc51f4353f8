/** Left-aligned columns separated by two spaces; trailing blanks trimmed. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** `2025-01-02 03:04:05Z` (UTC, second precision): stable across machines. */
export function utc(t: number | null | undefined): string {
  if (t === null || t === undefined) return '-';
  return `${new Date(t).toISOString().slice(0, 19).replace('T', ' ')}Z`;
}
