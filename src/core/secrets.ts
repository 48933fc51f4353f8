import type { Logger } from './log.ts';
import { Redactor } from './redactor.ts';

export { parseDotenv, readDotenvFile } from './dotenv.ts';
export { MIN_SECRET_LENGTH, REDACTED, Redactor, formsOf } from './redactor.ts';

/**
 * The secrets of one open project (docs/security.md): the values of the names its specs reference
 * as `${{ secrets.NAME }}` and its credentials (provider and MCP keys, the HTTP API key). Nothing
 * else is a secret, so an ordinary `.env` setting (`FEATURE_FLAG=true`) is never masked.
 *
 * `scope` is what expressions see as `secrets`: exactly the referenced names (unset ones are
 * present and undefined); reading any other name is an error in the evaluator. `redactor` masks
 * the values at every exit of the project. Both objects keep their identity across `update`, so
 * an engine or server holding them sees a reload.
 */
export class ProjectSecrets {
  readonly scope: Record<string, string | undefined> = {};
  readonly redactor = new Redactor();
  /** Credentials made at run time (a generated API key): kept across reloads. */
  private readonly extra = new Set<string>();

  /** Adds a credential that is not in the specs (e.g. an API key amas generated). */
  addCredential(value: string | undefined): void {
    if (value === undefined) return;
    this.extra.add(value);
    this.redactor.add(value);
  }

  /** Values come from the environment first, then `.env`. */
  update(names: Iterable<string>, credentials: Iterable<string | undefined>, env: Record<string, string | undefined>, dotenv: Record<string, string>): void {
    for (const k of Object.keys(this.scope)) delete this.scope[k];
    const values: string[] = [];
    for (const name of names) {
      const v = secretValue(name, env, dotenv);
      this.scope[name] = v;
      if (v !== undefined) values.push(v);
    }
    for (const c of credentials) if (c !== undefined) values.push(c);
    this.redactor.reset([...values, ...this.extra]);
  }
}

/** A secret's value: the environment wins over `.env` (a deployment replaces a developer's file). */
export function secretValue(name: string, env: Record<string, string | undefined>, dotenv: Record<string, string>): string | undefined {
  const fromEnv = env[name];
  if (fromEnv !== undefined) return fromEnv;
  return Object.hasOwn(dotenv, name) ? dotenv[name] : undefined;
}

/**
 * The redactors of the projects open in this process, for the CLI's last line of defence on
 * stdout/stderr. Nothing else reads it: every exit of a project masks with that project's own
 * redactor, so two projects in one process never see each other's secrets.
 */
class OutputGuard {
  private readonly members = new Set<Redactor>();

  attach(r: Redactor): () => void {
    this.members.add(r);
    return () => void this.members.delete(r);
  }

  get active(): boolean {
    for (const r of this.members) if (r.size > 0) return true;
    return false;
  }

  redact(text: string): string {
    let out = text;
    for (const r of this.members) out = r.redact(out);
    return out;
  }

  redactDeep<T>(value: T): T {
    let out = value;
    for (const r of this.members) out = r.redactDeep(out);
    return out;
  }
}

export const outputGuard = new OutputGuard();

/**
 * Text about to be written to a terminal or pipe, masked without breaking JSON: a chunk (or a
 * line of it) that parses as JSON is masked as values and written again only if something
 * changed; anything else is masked as text. Data should already be masked before it was
 * serialized; this only catches what slipped through.
 */
export function guardOutput(text: string): string {
  if (!outputGuard.active || text.length < 4) return text;
  const whole = asJson(text);
  if (whole !== undefined) return whole;
  if (!text.includes('\n')) return outputGuard.redact(text);
  return text
    .split('\n')
    .map((line) => asJson(line) ?? outputGuard.redact(line))
    .join('\n');
}

function asJson(text: string): string | undefined {
  const t = text.trim();
  if (!((t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']')))) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(t);
  } catch {
    return undefined;
  }
  const masked = outputGuard.redactDeep(parsed);
  if (masked === parsed) return text;
  const indent = /^[{[]\n( +)/.exec(t)?.[1]?.length ?? 0;
  const lead = text.slice(0, text.indexOf(t[0]!));
  const trail = text.slice(text.lastIndexOf(t[t.length - 1]!) + 1);
  return `${lead}${JSON.stringify(masked, null, indent || undefined)}${trail}`;
}

/** A logger whose messages and fields pass through `redactor` before reaching `inner`. */
export function redactingLogger(inner: Logger, redactor: Pick<Redactor, 'redact' | 'redactDeep'>): Logger {
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
