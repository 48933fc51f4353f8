import type { Command } from 'commander';
import { AmasError } from '../../core/index.ts';
import { action } from '../action.ts';
import { printJson, projectDir } from '../target.ts';
import { stdout } from '../out.ts';

export function registerBackup(program: Command): void {
  program
    .command('backup')
    .description('archive the store and the project config (tar.gz with a manifest), removing old backups')
    .argument('[dir]', 'project directory', '.')
    .option('-o, --out <file>', 'archive path (default .amas/backups/amas-backup-<time>.tar.gz next to the store)')
    .option('--keep-days <n>', 'delete backups in the same folder older than this many days', '30')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `
The archive holds a consistent snapshot of the database (taken from the last checkpoint plus
the journal, so it is safe while \`amas up\` runs), amas.yaml, agents.d/, workflows.d/ and
manifest.json with the SHA-256 of every member. It is a plain .tar.gz (tar -xzf works).

Examples:
  amas backup
  amas backup ./my-project --out /backups/amas-$(date +%F).tar.gz --keep-days 14`,
    )
    .action(
      action(async (dir: string, opts: { out?: string; keepDays: string; json?: boolean }) => {
        const keepDays = Number(opts.keepDays);
        if (!Number.isFinite(keepDays) || keepDays < 0) throw new AmasError('AMAS_USAGE', `--keep-days must be a number of days (got "${opts.keepDays}")`, { exitCode: 2 });
        const { createBackup } = await import('../../store/index.ts');
        const r = await createBackup(projectDir(dir), { out: opts.out, keepDays });
        if (opts.json) return await printJson({ file: r.file, manifest: r.manifest, removed: r.removed });
        const size = r.manifest.members.reduce((s, m) => s + m.size, 0);
        await stdout.write(`backup written: ${r.file} (${r.manifest.members.length} files, ${(size / 1024).toFixed(0)} KiB before compression)\n`);
        for (const f of r.removed) await stdout.write(`removed old backup: ${f}\n`);
      }),
    );
}
