import fs from 'node:fs';
import type { Command } from 'commander';
import { AmasError } from '../../core/index.ts';
import { action } from '../action.ts';
import { printJson, projectDir } from '../target.ts';
import { stdout } from '../out.ts';

export function registerRestore(program: Command): void {
  program
    .command('restore')
    .description('restore the store (and config) from a backup archive')
    .argument('<archive>', 'a .tar.gz written by amas backup')
    .argument('[dir]', 'project directory', '.')
    .option('--db-only', 'restore only the database, leave amas.yaml, agents.d/ and workflows.d/ alone')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `
Every member is checked against the archive's manifest first; nothing is written if one
does not match. Refuses while a writer (amas up) holds the store. The current database and
journal are moved aside (…before-restore-<time>), not deleted.

Examples:
  amas restore .amas/backups/amas-backup-20260101T090000000Z.tar.gz
  amas restore /backups/amas.tar.gz ./my-project --db-only`,
    )
    .action(
      action(async (archive: string, dir: string, opts: { dbOnly?: boolean; json?: boolean }) => {
        if (!fs.existsSync(archive)) throw new AmasError('AMAS_USAGE', `no such archive: ${archive}`, { exitCode: 2 });
        const { restoreBackup } = await import('../../store/index.ts');
        const r = await restoreBackup(archive, projectDir(dir), { dbOnly: opts.dbOnly });
        if (opts.json) return await printJson(r);
        await stdout.write(`restored backup of ${r.manifest.createdAt} (${r.restored.length} files)\n`);
        for (const f of r.restored) await stdout.write(`  ${f}\n`);
        for (const f of r.movedAside) await stdout.write(`previous state kept at ${f}\n`);
      }),
    );
}
