/**
 * Full-text ranking for FTS4, which (unlike FTS5) has no bm25(): we compute Okapi BM25 from
 * matchinfo(…, 'pcnalx'), one 32-bit little-endian integer array per matching row.
 */
const K1 = 1.2;
const B = 0.75;

export function bm25(matchinfo: Uint8Array): number {
  const view = new DataView(matchinfo.buffer, matchinfo.byteOffset, matchinfo.byteLength);
  const at = (i: number) => view.getUint32(i * 4, true);
  const p = at(0);
  const c = at(1);
  const n = at(2);
  let score = 0;
  for (let col = 0; col < c; col++) {
    const avg = at(3 + col) || 1;
    const len = at(3 + c + col);
    for (let ph = 0; ph < p; ph++) {
      const x = 3 + 2 * c + 3 * (ph * c + col);
      const tf = at(x);
      const df = at(x + 2);
      if (tf === 0) continue;
      const idf = Math.log((n - df + 0.5) / (df + 0.5) + 1);
      score += (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * len) / avg));
    }
  }
  return score;
}

/**
 * Turns what a person typed into an FTS4 MATCH expression: every word must occur (AND),
 * a trailing `*` keeps prefix search, and nothing else is operator syntax — so a stray quote
 * or `NOT` never becomes a syntax error. Returns undefined when there is no word to look for.
 */
export function toMatchQuery(input: string): string | undefined {
  const words = input.match(/[\p{L}\p{N}_]+\*?/gu) ?? [];
  const terms = words.map((w) => w.toLowerCase()).filter((w) => w !== '*');
  return terms.length > 0 ? terms.join(' ') : undefined;
}
