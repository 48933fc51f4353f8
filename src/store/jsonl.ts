import { errorMessage } from '../core/index.ts';
import type { KnowledgeEntry, KnowledgeInput, KnowledgeStore } from './knowledge.ts';
import type { StoreCore } from './types.ts';

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
    createdAt: new Date(e.createdAt).toISOString(),
    expiresAt: e.expiresAt === null ? null : new Date(e.expiresAt).toISOString(),
  });
}

function time(v: unknown, field: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  const t = typeof v === 'number' ? v : typeof v === 'string' ? Date.parse(v) : NaN;
  if (!Number.isFinite(t)) throw new Error(`${field} must be an ISO date or epoch milliseconds`);
  return t;
}

export function jsonlToInput(line: string): KnowledgeInput {
  const v = JSON.parse(line) as Record<string, unknown>;
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
  if (confidence !== undefined && typeof confidence !== 'number') throw new Error('confidence must be a number');
  const metadata = v.metadata;
  if (metadata !== undefined && (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata))) throw new Error('metadata must be an object');
  return {
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
}

export interface ImportResult {
  imported: number;
  duplicates: number;
  errors: { line: number; message: string }[];
}

/** Imports JSON Lines (blank lines ignored); bad lines are reported by number and skipped. */
export async function importJsonl(core: StoreCore, knowledge: KnowledgeStore, lines: AsyncIterable<string> | Iterable<string>): Promise<ImportResult> {
  const out: ImportResult = { imported: 0, duplicates: 0, errors: [] };
  let batch: { line: number; input: KnowledgeInput }[] = [];
  const flush = async () => {
    const items = batch;
    batch = [];
    await core.transaction((tx) => {
      for (const { line, input } of items) {
        try {
          const r = knowledge.insert(tx, input);
          if (r.duplicate) out.duplicates++;
          else out.imported++;
        } catch (err) {
          out.errors.push({ line, message: errorMessage(err) });
        }
      }
    });
  };
  let n = 0;
  for await (const raw of lines) {
    n++;
    const line = raw.trim();
    if (line === '') continue;
    try {
      batch.push({ line: n, input: jsonlToInput(line) });
    } catch (err) {
      out.errors.push({ line: n, message: errorMessage(err) });
    }
    if (batch.length >= 1000) await flush();
  }
  if (batch.length > 0) await flush();
  out.errors.sort((a, b) => a.line - b.line);
  return out;
}
