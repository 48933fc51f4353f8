/** How a value reads when embedded in text: strings as-is, null/undefined as '', objects as JSON. */
export function toText(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v) ?? '';
}

/** A plain data object (JSON/YAML-shaped): the only kind whose properties expressions may read. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** JavaScript truthiness, minus surprises: an empty array or object is truthy as in JS. */
export function truthy(v: unknown): boolean {
  return Boolean(v);
}
