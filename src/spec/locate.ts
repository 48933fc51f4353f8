import { isMap, isScalar, isSeq, isNode, isPair, type Document, type Node as YamlNode } from 'yaml';

export type PathSeg = string | number;

/** What part of the addressed pair a diagnostic should underline. */
export type Target = 'value' | 'key';

export interface Located {
  /** Offsets [start, end) in the file text. */
  start: number;
  end: number;
  /** False when the path did not exist and the nearest existing ancestor was used. */
  exact: boolean;
  node?: YamlNode;
}

/** JSON Pointer (ajv's instancePath) → path segments. */
export function pointerToPath(ptr: string): string[] {
  if (!ptr) return [];
  return ptr
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function keyString(k: unknown): string {
  if (isScalar(k)) return String(k.value);
  return String(k);
}

/**
 * Maps a data path to an exact source range, as spectral's getRangeForJsonPath does: the value
 * (or, with target `key`, the key) of the last segment; when the path is missing, the nearest
 * existing ancestor. A collection value is underlined by its key, since its own range spans lines.
 */
export function locate(doc: Document.Parsed, text: string, path: readonly PathSeg[], target: Target = 'value'): Located {
  let node: unknown = doc.contents;
  let lastKey: YamlNode | undefined;
  let lastVal: YamlNode | undefined = isNode(node) ? node : undefined;
  let exact = true;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && keyString(p.key) === String(seg));
      if (!pair) {
        exact = false;
        break;
      }
      lastKey = isNode(pair.key) ? pair.key : undefined;
      lastVal = isNode(pair.value) ? pair.value : undefined;
      node = pair.value;
      if (lastVal === undefined) break; // `key:` with no value: stay on the key
    } else if (isSeq(node)) {
      const item = node.items[Number(seg)];
      if (!isNode(item)) {
        exact = false;
        break;
      }
      lastKey = undefined;
      lastVal = item;
      node = item;
    } else {
      exact = false;
      break;
    }
  }
  const pick = (n: YamlNode | undefined): Located | undefined => {
    const r = n?.range;
    if (!r) return undefined;
    return { start: r[0], end: r[1], exact, node: n };
  };
  if (target === 'key' && lastKey) return pick(lastKey)!;
  if (lastVal && (isScalar(lastVal) || isAliasLike(lastVal))) {
    const got = pick(lastVal);
    if (got) return got;
  }
  if (lastKey && exact) return { ...pick(lastKey)!, node: lastVal ?? lastKey };
  if (lastKey && !exact) return pick(lastKey)!;
  // A collection without a key (a sequence item or the root): its first line.
  const got = pick(lastVal);
  if (got) return { ...got, end: lineEnd(text, got.start, got.end) };
  return { start: 0, end: lineEnd(text, 0, text.length), exact: false };
}

function isAliasLike(n: YamlNode): boolean {
  return !isMap(n) && !isSeq(n);
}

/** The end of the line `start` is on, but no further than `max`. */
export function lineEnd(text: string, start: number, max: number): number {
  const nl = text.indexOf('\n', start);
  let end = nl < 0 ? text.length : nl;
  if (end > max) end = max;
  if (end > start && text[end - 1] === '\r') end--;
  return Math.max(end, start + 1);
}

/**
 * Maps an offset inside a scalar's value onto the source. Expressions are found by searching the
 * source slice for the same `${{ … }}` text, which survives quoting and block-scalar indentation.
 */
export function valueOffsetToSource(text: string, nodeStart: number, nodeEnd: number, value: string, offset: number): number {
  const open = value.lastIndexOf('${{', offset);
  const from = open < 0 ? Math.max(0, offset - 8) : open;
  let to = value.indexOf('}}', offset);
  to = to < 0 ? Math.min(value.length, offset + 8) : to + 2;
  const needle = value.slice(from, to);
  if (!needle) return nodeStart;
  let nth = 0;
  for (let i = value.indexOf(needle); i >= 0 && i < from; i = value.indexOf(needle, i + 1)) nth++;
  const src = text.slice(nodeStart, nodeEnd);
  let at = -1;
  for (let i = 0, k = src.indexOf(needle); k >= 0; k = src.indexOf(needle, k + 1), i++) {
    if (i === nth) {
      at = k;
      break;
    }
  }
  if (at < 0) return nodeStart;
  return nodeStart + at + (offset - from);
}
