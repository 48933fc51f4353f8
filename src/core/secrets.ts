import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from './log.ts';

/**
 * Parses a `.env` file: `KEY=VALUE` lines, `export ` prefix, `#` comments, single quotes (literal),
 * double quotes (with \n \t \" \\ escapes, may span lines) and trailing ` # comment` on unquoted values.
 */
export function parseDotenv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const src = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  let i = 0;
  while (i < src.length) {
    let end = src.indexOf('\n', i);
    if (end < 0) end = src.length;
    const line = src.slice(i, end);
    i = end + 1;
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue; // blank, comment or junk line: ignored as other dotenv readers do
    const key = m[1]!;
    let rest = m[2]!;
    const q = rest[0];
    if (q === '"' || q === "'" || q === '`') {
      // A quoted value may continue on the following lines until its closing quote.
      let body = rest.slice(1);
      let close = findClose(body, q);
      while (close < 0 && i < src.length) {
        let next = src.indexOf('\n', i);
        if (next < 0) next = src.length;
        body += '\n' + src.slice(i, next);
        i = next + 1;
        close = findClose(body, q);
      }
      const raw = close < 0 ? body : body.slice(0, close);
      out[key] = q === '"' ? unescapeDouble(raw) : raw;
      continue;
    }
    const hash = rest.search(/\s#/);
    if (hash >= 0) rest = rest.slice(0, hash);
    out[key] = rest.trim();
  }
  return out;
}

function findClose(body: string, q: string): number {
  for (let k = 0; k < body.length; k++) {
    if (body[k] === '\\' && q === '"') {
      k++;
      continue;
    }
    if (body[k] === q) return k;
  }
  return -1;
}

function unescapeDouble(raw: string): string {
  return raw.replace(/\\([nrt"\\])/g, (_m, c: string) => ({ n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' })[c] ?? c);
}

/**
 * The values `${{ secrets.NAME }}` may read: the project's `.env` file, overridden by the
 * environment (so a deployment can replace a developer's file without editing it).
 * Values that come from `.env` are registered with `globalRedactor` at once: the file exists to hold secrets.
 */
export function loadSecrets(projectDir: string, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  let fromFile: Record<string, string> = {};
  try {
    fromFile = parseDotenv(readFileSync(join(projectDir, '.env'), 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  for (const v of Object.values(fromFile)) globalRedactor.add(v);
  const out: Record<string, string> = { ...fromFile };
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}

/**
 * A `secrets` scope for expressions that registers each value with the redactor when it is read.
 * Only secrets a spec actually uses get redacted, so ordinary environment values (PATH, HOME, "true")
 * never turn into `***` in unrelated output.
 */
export function secretsScope(secrets: Record<string, string>, redactor: Redactor = globalRedactor): Record<string, string> {
  return new Proxy(secrets, {
    get(target, prop, receiver) {
      const v: unknown = Reflect.get(target, prop, receiver);
      if (typeof prop === 'string' && typeof v === 'string' && Object.hasOwn(target, prop)) redactor.add(v);
      return v;
    },
  });
}

const MIN_SECRET_LENGTH = 4;
export const REDACTED = '***';

/**
 * Replaces registered secret values with `***`. Values shorter than 4 characters are ignored
 * (redacting "1" or "yes" would shred every text). Each secret is also matched in its JSON-escaped
 * and URL-encoded spellings, since it often reaches output inside a JSON string or a URL.
 */
export class Redactor {
  private readonly values = new Set<string>();
  private pattern: RegExp | null = null;
  private dirty = false;

  add(value: string | undefined | null): void {
    if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) return;
    for (const v of [value, JSON.stringify(value).slice(1, -1), safeEncode(value)]) {
      if (v.length >= MIN_SECRET_LENGTH && !this.values.has(v)) {
        this.values.add(v);
        this.dirty = true;
      }
    }
  }

  get size(): number {
    return this.values.size;
  }

  /** Forgets every value (tests; a project closing in a long-lived host). */
  clear(): void {
    this.values.clear();
    this.pattern = null;
    this.dirty = false;
  }

  redact(text: string): string {
    if (this.values.size === 0 || text.length < MIN_SECRET_LENGTH) return text;
    const re = this.regex();
    re.lastIndex = 0;
    return text.replace(re, REDACTED);
  }

  /** A copy of `value` with every string (and object key) redacted; non-plain objects other than Errors are kept as they are. */
  redactDeep<T>(value: T): T {
    if (this.values.size === 0) return value;
    return this.deep(value, new WeakMap()) as T;
  }

  private deep(value: unknown, seen: WeakMap<object, unknown>): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (value === null || typeof value !== 'object') return value;
    const done = seen.get(value);
    if (done !== undefined) return done;
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      seen.set(value, out);
      for (const item of value) out.push(this.deep(item, seen));
      return out;
    }
    if (value instanceof Error) {
      const copy = new Error(this.redact(value.message));
      copy.name = value.name;
      if (value.stack !== undefined) copy.stack = this.redact(value.stack);
      seen.set(value, copy);
      return copy;
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return value;
    const out: Record<string, unknown> = {};
    seen.set(value, out);
    for (const [k, v] of Object.entries(value)) out[this.redact(k)] = this.deep(v, seen);
    return out;
  }

  private regex(): RegExp {
    if (this.pattern === null || this.dirty) {
      // Longest first: alternation takes the first branch that matches, so a secret that contains
      // another one is replaced whole rather than leaving its remainder visible.
      const sorted = [...this.values].sort((a, b) => b.length - a.length);
      this.pattern = new RegExp(sorted.map(escapeRegExp).join('|'), 'g');
      this.dirty = false;
    }
    return this.pattern;
  }
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

/** The process-wide redactor: every layer that writes or shows anything passes text through it. */
export const globalRedactor = new Redactor();

export function redactSecrets(text: string): string {
  return globalRedactor.redact(text);
}

export function redactDeep<T>(value: T): T {
  return globalRedactor.redactDeep(value);
}

export function registerSecret(value: string | undefined | null): void {
  globalRedactor.add(value);
}

/** A logger whose messages and fields pass through the redactor before reaching `inner`. */
export function redactingLogger(inner: Logger, redactor: Redactor = globalRedactor): Logger {
  const wrap =
    (fn: (msg: string, fields?: Record<string, unknown>) => void) =>
    (msg: string, fields?: Record<string, unknown>): void => {
      fn(redactor.redact(msg), fields === undefined ? undefined : redactor.redactDeep(fields));
    };
  return {
    debug: wrap(inner.debug.bind(inner)),
    info: wrap(inner.info.bind(inner)),
    warn: wrap(inner.warn.bind(inner)),
    error: wrap(inner.error.bind(inner)),
  };
}
