import type { Command } from 'commander';
import type { Snapshot } from '../../core/index.ts';
import type { HealthReport } from '../../monitor/index.ts';
import { action } from '../action.ts';
import { printJson, projectDir, viaRuntimeOr } from '../target.ts';
import { stdout } from '../out.ts';

interface StatusOptions {
  json?: boolean;
  store?: string;
}

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('what the project is doing: agents, workflows with next fire times, active runs')
    .argument('[dir]', 'project directory', '.')
    .option('--json', 'print the state snapshot as JSON (the shape the TUI and MCP get_system_status read)')
    .option('--store <path>', 'database file when no runtime is up (default: amas.yaml store.path, else .amas/amas.db)')
    .addHelpText(
      'after',
      `
While \`amas up\` runs, status asks it over the control socket (.amas/amas.sock). Otherwise
it reads the spec files and the store: state is "offline", agents are offline, next fire
times come from the cron specs and the stored pause flags, and runs left unfinished show as
queued (the next \`amas up\` resumes them). The --json shape is the same either way.

Examples:
  amas status
  amas status ./my-project --json | jq '.workflows[] | {id, nextFire, paused}'`,
    )
    .action(action((dir: string, opts: StatusOptions) => status(dir, opts)));
}

async function status(dir: string, opts: StatusOptions): Promise<number> {
  const root = projectDir(dir);
  let health: HealthReport | undefined;
  const snap = await viaRuntimeOr(
    root,
    async (c) => {
      // The monitor's report (metrics against thresholds) rides along in the human view;
      // --json stays the snapshot, the same shape with or without a runtime.
      if (!opts.json) health = await c.call<HealthReport>('health').catch(() => undefined);
      return c.call<Snapshot>('status');
    },
    async () => {
      const { localStatus } = await import('../../runtime/index.ts');
      return localStatus(root, opts.store === undefined ? {} : { store: opts.store });
    },
  );
  if (opts.json) await printJson(snap);
  else {
    const { formatStatus } = await import('../status-format.ts');
    await stdout.write(formatStatus(snap));
    if (health) {
      const { formatHealth } = await import('../../monitor/index.ts');
      await stdout.write(`\n${formatHealth(health)}`);
    }
  }
  return 0;
}
