/**
 * Size and depth limits for JSON-shaped data that crosses a trust boundary (HTTP and socket
 * bodies, MCP arguments, run inputs, expression results, step outputs, imported records).
 * One oversized or too-deep value must fail its own request or step, never the process: a
 * 200,000-deep object overflows the stack of every recursive JSON walker (JSON.stringify
 * included), and a string past V8's limit throws RangeError wherever it is concatenated.
 */
export interface JsonLimits {
  /** Bytes of the value written as JSON (string escapes are not counted, so slightly under). */
  maxBytes: number;
  /** Containers nested inside each other; `{}` and `[]` are depth 1, a scalar depth 0. */
  maxDepth: number;
}

export const DEFAULT_JSON_LIMITS: Readonly<JsonLimits> = Object.freeze({ maxBytes: 8 * 1024 * 1024, maxDepth: 64 });

/** Human form of a byte count for messages ("8 MiB", "300 KiB", "12 bytes"). */
function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KiB`;
  return `${n} bytes`;
}

/**
 * Checks a value against size and depth limits without recursion (so a hostile depth cannot
 * overflow the stack here) and stops as soon as a limit is passed (so a huge value costs at most
 * `maxBytes` of work). Returns null when the value fits, else the reason it does not.
 * Cycles and values JSON cannot hold (bigint) are reported as well.
 */
export function checkJsonLimits(value: unknown, limits: Partial<JsonLimits> = {}): null | { reason: string } {
  const maxBytes = limits.maxBytes ?? DEFAULT_JSON_LIMITS.maxBytes;
  const maxDepth = limits.maxDepth ?? DEFAULT_JSON_LIMITS.maxDepth;
  let bytes = 0;
  const tooBig = () => ({ reason: `larger than ${formatBytes(maxBytes)} as JSON` });
  // Every visit adds at least one byte, so shared references and cycles end at maxBytes or maxDepth.
  const stack: { v: unknown; depth: number }[] = [{ v: value, depth: 0 }];
  while (stack.length > 0) {
    const { v, depth } = stack.pop()!;
    switch (typeof v) {
      case 'string':
        bytes += v.length > maxBytes ? v.length : Buffer.byteLength(v, 'utf8') + 2;
        break;
      case 'number':
        bytes += Number.isFinite(v) ? String(v).length : 4;
        break;
      case 'boolean':
        bytes += v ? 4 : 5;
        break;
      case 'bigint':
        return { reason: 'holds a bigint, which JSON cannot represent' };
      case 'undefined':
      case 'function':
      case 'symbol':
        bytes += 4; // written as null in arrays, left out of objects
        break;
      case 'object': {
        if (v === null) {
          bytes += 4;
          break;
        }
        const d = depth + 1;
        if (d > maxDepth) return { reason: `nested deeper than ${maxDepth} levels` };
        const inner = typeof (v as { toJSON?: unknown }).toJSON === 'function' ? (v as { toJSON(): unknown }).toJSON() : v;
        if (inner !== v) {
          stack.push({ v: inner, depth });
          break;
        }
        if (ArrayBuffer.isView(v)) {
          bytes += v.byteLength * 2;
          break;
        }
        if (Array.isArray(v)) {
          bytes += 2 + Math.max(0, v.length - 1);
          if (bytes > maxBytes) return tooBig();
          for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], depth: d });
        } else {
          const keys = Object.keys(v);
          bytes += 2 + Math.max(0, keys.length - 1);
          for (const k of keys) {
            bytes += Buffer.byteLength(k, 'utf8') + 3;
            if (bytes > maxBytes) return tooBig();
            stack.push({ v: (v as Record<string, unknown>)[k], depth: d });
          }
        }
        break;
      }
    }
    if (bytes > maxBytes) return tooBig();
  }
  return null;
}
