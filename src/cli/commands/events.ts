import type { Command } from 'commander';
import { AmasError } from '../../core/index.ts';
import type { BusEvent, DeadLetter } from '../../bus/index.ts';
import { action } from '../action.ts';
import { utc } from '../table.ts';
import { connectRuntime, modeAndDir, printJson, projectDir, viaRuntimeOr } from '../target.ts';
import { stdout, stderr } from '../out.ts';

interface EventsOptions {
  type?: string;
  limit: string;
  deadLetters?: boolean;
  json?: boolean;
  store?: string;
}

const MODES = ['list', 'tail'] as const;

export function registerEvents(program: Command): void {
  program
    .command('events')
    .description('the event history; `tail` follows new events live; --dead-letters: events no one could take')
    .argument('[mode]', 'list (default) or tail')
    .argument('[dir]', 'project directory', undefined)
    .option('--type <type>', 'only events of this type')
    .option('-n, --limit <n>', 'how many recent events (tail: shown before following)', '50')
    .option('--dead-letters', 'events that expired or whose every subscriber failed (held by the running amas up)')
    .option('--json', 'JSON: an array for list, one object per line for tail')
    .option('--store <path>', 'database file when no runtime is up')
    .addHelpText(
      'after',
      `
With \`amas up\` running, events come from its bus (this run of the runtime) over the control
socket; otherwise from the store, where the runtime persists them. \`tail\` needs a running
\`amas up\` and follows until Ctrl-C (or until the runtime stops).

Examples:
  amas events --type error_occurred --limit 20
  amas events tail --json | jq -c 'select(.priority == "high")'
  amas events --dead-letters`,
    )
    .action(action((first: string | undefined, second: string | undefined, opts: EventsOptions) => events(first, second, opts)));
}

function limitOf(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new AmasError('AMAS_USAGE', `--limit must be a positive integer, got "${text}"`, { exitCode: 2 });
  return n;
}

function summary(data: unknown): string {
  if (data === undefined || data === null) return '';
  const text = typeof data === 'string' ? data : (JSON.stringify(data) ?? '');
  return text.length > 100 ? `${text.slice(0, 99)}…` : text;
}

/** One human line: time, type, priority, source → target, data. */
function eventLine(e: BusEvent): string {
  const to = e.target ? ` → ${e.target}` : '';
  return `${utc(e.timestamp)}  ${e.type.padEnd(15)} ${e.priority.padEnd(7)} ${e.source}${to}  ${summary(e.data)}`;
}

async function events(first: string | undefined, second: string | undefined, opts: EventsOptions): Promise<number> {
  const { mode, dir } = modeAndDir(MODES, first, second, 'list');
  const root = projectDir(dir);
  const limit = limitOf(opts.limit);
  if (mode === 'tail') return tail(root, limit, opts);
  if (opts.deadLetters) {
    const dead = await viaRuntimeOr(
      root,
      (c) => c.call<DeadLetter[]>('events.deadLetters'),
      async () => {
        await stderr.write('amas: no runtime is up; dead letters are kept by a running `amas up` only\n');
        return [] as DeadLetter[];
      },
    );
    const shown = dead.filter((d) => !opts.type || d.event.type === opts.type).slice(-limit);
    if (opts.json) await printJson(shown);
    else for (const d of shown) await stdout.write(`${eventLine(d.event)}  [${d.reason}${d.errors.length ? `: ${d.errors.join('; ')}` : ''}]\n`);
    return 0;
  }
  const q = { ...(opts.type ? { type: opts.type } : {}), limit };
  const list = await viaRuntimeOr(
    root,
    (c) => c.call<BusEvent[]>('events.list', q),
    async () => {
      const { localEvents } = await import('../../runtime/index.ts');
      return localEvents(root, q, opts.store === undefined ? {} : { store: opts.store });
    },
  );
  if (opts.json) await printJson(list);
  else if (list.length === 0) await stderr.write('no events\n');
  else for (const e of list) await stdout.write(`${eventLine(e)}\n`);
  return 0;
}

async function tail(root: string, limit: number, opts: EventsOptions): Promise<number> {
  const client = await connectRuntime(root);
  if (!client) {
    throw new AmasError('AMAS_NOT_RUNNING', 'events tail follows a running `amas up`, and none is running for this project', {
      exitCode: 1,
      hint: 'start it with `amas up`; `amas events` (without tail) shows the stored history',
    });
  }
  const seen = new Set<string>();
  // Notifications arrive as they come; the chain keeps them in order and at the reader's pace.
  let printing = Promise.resolve();
  const print = (e: BusEvent) => {
    if (seen.has(e.id)) return;
    seen.add(e.id);
    const text = opts.json ? `${JSON.stringify(e)}\n` : `${eventLine(e)}\n`;
    printing = printing.then(() => stdout.write(text));
  };
  const live: BusEvent[] = [];
  let replayed = false;
  client.onNotification((method, params) => {
    if (method !== 'event') return;
    const e = params as BusEvent;
    if (replayed) print(e);
    else live.push(e);
  });
  // Subscribe first, then read the history: nothing falls in between (duplicates are dropped).
  await client.call('events.subscribe', opts.type ? { type: opts.type } : {});
  const recent = await client.call<BusEvent[]>('events.list', { ...(opts.type ? { type: opts.type } : {}), limit });
  for (const e of recent) print(e);
  for (const e of live) print(e);
  replayed = true;
  live.length = 0;
  await printing;
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    client.onClose(() => {
      void stderr.write('amas: the runtime stopped\n').then(stop);
    });
  });
  client.close();
  await printing;
  return 0;
}
