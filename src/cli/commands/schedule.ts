import type { Command } from 'commander';
import { AmasError } from '../../core/index.ts';
import type { ScheduleEntry } from '../../triggers/index.ts';
import { action } from '../action.ts';
import { printJson, projectDir, viaRuntimeOr } from '../target.ts';
import { stdout } from '../out.ts';

interface ScheduleOptions {
  json?: boolean;
  store?: string;
  tz?: string;
}

const ACTIONS = ['list', 'pause', 'resume'] as const;
type Action = (typeof ACTIONS)[number];

export function registerSchedule(program: Command): void {
  program
    .command('schedule')
    .description('cron triggers with next fire times and last outcomes; pause or resume a workflow\'s triggers')
    .argument('[action]', 'list (default) | pause WORKFLOW | resume WORKFLOW')
    .argument('[args...]', 'WORKFLOW for pause/resume, then optionally the project directory')
    .option('--json', 'print the schedule entries as JSON')
    .option('--tz <zone>', 'show times in this IANA zone (default UTC)')
    .option('--store <path>', 'database file when no runtime is up')
    .addHelpText(
      'after',
      `
A paused workflow gets no cron fires and ignores its event and file triggers; it can still be
run by hand. Pause survives restarts and reloads. With \`amas up\` running the change applies at
once (over its control socket); otherwise it is written to the store for the next start.
Resuming starts from now: fires that fell in the pause are not caught up.

Examples:
  amas schedule
  amas schedule pause nightly-report
  amas schedule resume nightly-report ./my-project --json`,
    )
    .action(action((first: string | undefined, rest: string[], opts: ScheduleOptions) => schedule(first, rest, opts)));
}

function parseArgs(first: string | undefined, rest: string[]): { action: Action; workflow?: string; dir: string } {
  if (first === undefined) return { action: 'list', dir: '.' };
  if (!(ACTIONS as readonly string[]).includes(first)) {
    if (rest.length === 0) return { action: 'list', dir: first };
    throw new AmasError('AMAS_USAGE', `unknown action "${first}"`, { exitCode: 2, hint: 'amas schedule [list | pause WORKFLOW | resume WORKFLOW] [DIR]' });
  }
  const action = first as Action;
  if (action === 'list') {
    if (rest.length > 1) throw new AmasError('AMAS_USAGE', 'too many arguments for schedule list', { exitCode: 2 });
    return { action, dir: rest[0] ?? '.' };
  }
  const [workflow, dir, ...extra] = rest;
  if (workflow === undefined) throw new AmasError('AMAS_USAGE', `schedule ${action} needs a workflow id`, { exitCode: 2, hint: `amas schedule ${action} WORKFLOW [DIR]` });
  if (extra.length) throw new AmasError('AMAS_USAGE', `too many arguments for schedule ${action}`, { exitCode: 2 });
  return { action, workflow, dir: dir ?? '.' };
}

async function schedule(first: string | undefined, rest: string[], opts: ScheduleOptions): Promise<number> {
  const { action, workflow, dir } = parseArgs(first, rest);
  const root = projectDir(dir);
  const { checkTimeZone, formatScheduleTable } = await import('../../triggers/index.ts');
  if (opts.tz !== undefined) {
    const bad = checkTimeZone(opts.tz);
    if (bad) throw new AmasError('AMAS_USAGE', `--tz: ${bad}`, { exitCode: 2 });
  }
  const storeOpt = opts.store === undefined ? {} : { store: opts.store };
  const entries = await viaRuntimeOr<ScheduleEntry[]>(
    root,
    (c) => c.call<ScheduleEntry[]>(action === 'list' ? 'schedule.list' : `schedule.${action}`, workflow === undefined ? {} : { workflow }),
    async () => {
      const rt = await import('../../runtime/index.ts');
      if (action === 'list') return rt.localSchedule(root, storeOpt);
      return rt.localSetPaused(root, workflow!, action === 'pause', storeOpt);
    },
  );
  if (opts.json) {
    await printJson(entries);
    return 0;
  }
  if (action !== 'list') await stdout.write(`${action === 'pause' ? 'paused' : 'resumed'} ${workflow}\n`);
  await stdout.write(`${formatScheduleTable(entries, Date.now(), opts.tz === undefined ? {} : { timeZone: opts.tz })}\n`);
  return 0;
}
