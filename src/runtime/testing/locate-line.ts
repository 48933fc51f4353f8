import { LineCounter, isMap, isSeq, parseDocument, type Node } from 'yaml';

/**
 * The 1-based line and column of a data path in a test file's YAML (for `--format github`
 * annotations): the deepest node of the path that exists, its key when it is a mapping entry.
 */
export function lineOf(text: string, path: readonly (string | number)[]): { line: number; column: number } {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  let node: unknown = doc.contents;
  let offset = 0;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === seg);
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else break;
  }
  const pos = lc.linePos(offset);
  return { line: pos.line, column: pos.col };
}
