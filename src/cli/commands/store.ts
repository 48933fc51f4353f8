import type { Command } from 'commander';
import { AmasError } from '../../core/index.ts';
import { action } from '../action.ts';
import { printJson, projectDir } from '../target.ts';
import { stdout } from '../out.ts';

export function registerStore(program: Command): void {
  const store = program.command('store').description('move the store: copy the embedded store into PostgreSQL');
  store
    .command('migrate')
    .description('copy the embedded store (runs, steps, specs, conversations, approvals, knowledge, events, metrics, triggers) into a PostgreSQL database')
    .argument('[dir]', 'project directory', '.')
    .requiredOption('--to <url>', 'the PostgreSQL database: postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE (or "env" for AMAS_STORE_URL)')
    .option('--store <path>', 'the embedded store to copy (default: amas.yaml store.path, else .amas/amas.db)')
    .option('--force', 'copy into a database that already holds rows (rows already there are kept)')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `
The embedded store is read as \`amas backup\` reads it (safe while \`amas up\` runs; what it
writes afterwards is not copied). The target is migrated to amas's schema, then each table is
copied in batches of 500 rows, one transaction each. A row whose key is already in the target is
kept as it is, so a copy that stopped is finished by running the command again with --force.
A target that already holds rows is refused without --force. See docs/scale-out.md.

Examples:
  amas store migrate --to postgres://amas@db.internal/amas
  AMAS_STORE_URL=postgres://amas:…@db/amas amas store migrate --to env`,
    )
    .action(
      action(async (dir: string, opts: { to: string; store?: string; force?: boolean; json?: boolean }) => {
        const url = opts.to === 'env' ? process.env.AMAS_STORE_URL : opts.to;
        if (!url) throw new AmasError('AMAS_USAGE', '--to env: AMAS_STORE_URL is not set', { exitCode: 2 });
        const { openStore, projectStorePath, copyEmbeddedToPg, describePgUrl, parsePgUrl } = await import('../../store/index.ts');
        parsePgUrl(url);
        const root = projectDir(dir);
        const path = opts.store ?? projectStorePath(root);
        const src = await openStore(path, { readOnly: true, checkpointIntervalMs: 0 });
        try {
          const where = describePgUrl(url);
          if (!opts.json) await stdout.write(`copying ${path} into ${where}\n`);
          const report = await copyEmbeddedToPg(src, url, {
            force: opts.force === true,
            onProgress: opts.json ? undefined : (p) => void stdout.write(`${p.table}: ${p.done}/${p.total} rows read, ${p.inserted} written\n`),
          });
          if (opts.json) return await printJson({ from: path, to: where, tables: report });
          const rows = report.reduce((n, t) => n + t.rows, 0);
          const inserted = report.reduce((n, t) => n + t.inserted, 0);
          await stdout.write(`done: ${rows} rows read, ${inserted} written (${rows - inserted} already there)\n`);
        } finally {
          await src.close();
        }
      }),
    );
}
