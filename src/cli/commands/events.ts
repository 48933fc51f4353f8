import type { Command } from 'commander';
import { AmasError } from '../../core/index.ts';
import { EVENT_TYPES, type BusEvent, type DeadLetter } from '../../bus/index.ts';
import type { RuntimeEvent } from '../../runtime/index.ts';
import { action } from '../action.ts';
import { utc } from '../table.ts';
import { connectRuntime, modeAndDir, printJson, projectDir, viaRuntimeOr } from '../target.ts';
import { stdout, stderr } from '../out.ts';

interface EventsOptions {
  type?: string;
  workflow?: string;
  run?: string;
  since?: string;
  format?: string;
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
    .option('--type <types>', 'only events of these types (tail: comma-separated stream or bus event types)')
    .option('-n, --limit <n>', 'how many recent events (list)', '50')
    .option('--workflow <id>', 'tail: only events of this workflow’s runs')
    .option('--run <id>', 'tail: only events of this run')
    .option('--since <seq>', 'tail: first replay the held events after this sequence number')
    .option('--format <format>', 'tail: json (one event per line) or text', undefined)
    .option('--dead-letters', 'events that expired or whose every subscriber failed (held by the running amas up)')
    .option('--json', 'JSON: an array for list, one object per line for tail')
    .option('--store <path>', 'database file when no runtime is up')
    .addHelpText(
      'after',
      `
With \`amas up\` running, events come from its bus (this run of the runtime) over the control
socket; otherwise from the store, where the runtime persists them.

\`tail\` follows the running \`amas up\`'s event stream — runs and steps, bus events, reloads,
alerts, warnings — until Ctrl-C (or until the runtime stops). Each event has a sequence number
(\`seq\`); \`--since SEQ\` replays the events after it that the runtime still holds, so a
reader that restarts misses nothing. It needs a running \`amas up\` (exit 1 otherwise).

Examples:
  amas events --type error_occurred --limit 20
  amas events tail --format json | jq -c 'select(.type == "run_finished")'
  amas events tail --type step_finished,run_finished --workflow publish-post
  amas events tail --run run_abc123 --since 0
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
  if (mode === 'tail') return tail(root, opts);
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

/** One human line of a stream event (`run`: the run it belongs to): seq, time, type, then what identifies it. */
function streamLine(e: RuntimeEvent, run: string | undefined): string {
  const head = `${String(e.seq).padStart(6)} ${utc(e.at)}  ${e.type.padEnd(14)}`;
  const where = [e.workflow, run].filter(Boolean).join(' ');
  switch (e.type) {
    case 'bus_event':
      return `${head} ${e.event.type} ${e.event.priority} ${e.event.source}${e.event.target ? ` → ${e.event.target}` : ''}  ${summary(e.event.data)}`;
    case 'log':
      return `${head} ${e.level}: ${e.msg}${e.fields ? `  ${summary(e.fields)}` : ''}`;
    case 'alert':
      return `${head} ${e.severity} ${e.name} ${e.state}: ${e.message}`;
    case 'reload':
      return `${head} ${e.ok ? 'ok' : 'rejected'} errors=${e.errors} warnings=${e.warnings}${e.files.length ? ` ${e.files.join(',')}` : ''}`;
    case 'run_refused':
      return `${head} ${e.workflow}: ${e.reason}`;
    case 'step_started':
    case 'step_retrying':
    case 'step_finished':
      return `${head} ${where} ${e.stepId}${e.type === 'step_finished' ? ` ${e.result.status}` : ''}`;
    case 'run_finished':
      return `${head} ${where} ${e.result.status}${e.result.error ? `: ${e.result.error}` : ''}`;
    default:
      return `${head} ${where}`;
  }
}

function seqOf(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new AmasError('AMAS_USAGE', `--since must be a sequence number (0 or more), got "${text}"`, { exitCode: 2 });
  return n;
}

/**
 * Follows the running `amas up`'s event stream (runs, steps, bus events, reloads, alerts, log
 * warnings) until Ctrl-C. `--type` takes stream types (`run_finished`) and bus event types
 * (`agent_message`: the `bus_event`s of that type).
 */
async function tail(root: string, opts: EventsOptions): Promise<number> {
  const format = opts.format ?? (opts.json ? 'json' : 'text');
  if (format !== 'json' && format !== 'text') throw new AmasError('AMAS_USAGE', `--format must be json or text, got "${format}"`, { exitCode: 2 });
  const since = opts.since === undefined ? undefined : seqOf(opts.since);
  const client = await connectRuntime(root);
  if (!client) {
    throw new AmasError('AMAS_NOT_RUNNING', 'events tail follows a running `amas up`, and none is running for this project', {
      exitCode: 1,
      hint: 'start it with `amas up`; `amas events` (without tail) shows the stored history',
    });
  }
  const wanted = opts.type ? opts.type.split(',').map((t) => t.trim()).filter(Boolean) : [];
  const busTypes = wanted.filter((t) => (EVENT_TYPES as readonly string[]).includes(t));
  // Bus event types are asked for as `bus_event`s and narrowed here.
  const types = wanted.length ? [...new Set(wanted.map((t) => (busTypes.includes(t) ? 'bus_event' : t)))] : undefined;
  // Loaded lazily (already in memory: the client came from it) so `amas --version` and help stay light.
  const { runIdOf, STREAM_NOTIFICATION } = await import('../../runtime/index.ts');
  let printing = Promise.resolve();
  client.onNotification((method, params) => {
    if (method !== STREAM_NOTIFICATION) return;
    const e = params as RuntimeEvent;
    if (e.type === 'bus_event' && busTypes.length && !wanted.includes('bus_event') && !busTypes.includes(e.event.type)) return;
    const text = format === 'json' ? `${JSON.stringify(e)}\n` : `${streamLine(e, runIdOf(e))}\n`;
    printing = printing.then(() => stdout.write(text));
  });
  await client.call('events.stream', {
    ...(types ? { types } : {}),
    ...(opts.workflow ? { workflow: opts.workflow } : {}),
    ...(opts.run ? { runId: opts.run } : {}),
    ...(since === undefined ? {} : { after: since }),
  });
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
