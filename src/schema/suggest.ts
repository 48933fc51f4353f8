import { distance } from 'fastest-levenshtein';

/**
 * The known name nearest to `name`, if it is near enough to be a plausible typo: at most a third
 * of the name's length in edits (and at least 1), or a case-insensitive match.
 */
export function didYouMean(name: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  const lower = name.toLowerCase();
  for (const k of known) {
    if (k === name) continue;
    const d = k.toLowerCase() === lower ? 0 : distance(name, k);
    if (d < bestD || (d === bestD && best !== undefined && k < best)) {
      best = k;
      bestD = d;
    }
  }
  const limit = Math.max(1, Math.ceil(name.length / 3));
  return best !== undefined && bestD <= limit ? best : undefined;
}

/** `; did you mean \`x\`?` or nothing. */
export function meanSuffix(name: string, known: Iterable<string>): string {
  const m = didYouMean(name, known);
  return m === undefined ? '' : `; did you mean \`${m}\`?`;
}
