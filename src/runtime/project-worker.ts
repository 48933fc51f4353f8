// The executing side of handed-off attempts (docs/scale-out.md "Workers"): a queue worker whose
// tasks run on the project's own agents pool — the same agents, contracts and executors as a
// step run in-process — with the worker's env and secrets. `amas worker` runs only this;
// `amas up` on PostgreSQL runs one too unless `--no-work`.
import { AmasError, NonRetriableError, parseDuration, silentLogger, type Logger } from '../core/index.ts';
import { DEFAULT_TIMEOUT_MS } from '../engine/index.ts';
import { PgStore, type PgQueueWorker, type StepTask, type TaskExecutor, type TaskUsage } from '../store/index.ts';
import { loadProject } from '../spec/index.ts';
import { agentKnowledge } from './engine-ports.ts';
import { openProject, ProjectInvalidError, type OpenProjectOptions, type Project } from './project.ts';
import { projectSecrets } from './secrets.ts';
import { storeTarget } from './store-target.ts';

export interface ProjectWorkerOptions {
  /** Tasks run at once (default 4). */
  concurrency?: number;
  /** Task start and end lines (masked with the project's secrets by the caller's logger). */
  logger?: Logger;
  /** `${{ env.* }}` for executors (default: this process's environment). */
  env?: Record<string, string | undefined>;
  /** Tests: heartbeat, dead-worker and poll periods, a fixed id. */
  heartbeatMs?: number;
  staleMs?: number;
  pollMs?: number;
  id?: string;
}

/** What a worker uses of an open project: its files' agents, its store, its secrets, `knowledge()` for expressions. */
export type WorkerProject = Pick<Project, 'dir' | 'store' | 'agents' | 'model' | 'secrets' | 'readKnowledge'>;

/** The error every non-PostgreSQL project gets from `amas worker` (exit 2). */
export function workerNeedsPostgres(): AmasError {
  return new AmasError('AMAS_WORKER_STORE', 'amas worker needs a PostgreSQL store (store.url or AMAS_STORE_URL): docs/scale-out.md', { exitCode: 2 });
}

/**
 * Opens a project for `amas worker`: the same files, .env and secrets as `amas up`, refused (exit
 * 2) before any store is opened when it does not select a PostgreSQL store.
 */
export async function openWorkerProject(dir: string, opts: OpenProjectOptions = {}): Promise<Project> {
  const env = opts.env ?? { ...process.env };
  const loaded = await loadProject(dir, { env });
  if (!loaded.ok) throw new ProjectInvalidError(loaded.diagnostics, loaded.model);
  if (storeTarget(loaded.model, env, projectSecrets(loaded.model, env).scope).kind !== 'postgres') throw workerNeedsPostgres();
  return openProject(dir, { ...opts, env, drive: false });
}

/** Starts a queue worker executing the project's tasks; stop it with `worker.stop({ wait })`. */
export function startProjectWorker(project: WorkerProject, opts: ProjectWorkerOptions = {}): Promise<PgQueueWorker> {
  const store = project.store;
  if (!(store instanceof PgStore)) return Promise.reject(workerNeedsPostgres());
  const logger = opts.logger ?? silentLogger;
  const env = opts.env ?? { ...process.env };
  const execute: TaskExecutor = async (task, run) => {
    const t0 = performance.now();
    const where = { runId: task.runId, stepId: task.stepId, attempt: task.attempt, capability: task.capability, claim: run.claim };
    const route = { ...(task.agentId === undefined ? {} : { agentId: task.agentId }), ...(task.domain === undefined ? {} : { domain: task.domain }) };
    const lease = await project.agents.acquire(task.capability, route, run.signal);
    const agentId = lease.agent.id;
    const usage: TaskUsage = { agentId, promptTokens: 0, completionTokens: 0 };
    // One info line per task (when it finishes) is the worker's access log; two cost a busy worker a write each.
    logger.debug('task started', { ...where, agent: agentId });
    try {
      const output = await lease.execute(task.capability, task.input, {
        signal: run.signal,
        projectDir: project.dir,
        project: project.model.project,
        runId: task.runId,
        workflowId: task.workflowId ?? '',
        stepId: task.stepId,
        attempt: task.attempt,
        idempotencyKey: task.idempotencyKey,
        timeoutMs: task.timeoutMs ?? timeoutOf(project, task),
        // The worker's own env and secrets: the task carries only the non-secret scope. knowledge()
        // reads the shared store, as it would in the driving process.
        scope: { ...task.scope, env, secrets: project.secrets.scope, knowledge: project.readKnowledge },
        logger,
        knowledge: agentKnowledge(store, agentId),
        reportUsage: (u) => {
          usage.promptTokens += u.promptTokens;
          usage.completionTokens += u.completionTokens;
        },
        // Sent back with the result: the driving process emits them as the run's model_call events.
        reportModelCall: (call) => void (usage.modelCalls ??= []).push(call),
      });
      logger.info('task finished', { ...where, agent: agentId, status: 'ok', durationMs: Math.round(performance.now() - t0) });
      return { output, usage };
    } catch (e) {
      logger.info('task finished', { ...where, agent: agentId, status: 'error', durationMs: Math.round(performance.now() - t0), error: e instanceof Error ? e.message : String(e) });
      // Contract errors and the like are NonRetriableError subclasses with names of their own:
      // the waiting engine must still see that retrying will not help.
      if (e instanceof NonRetriableError) throw Object.assign(new Error(e.message), { code: 'NON_RETRIABLE' });
      throw e;
    } finally {
      lease.release();
    }
  };
  return store.startWorker({
    execute,
    ...(opts.concurrency === undefined ? {} : { concurrency: opts.concurrency }),
    ...(opts.heartbeatMs === undefined ? {} : { heartbeatMs: opts.heartbeatMs }),
    ...(opts.staleMs === undefined ? {} : { staleMs: opts.staleMs }),
    ...(opts.pollMs === undefined ? {} : { pollMs: opts.pollMs }),
    ...(opts.id === undefined ? {} : { id: opts.id }),
  });
}

/**
 * Tasks `amas up` executes at once on a PostgreSQL store: `runtime.max_concurrent_tasks`, its cap
 * on one machine (the schema's default when the model was built without defaults). More come from
 * `amas worker --concurrency N`. A handed-off step waits in the queue for a slot, and that wait
 * counts against its timeout, so `amas up` alone must not be narrower than on the embedded store.
 */
const IN_PROCESS_WORKER_CONCURRENCY = 50;

/** The worker `amas up` runs in its own process on a PostgreSQL store (unless `--no-work`). */
export async function startInProcessWorker(project: WorkerProject, logger: Logger, env: Record<string, string | undefined> | undefined): Promise<PgQueueWorker> {
  const concurrency = project.model.project.runtime?.max_concurrent_tasks ?? IN_PROCESS_WORKER_CONCURRENCY;
  const worker = await startProjectWorker(project, { logger, concurrency, ...(env === undefined ? {} : { env }) });
  logger.info('executing handed-off steps here too', { worker: worker.id, concurrency });
  return worker;
}

/** A task from an older driver without its timeout: the capability's, else the project default. */
function timeoutOf(project: WorkerProject, task: StepTask): number {
  const declared = project.agents.describe(task.capability)?.timeout ?? project.model.project.runtime?.default_timeout;
  return declared === undefined ? DEFAULT_TIMEOUT_MS : parseDuration(declared);
}
