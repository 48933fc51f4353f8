import { errorMessage } from '../core/index.ts';
import { validateKnowledgeInput, MAX_TIME_MS, type KnowledgeEntry, type KnowledgeInput, type KnowledgeStore } from './knowledge.ts';
import type { StoreCore } from './types.ts';

/** Longest line `knowledge import` reads: one entry, with room for large content. */
export const MAX_JSONL_LINE_BYTES = 16 * 1024 * 1024;

/** A time as ISO when a date can show it; the raw number otherwise (a value from before import validated times). */
export function timeOut(t: number): string | number {
  return Number.isFinite(t) && t >= -MAX_TIME_MS && t <= MAX_TIME_MS ? new Date(t).toISOString() : t;
}

/** One exported line: the entry with ISO times (import also accepts epoch milliseconds). */
export function entryToJsonl(e: KnowledgeEntry): string {
  return JSON.stringify({
    id: e.id,
    category: e.category,
    agentId: e.agentId,
    content: e.content,
    metadata: e.metadata,
    confidence: e.confidence,
    source: e.source,
    createdAt: timeOut(e.createdAt),
    expiresAt: e.expiresAt === null ? null : timeOut(e.expiresAt),
  });
}

function time(v: unknown, field: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  const t = typeof v === 'number' ? v : typeof v === 'string' ? Date.parse(v) : NaN;
  if (!Number.isFinite(t) || t < 0 || t > MAX_TIME_MS) throw new Error(`${field} must be an ISO date or epoch milliseconds between 1970 and 9999 (got ${JSON.stringify(v)?.slice(0, 40)})`);
  return t;
}

/** Parses and checks one line; throws with a message fit to print after `file:line:`. */
export function jsonlToInput(line: string): KnowledgeInput {
  let v: Record<string, unknown>;
  try {
    v = JSON.parse(line) as Record<string, unknown>;
  } catch (err) {
    throw new Error(`not valid JSON: ${errorMessage(err)}`);
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error('each line must be a JSON object');
  const str = (k: string) => {
    const x = v[k];
    if (x !== undefined && x !== null && typeof x !== 'string') throw new Error(`${k} must be a string`);
    return x as string | null | undefined;
  };
  const category = str('category');
  if (!category) throw new Error('category is required');
  if (!('content' in v)) throw new Error('content is required');
  const confidence = v.confidence;
  if (confidence !== undefined && (typeof confidence !== 'number' || !(confidence >= 0 && confidence <= 1))) throw new Error(`confidence must be a number from 0 to 1 (got ${JSON.stringify(confidence)?.slice(0, 40)})`);
  const metadata = v.metadata;
  if (metadata !== undefined && (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata))) throw new Error('metadata must be an object');
  const input: KnowledgeInput = {
    category,
    content: v.content,
    id: str('id') ?? undefined,
    agentId: str('agentId') ?? null,
    source: str('source') ?? null,
    confidence,
    metadata: metadata as Record<string, unknown> | undefined,
    createdAt: time(v.createdAt, 'createdAt'),
    expiresAt: time(v.expiresAt, 'expiresAt') ?? null,
  };
  validateKnowledgeInput(input);
  return input;
}

export class LineTooLongError extends Error {
  override readonly name = 'LineTooLongError';
  constructor(
    readonly line: number,
    readonly limit: number,
  ) {
    super(`line is longer than ${limit} bytes; it was not read further`);
  }
}

/**
 * Splits a byte stream into lines (LF or CRLF), numbered from 1. A line longer than `maxBytes`
 * throws LineTooLongError as soon as its length passes the limit: no more than `maxBytes` of one
 * line is ever held.
 */
export async function* readLines(source: AsyncIterable<Buffer | string> | Iterable<Buffer | string>, maxBytes = MAX_JSONL_LINE_BYTES): AsyncGenerator<{ line: number; text: string }> {
  let parts: Buffer[] = [];
  let size = 0;
  let line = 1;
  const take = () => {
    let b = parts.length === 1 ? parts[0]! : Buffer.concat(parts, size);
    if (b.length > 0 && b[b.length - 1] === 0x0d) b = b.subarray(0, b.length - 1);
    parts = [];
    size = 0;
    return b.toString('utf8');
  };
  for await (const chunk of source) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(0x0a, start);
      const end = nl < 0 ? buf.length : nl;
      if (size + (end - start) > maxBytes) throw new LineTooLongError(line, maxBytes);
      if (end > start) {
        parts.push(buf.subarray(start, end));
        size += end - start;
      }
      if (nl < 0) break;
      yield { line, text: take() };
      line++;
      start = nl + 1;
    }
  }
  if (size > 0) yield { line, text: take() };
}

