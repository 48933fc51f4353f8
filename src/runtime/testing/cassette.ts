import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { AmasError, errorMessage, type Redactor } from '../../core/index.ts';
import type { CallKind } from '../../agents/index.ts';

/**
 * A test's recorded calls (tests.d/cassettes/<test>.json): every model, http and mcp call the
 * workflow made, in order, with the request as sent (normalised, secrets masked) and the answer.
 */
export interface Cassette {
  version: 1;
  test: string;
  /** Present when the answers were written by hand, not recorded: says so and how to re-record. */
  synthetic?: string;
  calls: CassetteCall[];
}

export interface CassetteCall {
  kind: CallKind;
  request: Record<string, unknown>;
  /** The answer as plain JSON (http/llm: `{ status, headers, body }`; mcp: the tool result). */
  response?: unknown;
  /** The call failed without an answer (network error, lost MCP connection): its message. */
  error?: string;
}

const KINDS: readonly string[] = ['llm', 'http', 'mcp'];

/** Reads a cassette; undefined when the file does not exist. Malformed files are a clear error. */
/** `shown` names the file in messages (the path relative to the project). */
export function readCassette(path: string, shown: string = path): Cassette | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new AmasError('AMAS_CASSETTE', `cannot read cassette ${shown}: ${errorMessage(err)}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new AmasError('AMAS_CASSETTE', `cassette ${shown} is not JSON: ${errorMessage(err)}`, { hint: 're-record it with `amas test --record`' });
  }
  const c = data as Partial<Cassette> | null;
  if (!c || typeof c !== 'object' || c.version !== 1 || !Array.isArray(c.calls)) {
    throw new AmasError('AMAS_CASSETTE', `cassette ${shown} is not an amas cassette (version 1 with a calls list)`, { hint: 're-record it with `amas test --record`' });
  }
  c.calls.forEach((call, i) => {
    const ok = call && typeof call === 'object' && KINDS.includes(call.kind) && call.request && typeof call.request === 'object' && !Array.isArray(call.request);
    if (!ok) throw new AmasError('AMAS_CASSETTE', `cassette ${shown}: calls[${i}] needs a kind (llm, http or mcp) and a request object`);
  });
  return c as Cassette;
}

/**
 * Writes a cassette: masked by the project's redactor (the one exit a cassette passes), keys
 * sorted at every level and pretty-printed, so a re-recording diffs line by line in review.
 * Written to a temporary file and renamed: a crash never leaves half a cassette.
 */
export function writeCassette(path: string, cassette: Cassette, redactor: Redactor): void {
  const masked = redactor.redactDeep(cassette);
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(sortKeys(masked), null, 2)}\n`);
  renameSync(tmp, path);
}

/** A copy with object keys sorted at every level ('version', 'test', 'synthetic' first at the top for readers). */
export function sortKeys(v: unknown, top = true): unknown {
  if (Array.isArray(v)) return v.map((x) => sortKeys(x, false));
  if (v === null || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  const first = top ? ['version', 'test', 'synthetic'] : [];
  const keys = [...first.filter((k) => k in o), ...Object.keys(o).filter((k) => !first.includes(k)).sort()];
  const out: Record<string, unknown> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = sortKeys(o[k], false);
  return out;
}
