import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { AmasError, parseDuration, type Logger } from '../../core/index.ts';
import { action } from '../action.ts';
import { jsonLineLogger } from '../logger.ts';
import { printProjectErrors } from '../project-errors.ts';
import { projectDir } from '../target.ts';
import { stdoutLines } from '../out.ts';
import type { Runtime as RuntimeT } from '../../runtime/index.ts';

interface UpOptions {
  tui: boolean;
  store?: string;
  grace?: string;
  http?: string;
  work: boolean;
}

export function registerUp(program: Command): void {
  program
    .command('up')
    .description('run the project: agents, schedules, event and file triggers, hot reload, live console')
    .argument('[dir]', 'project directory', '.')
    .option('--no-tui', 'no live console: JSON log lines on stdout (automatic when stdout is not a terminal, or CI is set)')
    .option('--store <path>', 'database file (default: amas.yaml store.path, else .amas/amas.db)')
    .option('--grace <duration>', 'how long in-flight steps may finish on SIGINT/SIGTERM (default: runtime.shutdown_grace, 30s)')
    .option('--no-work', 'with a PostgreSQL store: do not execute steps here, only lead/schedule/serve (amas worker processes execute them)')
    .option('--http <addr>', 'serve the HTTP API (health, metrics, webhooks) on host:port (default: amas.yaml http.listen); /api/* needs the key in .amas/api-key unless http.api_key or AMAS_API_KEY sets one')
    .addHelpText(
      'after',
      `
amas up is the project's one writer: it holds the store lock and serves a control socket
(.amas/amas.sock) that amas run, runs, status, emit, events, schedule and knowledge use while
it is up. Saving a file in agents.d/ or workflows.d/ re-validates the project: a valid change
swaps in (running runs keep the spec they started with), an invalid one is shown and ignored.

With a PostgreSQL store (store.url or AMAS_STORE_URL) several amas up share the project: the
one holding the leader lock (keyed by amas.yaml name, else the directory's name) runs the
schedules and triggers and adopts runs whose process died; the others stand by, serve, and take
over within seconds when the leader dies (docs/scale-out.md). --no-work needs such a store.

Stopping: q in the console, or SIGINT/SIGTERM — triggers stop, in-flight steps get the grace
period, the store is checkpointed, exit 0. A second signal stops at once; unfinished runs
resume on the next start.

Examples:
  amas up
  amas up --no-tui > amas.log        # server mode: one JSON object per line
  amas up --no-tui --http 127.0.0.1:8000   # + GET /health, GET /metrics, POST /api/workflows/ID/runs
  curl -H "Authorization: Bearer $(cat .amas/api-key)" http://127.0.0.1:8000/api/runs/RUN_ID`,
    )
    .action(action((dir: string, opts: UpOptions) => up(dir, opts)));
}

async function up(dir: string, opts: UpOptions): Promise<number> {
  const root = projectDir(dir);
  const graceOverride = opts.grace === undefined ? undefined : parseGrace(opts.grace);
  // Ink draws nothing but the last frame when CI is set, so a CI job gets server mode instead.
  const inCi = ['CI', 'CONTINUOUS_INTEGRATION'].some((k) => process.env[k] !== undefined && process.env[k] !== '0' && process.env[k] !== 'false');
  const useTui = opts.tui && process.stdout.isTTY === true && !inCi;
  const logger: Logger = useTui ? fileLogger(root) : jsonLineLogger();
  if (useTui) warningsToLog(logger);
  const { Runtime, ProjectInvalidError, shutdownGraceMs } = await import('../../runtime/index.ts');
  let rt: RuntimeT;
  try {
    rt = await Runtime.start(root, {
      logger,
      ...(opts.store === undefined ? {} : { store: opts.store }),
      ...(opts.http === undefined ? {} : { monitoring: { http: opts.http } }),
      ...(opts.work === false ? { work: false } : {}),
    });
  } catch (err) {
    if (err instanceof ProjectInvalidError) {
      await printProjectErrors(err.diagnostics, err.model.files);
      return 1;
    }
    throw err;
  }
  // Server mode: the log is also a consumer of the stream — every event as a JSON line shaped like
  // the log's own (time, level, msg = the event type) plus the event (seq, at, type, …), from the
  // first event of this process. Warn/error `log` events are the logger's own lines already.
  if (!useTui) {
    rt.project.stream.subscribe(
      (e) => {
        if (e.type !== 'log') stdoutLines().write(`${JSON.stringify({ time: new Date(e.at).toISOString(), level: 'info', msg: e.type, ...e })}\n`);
      },
      { after: 0 },
    );
  }
  const grace = graceOverride ?? shutdownGraceMs(rt.model);
  let signals = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    signals += 1;
    logger.info(signals === 1 ? 'signal received: stopping gracefully' : 'second signal: stopping now', { signal: sig });
    void rt.stop(signals === 1 ? grace : 0);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    if (useTui) {
      const { startTui } = await import('../../tui/index.ts');
      const tui = startTui(rt, { ...rt.commands(), quit: () => rt.stop(signals++ === 0 ? grace : 0) });
      // Stopped from outside (signal, control socket): take the console down too.
      void rt.whenStopped().then(() => tui.unmount());
      await tui.waitUntilExit();
      await rt.stop(grace);
    }
    await rt.whenStopped();
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  return 0;
}

function parseGrace(text: string): number {
  try {
    return parseDuration(text);
  } catch {
    throw new AmasError('AMAS_USAGE', `--grace: invalid duration "${text}"`, { exitCode: 2, hint: 'e.g. 10s, 2m' });
  }
}

/**
 * Node prints process warnings (deprecations, listener leaks, experimental features) straight
 * to stderr, which would tear the console's frame: with the console up they go to the log.
 */
function warningsToLog(logger: Logger): void {
  process.removeAllListeners('warning');
  process.on('warning', (w) => logger.warn('node warning', { name: w.name, message: w.message }));
}

/** With the console on the terminal, logs go to .amas/amas.log (JSON lines; part of backups). */
function fileLogger(root: string): Logger {
  const file = path.join(root, '.amas', 'amas.log');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, 'a', 0o600);
  return jsonLineLogger((line) => fs.writeSync(fd, line));
}
