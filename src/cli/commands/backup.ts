import type { Command } from 'commander';
import { AmasError } from '../../core/index.ts';
import { action } from '../action.ts';
import { printJson, projectDir } from '../target.ts';
import { stdout } from '../out.ts';

export function registerBackup(program: Command): void {
  program
    .command('backup')
    .description('archive the store and everything the project needs to run again (tar.gz with a manifest), removing old backups')
    .argument('[dir]', 'project directory', '.')
    .option('-o, --out <file>', 'archive path (default .amas/backups/amas-backup-<time>.tar.gz next to the store)')
    .option('--keep-days <n>', 'delete backups in the same folder older than this many days', '30')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `
What the archive holds:
  - a consistent snapshot of the database (taken from the last checkpoint plus the journal,
    so it is safe while \`amas up\` runs);
  - amas.yaml and every file under agents.d/ and workflows.d/;
  - every project file the specs refer to: the file of each \`module:\` executor and the files
    it imports by relative path; each word of a \`command\` argv (or an MCP server's command)
    that names an existing file, resolved from its cwd; package.json at the project root;
  - manifest.json with the SHA-256 and mode of every member.
Only files inside the project (a symlink leading outside is not followed). Never .env files,
.amas/ (other than the database snapshot), node_modules/ or .git/. A referenced file left out
is listed. It is a plain .tar.gz (tar -xzf works); amas restore verifies it before using it.

Examples:
  amas backup
  amas backup ./my-project --out /backups/amas-$(date +%F).tar.gz --keep-days 14`,
    )
    .action(
      action(async (dir: string, opts: { out?: string; keepDays: string; json?: boolean }) => {
        const keepDays = Number(opts.keepDays);
        if (!Number.isFinite(keepDays) || keepDays < 0) throw new AmasError('AMAS_USAGE', `--keep-days must be a number of days (got "${opts.keepDays}")`, { exitCode: 2 });
        const root = projectDir(dir);
        await (await import('../../runtime/index.ts')).refuseForPostgresAt(root, 'amas backup');
        const [{ createBackup }, { loadProject, referencedFiles }] = await Promise.all([import('../../store/index.ts'), import('../../spec/index.ts')]);
        const { model } = await loadProject(root);
        const r = await createBackup(root, { out: opts.out, keepDays, files: referencedFiles(model) });
        if (opts.json) return await printJson({ file: r.file, manifest: r.manifest, removed: r.removed, skipped: r.skipped });
        const size = r.manifest.members.reduce((s, m) => s + m.size, 0);
        await stdout.write(`backup written: ${r.file} (${r.manifest.members.length} files, ${(size / 1024).toFixed(0)} KiB before compression)\n`);
        for (const s of r.skipped) await stdout.write(`left out ${s.path}: ${s.reason}\n`);
        for (const f of r.removed) await stdout.write(`removed old backup: ${f}\n`);
      }),
    );
}
