import fs from 'node:fs';
import type { Command } from 'commander';
import { AmasError } from '../../core/index.ts';
import { action } from '../action.ts';
import { existingDir, printJson } from '../target.ts';
import { stdout } from '../out.ts';

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1000, kib: 1024, m: 1024 ** 2, mb: 1000 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1000 ** 3, gib: 1024 ** 3 };

/** `512MiB`, `2G`, `1000000` → bytes; undefined for anything else. */
export function parseSize(v: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(v);
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) return undefined;
  const n = Math.floor(Number(m[1]) * unit);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

export function registerRestore(program: Command): void {
  program
    .command('restore')
    .description('restore the store (and project files) from a backup archive, keeping a copy of what it replaces')
    .argument('<archive>', 'a .tar.gz written by amas backup')
    .argument('[dir]', 'project directory', '.')
    .option('--db-only', 'restore only the database, leave every project file alone')
    .option('--max-size <size>', 'refuse an archive that decompresses to more than this (e.g. 4GiB; env AMAS_RESTORE_MAX_SIZE)', '1GiB')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `
Nothing is changed until the whole archive is verified: every member against the manifest's
SHA-256, every path (inside the project; never .env, .amas/, node_modules/), the database
(SQLite header, integrity check, a schema this amas knows, sane sequence numbers), and the
decompressed size (--max-size; a gzip bomb is cut off there). Refuses while a writer (amas up)
holds the store.

The previous database and journal, and every project file whose content the restore changes,
are kept in <store dir>/restore-backup-<time>/ (store/ and project/ inside); the command prints
where. Files the archive does not hold are left as they are.

Examples:
  amas restore .amas/backups/amas-backup-20260101T090000000Z.tar.gz
  amas restore /backups/amas.tar.gz ./my-project --db-only`,
    )
    .action(
      action(async (archive: string, dir: string, opts: { dbOnly?: boolean; maxSize: string; json?: boolean }, cmd: Command) => {
        if (!fs.existsSync(archive)) throw new AmasError('AMAS_USAGE', `no such archive: ${archive}`, { exitCode: 2 });
        const fromFlag = cmd.getOptionValueSource('maxSize') === 'cli';
        const raw = fromFlag ? opts.maxSize : (process.env['AMAS_RESTORE_MAX_SIZE'] ?? opts.maxSize);
        const maxBytes = parseSize(raw);
        if (maxBytes === undefined) {
          throw new AmasError('AMAS_USAGE', `${fromFlag ? '--max-size' : 'AMAS_RESTORE_MAX_SIZE'} must be a size such as 512MiB or 4GiB (got "${raw}")`, { exitCode: 2 });
        }
        const target = existingDir(dir);
        await (await import('../../runtime/index.ts')).refuseForPostgresAt(target, 'amas restore');
        const { restoreBackup } = await import('../../store/index.ts');
        const r = await restoreBackup(archive, target, { dbOnly: opts.dbOnly, maxBytes });
        if (opts.json) return await printJson(r);
        await stdout.write(`restored backup of ${r.manifest.createdAt} (${r.restored.length} files written, ${r.unchanged.length} already identical)\n`);
        for (const f of r.restored) await stdout.write(`  ${f}\n`);
        if (r.keptIn) await stdout.write(`previous state kept in ${r.keptIn} (${r.kept.length} ${r.kept.length === 1 ? 'entry' : 'entries'}: ${r.kept.join(', ')})\n`);
      }),
    );
}
