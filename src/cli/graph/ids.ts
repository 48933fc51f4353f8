/** Stable node ids safe in Mermaid and DOT: the name with non-word characters replaced, made unique. */
export function nodeIds(prefix: string, names: readonly string[]): Map<string, string> {
  const ids = new Map<string, string>();
  const used = new Set<string>();
  for (const n of names) {
    if (ids.has(n)) continue;
    const base = `${prefix}_${n.replace(/\W/g, '_')}`;
    let id = base;
    for (let i = 2; used.has(id); i++) id = `${base}_${i}`;
    used.add(id);
    ids.set(n, id);
  }
  return ids;
}
