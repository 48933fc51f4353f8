import type { Diagnostic } from '../core/index.ts';

const IGNORE = /#\s*amas-ignore:\s*([A-Za-z0-9_, \t]+)/;

/** line (1-based) → codes silenced on it. */
function ignoresOf(text: string): Map<number, Set<string>> {
  const out = new Map<number, Set<string>>();
  if (!text.includes('amas-ignore')) return out;
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const m = IGNORE.exec(line);
    if (!m) return;
    const codes = m[1]!.split(/[\s,]+/).filter(Boolean).map((c) => c.toUpperCase());
    // A comment on a line of its own covers the next line; a trailing comment covers its own line.
    const own = line.slice(0, m.index).trim() === '';
    const target = own ? i + 2 : i + 1;
    const set = out.get(target) ?? new Set<string>();
    for (const c of codes) set.add(c);
    out.set(target, set);
  });
  return out;
}

/** Drops diagnostics silenced by `# amas-ignore: CODE[, CODE]` on the line above (or at the end of their line). */
export function applyIgnores(diags: readonly Diagnostic[], texts: ReadonlyMap<string, string>): Diagnostic[] {
  const cache = new Map<string, Map<number, Set<string>>>();
  return diags.filter((d) => {
    let map = cache.get(d.file);
    if (!map) {
      map = ignoresOf(texts.get(d.file) ?? '');
      cache.set(d.file, map);
    }
    return !map.get(d.line)?.has(d.code);
  });
}
