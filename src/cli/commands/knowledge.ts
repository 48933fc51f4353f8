import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { AmasError, parseDuration } from '../../core/index.ts';
import type { KnowledgeEntry, KnowledgeInput, SearchHit, StoreResult } from '../../store/index.ts';
import type { CommandStore } from '../../runtime/index.ts';
import { action } from '../action.ts';
import { printJson, projectDir, viaRuntimeOr } from '../target.ts';
import { stdout, stderr } from '../out.ts';

interface Common {
  dir: string;
  json?: boolean;
}

function usage(message: string, hint?: string): AmasError {
  return new AmasError('AMAS_USAGE', message, { exitCode: 2, hint });
}

function num(v: string | undefined, name: string, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max) throw usage(`${name} must be a number from ${min} to ${max} (got "${v}")`);
  return n;
}

/**
 * Opens the project's store itself: the embedded file read-only for reads (works beside a running
 * writer) and as the writer otherwise, or the PostgreSQL store every process shares.
 */
async function withStore<T>(dir: string, write: boolean, fn: (store: CommandStore) => Promise<T>): Promise<T> {
  const { openCommandStore } = await import('../../runtime/index.ts');
  const store = await openCommandStore(projectDir(dir), { write });
  for (const w of store.warnings) await stderr.write(`amas: warning: ${w}\n`);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** A stored time for people; a value no date can show (from before import checked times) is printed as the number. */
const iso = (t: number | null) => (t === null ? '-' : Number.isFinite(t) && Math.abs(t) <= 8.64e15 ? new Date(t).toISOString() : String(t));
const short = (v: unknown, n = 60) => {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
};

async function printEntries(entries: KnowledgeEntry[], json: boolean | undefined): Promise<void> {
  if (json) return printJson(entries);
  if (entries.length === 0) return stdout.write('no entries\n');
  for (const e of entries) {
    await stdout.write(`${e.id}  ${e.category}  ${e.agentId ?? '-'}  ${iso(e.createdAt)}  conf ${e.confidence}  ${short(e.content)}\n`);
  }
}

/** Copies standard input to a private temporary file, so that import can check it all before writing, then read it again. */
async function spoolStdin(): Promise<{ dir: string; file: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amas-import-'));
  const file = path.join(dir, 'stdin.jsonl');
  try {
    await pipeline(process.stdin, fs.createWriteStream(file, { mode: 0o600 }));
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return { dir, file };
}

export function registerKnowledge(program: Command): void {
  const kb = program
    .command('knowledge')
    .description('the knowledge base: list, get, put, search, delete, prune, export, import')
    .addHelpText(
      'after',
      `
While \`amas up\` runs, list/get/put/search/delete/prune go through it (it owns the store);
otherwise they open the project's store (amas.yaml store.path, default .amas/amas.db).

Examples:
  amas knowledge put --category writing_patterns --content '{"tip": "short intros"}' --expires 7d
  amas knowledge list --category writing_patterns --limit 5
  amas knowledge search "intro*" --min-confidence 0.5
  amas knowledge delete --category task_execution --older-than 7d

Search leaves out the entries amas writes itself per step and run (task_execution,
workflow_execution) unless --include-bookkeeping or --category names one; amas.yaml
store.bookkeeping_retention (default 30d) says how long they are kept.
  amas knowledge export kb.jsonl && amas knowledge import kb.jsonl --dir ../other-project`,
    );
  const dirOpt = (c: Command) => c.option('--dir <dir>', 'project directory', '.').option('--json', 'print JSON');

  dirOpt(kb.command('list').description('live entries, newest first'))
    .option('-c, --category <category>', 'only this category')
    .option('-a, --agent <agent>', 'only this agent')
    .option('-n, --limit <n>', 'at most this many', '20')
    .action(
      action(async (opts: Common & { category?: string; agent?: string; limit: string }) => {
        const q = { category: opts.category, agentId: opts.agent, limit: num(opts.limit, '--limit', 0, 1e6) };
        const entries = await viaRuntimeOr(
          opts.dir,
          (c) => c.call<KnowledgeEntry[]>('knowledge.list', q),
          () => withStore(opts.dir, false, (s) => s.knowledge.retrieve(q)),
        );
        await printEntries(entries, opts.json);
      }),
    );

  dirOpt(kb.command('get').description('one entry by id').argument('<id>', 'entry id')).action(
    action(async (id: string, opts: Common) => {
      const e = await viaRuntimeOr(
        opts.dir,
        (c) => c.call<KnowledgeEntry | null>('knowledge.get', { id }),
        () => withStore(opts.dir, false, async (s) => (await s.knowledge.get(id)) ?? null),
      );
      if (!e) throw new AmasError('AMAS_NOT_FOUND', `no live knowledge entry with id ${id}`, { hint: 'it may have expired; see amas knowledge list' });
      if (opts.json) await printJson(e);
      else await printJson({ ...e, createdAt: iso(e.createdAt), expiresAt: iso(e.expiresAt) });
    }),
  );

  dirOpt(kb.command('put').description('store an entry (identical content in a category is stored once)'))
    .requiredOption('-c, --category <category>', 'category')
    .requiredOption('--content <json>', 'content as JSON (a bare word is taken as a string)')
    .option('-a, --agent <agent>', 'agent id')
    .option('--confidence <x>', 'confidence 0..1', '1')
    .option('--source <source>', 'where it came from', 'cli')
    .option('--expires <duration>', 'expire after e.g. 30m, 7d')
    .action(
      action(async (opts: Common & { category: string; content: string; agent?: string; confidence: string; source: string; expires?: string }) => {
        let content: unknown;
        try {
          content = JSON.parse(opts.content);
        } catch {
          if (/^[\s{["]/.test(opts.content)) throw usage('--content is not valid JSON', `quote it for the shell: --content '{"key": "value"}'`);
          content = opts.content;
        }
        let ttlMs: number | undefined;
        try {
          ttlMs = opts.expires === undefined ? undefined : parseDuration(opts.expires);
        } catch (err) {
          throw usage(`--expires: ${(err as Error).message}`);
        }
        const input: KnowledgeInput = { category: opts.category, content, agentId: opts.agent ?? null, confidence: num(opts.confidence, '--confidence', 0, 1), source: opts.source, ttlMs };
        const r = await viaRuntimeOr(
          opts.dir,
          (c) => c.call<StoreResult>('knowledge.put', input),
          () => withStore(opts.dir, true, (s) => s.knowledge.store(input)),
        );
        if (opts.json) await printJson(r);
        else await stdout.write(r.duplicate ? `duplicate of ${r.id} (identical content already in ${opts.category})\n` : `stored ${r.id}\n`);
      }),
    );

  dirOpt(kb.command('search').description('full-text search, best match first (every word must occur; word* matches a prefix)').argument('<query>', 'words to look for'))
    .option('-c, --category <category>', 'only this category')
    .option('--min-confidence <x>', 'only entries at least this confident')
    .option('-n, --limit <n>', 'at most this many', '10')
    .option('--include-bookkeeping', 'also search the entries amas writes per step and run (task_execution, workflow_execution)')
    .action(
      action(async (query: string, opts: Common & { category?: string; minConfidence?: string; limit: string; includeBookkeeping?: boolean }) => {
        const q = {
          category: opts.category,
          minConfidence: num(opts.minConfidence, '--min-confidence', 0, 1),
          limit: num(opts.limit, '--limit', 0, 1e6),
          ...(opts.includeBookkeeping ? { includeBookkeeping: true } : {}),
        };
        const hits = await viaRuntimeOr(
          opts.dir,
          (c) => c.call<SearchHit[]>('knowledge.search', { query, ...q }),
          () => withStore(opts.dir, false, (s) => s.knowledge.search(query, q)),
        );
        if (opts.json) return await printJson(hits);
        if (hits.length === 0) return void await stdout.write('no matches\n');
        for (const h of hits) await stdout.write(`${h.score.toFixed(3)}  ${h.entry.id}  ${h.entry.category}  ${h.snippet.replace(/\s+/g, ' ')}\n`);
      }),
    );

  dirOpt(kb.command('prune').description('delete expired entries')).action(
    action(async (opts: Common) => {
      const r = await viaRuntimeOr(
        opts.dir,
        (c) => c.call<{ pruned: number }>('knowledge.prune', {}),
        () => withStore(opts.dir, true, async (s) => ({ pruned: await s.knowledge.prune() })),
      );
      if (opts.json) await printJson(r);
      else await stdout.write(`pruned ${r.pruned} expired ${r.pruned === 1 ? 'entry' : 'entries'}\n`);
    }),
  );

  dirOpt(
    kb
      .command('delete')
      .description('delete entries by id, or every entry of a category and/or older than a duration')
      .argument('[ids...]', 'entry ids'),
  )
    .option('-c, --category <category>', 'every entry of this category (with --older-than: only the older ones)')
    .option('--older-than <duration>', 'only entries created longer ago than this, e.g. 7d')
    .action(
      action(async (ids: string[], opts: Common & { category?: string; olderThan?: string }) => {
        if (ids.length > 0 && (opts.category !== undefined || opts.olderThan !== undefined)) {
          throw usage('give entry ids, or --category/--older-than, not both', 'amas knowledge delete ID… | amas knowledge delete --category C [--older-than 30d]');
        }
        if (ids.length === 0 && opts.category === undefined && opts.olderThan === undefined) {
          throw usage('nothing to delete: give entry ids, --category or --older-than', 'amas knowledge delete kn_… | amas knowledge delete --category task_execution --older-than 7d');
        }
        let olderThanMs: number | undefined;
        try {
          olderThanMs = opts.olderThan === undefined ? undefined : parseDuration(opts.olderThan);
        } catch (err) {
          throw usage(`--older-than: ${(err as Error).message}`);
        }
        const q = { ...(ids.length ? { ids } : {}), ...(opts.category === undefined ? {} : { category: opts.category }), ...(olderThanMs === undefined ? {} : { olderThanMs }) };
        const r = await viaRuntimeOr(
          opts.dir,
          (c) => c.call<{ deleted: number }>('knowledge.delete', q),
          () =>
            withStore(opts.dir, true, async (s) => ({
              deleted: await s.knowledge.remove({ ...q, ...(olderThanMs === undefined ? {} : { before: Date.now() - olderThanMs }) }),
            })),
        );
        if (opts.json) await printJson(r);
        else await stdout.write(`deleted ${r.deleted} ${r.deleted === 1 ? 'entry' : 'entries'}\n`);
        // Ids that matched nothing are worth knowing about (a typo, or already gone).
        if (ids.length > 0 && r.deleted < ids.length) {
          await stderr.write(`amas: warning: ${ids.length - r.deleted} of ${ids.length} ids matched no entry\n`);
          return 1;
        }
      }),
    );

  kb.command('export')
    .description('write every live entry as JSON Lines')
    .argument('[file]', 'output file, or - for stdout', '-')
    .option('--dir <dir>', 'project directory', '.')
    .action(
      action(async (file: string, opts: { dir: string }) => {
        const { entryToJsonl } = await import('../../store/index.ts');
        const n = await withStore(opts.dir, false, async (s) => {
          let count = 0;
          if (file === '-') {
            // stdout may be a pipe to a slow reader: write at its pace (a blocking writeSync on
            // a non-blocking pipe fails with EAGAIN part-way)
            for await (const e of s.knowledge.entries()) {
              await stdout.write(`${entryToJsonl(e)}\n`);
              count++;
            }
            return count;
          }
          const fd = fs.openSync(file, 'w');
          try {
            for await (const e of s.knowledge.entries()) {
              fs.writeSync(fd, `${entryToJsonl(e)}\n`);
              count++;
            }
          } finally {
            fs.closeSync(fd);
          }
          return count;
        });
        if (file !== '-') await stderr.write(`exported ${n} entries to ${file}\n`);
      }),
    );

  dirOpt(kb.command('import').description('read JSON Lines (as written by export) into the knowledge base').argument('[file]', 'input file, or - for stdin', '-'))
    .addHelpText(
      'after',
      `
Every line is checked before anything is written (a JSON object with category and content;
createdAt/expiresAt an ISO date or epoch ms between 1970 and 9999; confidence 0..1; names up to
256 characters; a line at most 16 MiB). One bad line and nothing is imported: the bad lines are
listed as file:line: message, exit code 1. Standard input is first copied to a temporary file.`,
    )
    .action(
      action(async (file: string, opts: Common) => {
        const { checkJsonl, importJsonl, jsonlEntries, ImportStoppedError } = await import('../../store/index.ts');
        if (file !== '-' && !fs.existsSync(file)) throw usage(`no such file: ${file}`);
        const label = file === '-' ? '<stdin>' : file;
        const spooled = file === '-' ? await spoolStdin() : undefined;
        const src = spooled?.file ?? file;
        try {
          const check = await checkJsonl(fs.createReadStream(src));
          if (check.problemCount > 0) {
            const errors = check.problems;
            if (opts.json) await printJson({ imported: 0, duplicates: 0, errors, errorCount: check.problemCount });
            else {
              for (const e of errors) await stderr.write(`${label}:${e.line}: ${e.message}\n`);
              const more = check.problemCount > errors.length ? ` (the first ${errors.length} shown)` : '';
              await stderr.write(`amas: nothing imported: ${check.problemCount} bad ${check.problemCount === 1 ? 'line' : 'lines'}${more}, first at ${label}:${errors[0]!.line}\n`);
            }
            return 1;
          }
          const entries = () => jsonlEntries(fs.createReadStream(src));
          // One entry at a time through a writer that is not the embedded file itself (amas up, PostgreSQL).
          const oneByOne = async (put: (input: KnowledgeInput) => Promise<StoreResult>) => {
            const out = { imported: 0, duplicates: 0 };
            let current = 0;
            try {
              for await (const e of entries()) {
                current = e.line;
                const res = await put(e.input);
                if (res.duplicate) out.duplicates++;
                else out.imported++;
              }
            } catch (err) {
              throw new ImportStoppedError(current, out, (err as Error).message);
            }
            return out;
          };
          const r = await viaRuntimeOr(
            opts.dir,
            (c) => oneByOne((input) => c.call<StoreResult>('knowledge.put', input)),
            () => withStore(opts.dir, true, (s) => (s.kind === 'embedded' ? importJsonl(s.store, s.store.knowledge, entries()) : oneByOne((input) => s.knowledge.store(input)))),
          );
          if (opts.json) await printJson({ ...r, errors: [] });
          else await stdout.write(`imported ${r.imported}, duplicates ${r.duplicates}\n`);
          return 0;
        } catch (err) {
          if (!(err instanceof ImportStoppedError)) throw err;
          const { imported, duplicates } = err.done;
          throw new AmasError('AMAS_IMPORT_STOPPED', `import stopped at ${label}:${err.line}: ${err.message}`, {
            hint: `${imported} entries (and ${duplicates} duplicates) from the lines before it are in the store; nothing from line ${err.line} on`,
          });
        } finally {
          if (spooled) fs.rmSync(spooled.dir, { recursive: true, force: true });
        }
      }),
    );
}
