/** Values shorter than this cannot be secrets: masking "1" or "yes" would shred every text. */
export const MIN_SECRET_LENGTH = 4;
export const REDACTED = '***';

/**
 * Masks a set of secret values inside data. It works on values: `redactDeep` walks objects and
 * arrays and replaces occurrences inside each string (and object key); `redact` does the same for
 * one string. Callers mask data before they serialize it, never serialized JSON, SQL or YAML, so
 * masking cannot break a document (a secret "true" must not turn `{"a":true}` into `{"a":***}`).
 *
 * Each secret is also matched in the spellings it takes on its way out (the forms GitHub Actions
 * masks): each line of a multi-line value, JSON-escaped, URL-encoded (`%20` and `+` for spaces),
 * and base64, standard and URL-safe, whole and at each of the three byte alignments it can have
 * inside a longer encoded text (`Basic base64(user:secret)`).
 */
export class Redactor {
  private readonly secrets = new Set<string>();
  private readonly forms = new Set<string>();
  private pattern: RegExp | null = null;

  constructor(values: Iterable<string> = []) {
    for (const v of values) this.add(v);
  }

  /** Registers one secret value (and its encoded forms); shorter than 4 characters: ignored. */
  add(value: string | undefined | null): void {
    if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH || this.secrets.has(value)) return;
    this.secrets.add(value);
    for (const f of formsOf(value)) this.forms.add(f);
    this.pattern = null;
  }

  /** Replaces the whole set (a reload: a secret that left the project is no longer masked). */
  reset(values: Iterable<string>): void {
    this.secrets.clear();
    this.forms.clear();
    this.pattern = null;
    for (const v of values) this.add(v);
  }

  /** Number of secret values registered. */
  get size(): number {
    return this.secrets.size;
  }

  /** The secret values themselves (to keep them out of a child's environment). */
  values(): ReadonlySet<string> {
    return this.secrets;
  }

  clear(): void {
    this.reset([]);
  }

  /** One string with every secret form replaced by `***`. */
  redact(text: string): string {
    if (this.forms.size === 0 || text.length < MIN_SECRET_LENGTH) return text;
    const re = this.regex();
    re.lastIndex = 0;
    return re.test(text) ? text.replace(re, REDACTED) : text;
  }

  /**
   * `value` with every string inside it (object keys included) redacted. Returns `value` itself
   * when nothing had to change, so `redactDeep(v) !== v` tells that a secret was masked. Objects
   * other than plain ones, arrays and Errors are kept as they are.
   */
  redactDeep<T>(value: T): T {
    if (this.forms.size === 0) return value;
    return this.deep(value, new Map()) as T;
  }

  private deep(value: unknown, seen: Map<object, unknown>): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (value === null || typeof value !== 'object') return value;
    if (seen.has(value)) return seen.get(value);
    seen.set(value, value); // a cycle back to an object still being walked keeps the original
    let out: unknown = value;
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const v: unknown = value[i];
        const m = this.deep(v, seen);
        if (m !== v && copy === undefined) copy = value.slice(0, i) as unknown[];
        copy?.push(m);
      }
      if (copy) out = copy;
    } else if (value instanceof Error) {
      const message = this.redact(value.message);
      const stack = value.stack === undefined ? undefined : this.redact(value.stack);
      if (message !== value.message || stack !== value.stack) {
        const copy = new Error(message);
        copy.name = value.name;
        if (stack !== undefined) copy.stack = stack;
        out = copy;
      }
    } else {
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return value;
      const entries = Object.entries(value);
      let changed = false;
      const next = entries.map(([k, v]): [string, unknown] => {
        const mk = this.redact(k);
        const mv = this.deep(v, seen);
        if (mk !== k || mv !== v) changed = true;
        return [mk, mv];
      });
      if (changed) out = Object.fromEntries(next);
    }
    seen.set(value, out);
    return out;
  }

  private regex(): RegExp {
    if (this.pattern === null) {
      // Longest first: alternation takes the first branch that matches, so a form that contains
      // another one (`ab\\` holds `ab\`) is replaced whole and nothing of it stays visible.
      const sorted = [...this.forms].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
      this.pattern = new RegExp(sorted.map(escapeRegExp).join('|'), 'g');
    }
    return this.pattern;
  }
}

/** The spellings of one secret that are masked; each at least 4 characters long. */
export function formsOf(value: string): string[] {
  const out = new Set<string>();
  const push = (s: string, min = MIN_SECRET_LENGTH) => {
    if (s.length >= min) out.add(s);
  };
  const texts = [value];
  if (/[\r\n]/.test(value)) {
    for (const line of value.split(/\r\n|\r|\n/)) if (line.trim().length >= MIN_SECRET_LENGTH) texts.push(line.trim());
  }
  for (const t of texts) {
    push(t);
    const json = JSON.stringify(t).slice(1, -1);
    push(json);
    push(json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
    const url = safeEncode(t);
    push(url);
    push(url.replace(/%20/g, '+'));
  }
  const bytes = Buffer.from(value, 'utf8');
  const b64 = [bytes.toString('base64').replace(/=+$/, '')];
  for (let shift = 0; shift < 3; shift++) {
    // Only the characters that depend on the secret's bytes alone: what precedes and follows it
    // in a longer encoded text changes the characters at both edges.
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64');
    b64.push(encoded.slice(Math.ceil((8 * shift) / 6), Math.floor((8 * (shift + bytes.length)) / 6)));
  }
  for (const [i, f] of b64.entries()) {
    const min = i === 0 ? MIN_SECRET_LENGTH : 6;
    push(f, min);
    push(f.replace(/\+/g, '-').replace(/\//g, '_'), min);
  }
  return [...out];
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function safeEncode(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return s; // lone surrogates
  }
}
