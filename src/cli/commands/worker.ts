import type { Command } from 'commander';
import { AmasError } from '../../core/index.ts';
import { action } from '../action.ts';
import { jsonLineLogger } from '../logger.ts';
import { printProjectErrors } from '../project-errors.ts';
import { projectDir } from '../target.ts';

interface WorkerOptions {
  concurrency: string;
}

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('execute steps handed off through the PostgreSQL store (no scheduler, triggers, HTTP or console)')
    .argument('[dir]', 'project directory', '.')
    .option('--concurrency <n>', 'tasks run at once', '4')
    .addHelpText(
      'after',
      `
A worker loads the project (the same agents.d/, amas.yaml, .env and secrets as amas up) and
runs the step attempts, for_each items and agent-loop tool calls that amas up and amas run hand
off through the work queue of a PostgreSQL store (store.url or AMAS_STORE_URL). It logs one
JSON line when ready (worker id, concurrency) and one per task finished (started too at
AMAS_LOG_LEVEL=debug), masked.

Stopping: SIGTERM or SIGINT — running tasks finish and write their results, then exit 0. A
second signal stops at once: running tasks go back to the queue for another worker.

Exit codes: 0 stopped; 1 the project is invalid or the store fails; 2 not a PostgreSQL store,
or a bad option. See docs/scale-out.md "Workers".

Examples:
  AMAS_STORE_URL=postgres://amas@db.internal/amas amas worker . --concurrency 8
  amas up --no-work   # on another machine: schedules and hands every step to the workers`,
    )
    .action(action((dir: string, opts: WorkerOptions) => worker(dir, opts)));
}

async function worker(dir: string, opts: WorkerOptions): Promise<number> {
  const concurrency = parseConcurrency(opts.concurrency);
  const root = projectDir(dir);
  const logger = jsonLineLogger();
  const { openWorkerProject, startProjectWorker, ProjectInvalidError } = await import('../../runtime/index.ts');
  let project;
  try {
    project = await openWorkerProject(root, { logger });
  } catch (err) {
    if (err instanceof ProjectInvalidError) {
      await printProjectErrors(err.diagnostics, err.model.files);
      return 1;
    }
    throw err;
  }
  let w;
  try {
    w = await startProjectWorker(project, { concurrency, logger });
  } catch (err) {
    await project.close();
    throw err;
  }
  logger.info('worker ready', { worker: w.id, concurrency, project: project.model.project.name ?? root });
  const running = w;
  let signals = 0;
  const stopped = new Promise<void>((resolve) => {
    const onSignal = (sig: NodeJS.Signals): void => {
      signals += 1;
      logger.info(signals === 1 ? 'signal received: finishing running tasks' : 'second signal: releasing running tasks', { signal: sig });
      void running.stop({ wait: signals === 1 }).then(resolve);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  await stopped;
  await project.close();
  logger.info('worker stopped', { worker: running.id, completed: running.counters.completed, failed: running.counters.failed });
  return 0;
}

function parseConcurrency(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new AmasError('AMAS_USAGE', `--concurrency: expected a whole number from 1 to 1000, got "${text}"`, { exitCode: 2, hint: 'e.g. --concurrency 8' });
  return n;
}
