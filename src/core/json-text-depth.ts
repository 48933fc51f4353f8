/** How deep a request body, socket message or MCP line may nest, unless configured otherwise. */
export const DEFAULT_MAX_JSON_DEPTH = 64;

/**
 * The nesting depth of JSON text, found by scanning brackets outside strings, stopping as soon
 * as `limit` is passed. It runs before `JSON.parse` at every entry: parsing a 200,000-deep body
 * works, but everything after it that recurses (JSON.stringify when the journal writes it,
 * schema validation, masking) overflows the stack. The text need not be valid JSON: malformed
 * input is the parser's to report.
 *
 * Returns the depth reached, or `limit + 1` as soon as it is exceeded.
 */
export function jsonTextDepth(text: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) {
        max = depth;
        if (max > limit) return limit + 1;
      }
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
  }
  return max;
}

/** True when the JSON text nests deeper than `maxDepth` (arrays and objects both count). */
export function jsonTextTooDeep(text: string, maxDepth: number): boolean {
  return jsonTextDepth(text, maxDepth) > maxDepth;
}

/**
 * The `id` member of a JSON-RPC message given as text, read without parsing it (for answering a
 * message refused for its depth: the caller still gets its error under its own id). Only members
 * of the top-level object count; null when there is none, or it is not a number or a string.
 */
export function jsonRpcIdOf(text: string): number | string | null {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      const end = stringEnd(text, i);
      if (depth === 1 && text.slice(i, end + 1) === '"id"') {
        const m = /^\s*:\s*(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|"(?:[^"\\]|\\.)*")/.exec(text.slice(end + 1, end + 1 + 300));
        if (m) return m[1]!.startsWith('"') ? (JSON.parse(m[1]!) as string) : Number(m[1]);
      }
      i = end;
    } else if (c === 0x5b || c === 0x7b) depth++;
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return null;
}

/** Index of the quote closing the string that opens at `start`. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === 0x22) return i;
  }
  return text.length;
}