export interface JsonlProblem {
  line: number;
  message: string;
}

/** The entries of a JSON Lines source (blank lines skipped); the first bad line throws JsonlLineError. */
export class JsonlLineError extends Error {
  override readonly name = 'JsonlLineError';
  constructor(readonly line: number, message: string) {
    super(message);
  }
}

export async function* jsonlEntries(source: AsyncIterable<Buffer | string>, maxLineBytes = MAX_JSONL_LINE_BYTES): AsyncGenerator<{ line: number; input: KnowledgeInput }> {
  try {
    for await (const { line, text } of readLines(source, maxLineBytes)) {
      if (text.trim() === '') continue;
      try {
        yield { line, input: jsonlToInput(text) };
      } catch (err) {
        throw new JsonlLineError(line, errorMessage(err));
      }
    }
  } catch (err) {
    if (err instanceof LineTooLongError) throw new JsonlLineError(err.line, err.message);
    throw err;
  }
}

/**
 * Checks every line of a JSON Lines source without writing anything: the bad lines (up to
 * `maxProblems`, plus how many there were) and the number of entries. A line over the size
 * limit ends the check there.
 */
export async function checkJsonl(source: AsyncIterable<Buffer | string> | Iterable<Buffer | string>, opts: { maxProblems?: number; maxLineBytes?: number } = {}): Promise<{ entries: number; problems: JsonlProblem[]; problemCount: number }> {
  const max = opts.maxProblems ?? 20;
  const out = { entries: 0, problems: [] as JsonlProblem[], problemCount: 0 };
  const note = (line: number, message: string) => {
    out.problemCount++;
    if (out.problems.length < max) out.problems.push({ line, message });
  };
  try {
    for await (const { line, text } of readLines(source, opts.maxLineBytes)) {
      if (text.trim() === '') continue;
      try {
        jsonlToInput(text);
        out.entries++;
      } catch (err) {
        note(line, errorMessage(err));
      }
    }
  } catch (err) {
    if (!(err instanceof LineTooLongError)) throw err;
    note(err.line, err.message);
  }
  return out;
}

export interface ImportResult {
  imported: number;
  duplicates: number;
}

/** Thrown when a write fails part way: the entries before `line` are in the store, the rest are not. */
export class ImportStoppedError extends Error {
  override readonly name = 'ImportStoppedError';
  constructor(
    readonly line: number,
    readonly done: ImportResult,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Imports entries that checkJsonl has passed, in transactions of 1,000. Bad input was refused
 * before anything was written; only a failing write (disk, a fenced store) can stop it part way,
 * and then ImportStoppedError says which line was the first not imported.
 */
export async function importJsonl(core: StoreCore, knowledge: KnowledgeStore, entries: AsyncIterable<{ line: number; input: KnowledgeInput }>): Promise<ImportResult> {
  const out: ImportResult = { imported: 0, duplicates: 0 };
  let batch: { line: number; input: KnowledgeInput }[] = [];
  const flush = async () => {
    const items = batch;
    batch = [];
    try {
      const counts = await core.transaction((tx) => {
        let imported = 0;
        let duplicates = 0;
        for (const { input } of items) {
          if (knowledge.insert(tx, input).duplicate) duplicates++;
          else imported++;
        }
        return { imported, duplicates };
      });
      out.imported += counts.imported;
      out.duplicates += counts.duplicates;
    } catch (err) {
      throw new ImportStoppedError(items[0]!.line, { ...out }, errorMessage(err));
    }
  };
  try {
    for await (const e of entries) {
      batch.push(e);
      if (batch.length >= 1000) await flush();
    }
  } catch (err) {
    if (err instanceof ImportStoppedError) throw err;
    // The source changed since it was checked: the pending batch is dropped, the flushed ones stay.
    const line = batch[0]?.line ?? (err instanceof JsonlLineError ? err.line : 0);
    throw new ImportStoppedError(line, { ...out }, err instanceof JsonlLineError ? `line ${err.line}: ${err.message}` : errorMessage(err));
  }
  if (batch.length > 0) await flush();
  return out;
}
