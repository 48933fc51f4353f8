import { resolve } from 'node:path';
import { AgentPool, type CallInterceptor } from '../agents/index.ts';
import { EventBus } from '../bus/index.ts';
import { AmasError, outputGuard, parseDuration, redactingLogger, silentLogger, systemClock, type Clock, type Diagnostic, type Logger, type ProjectSecrets, type Redactor, type WorkflowSpec } from '../core/index.ts';
import { Engine, type EngineEvent, type InDoubtAction, type RunHandle, type RunResult } from '../engine/index.ts';
import { loadProject, validateDynamicWorkflow, type ProjectModel } from '../spec/index.ts';
import type { DriverRole, StoreBackend } from '../store/index.ts';
import { RunDriver } from './run-drivers.ts';
import { agentKnowledge, EventPersister, PoolAgents } from './engine-ports.ts';
import { engineAgentPort } from './agent-port.ts';
import { projectSecrets, updateProjectSecrets } from './secrets.ts';
import { EventStream, type RunOrigin } from './event-stream.ts';
import { RunPath } from './run-path.ts';
import { unknownWorkflow } from './unknown-workflow.ts';

export { unknownWorkflow } from './unknown-workflow.ts';
import { StoreJournal } from './store-journal.ts';
import { embeddedStorePath, openProjectStore } from './project-store.ts';
import { KnowledgeCache, knowledgeCategories } from './knowledge-cache.ts';
import { StoreApprovals } from './store-approvals.ts';
import { serveTaskRequests } from './task-requests.ts';
import { AgentReactions } from './agent-reactions.ts';
import { ProjectTelemetry } from './telemetry-wiring.ts';

export interface OpenProjectOptions {
  /** Database file (relative to the project), or ':memory:'. Default: amas.yaml `store.path`, else `.amas/amas.db`. */
  store?: string;
  clock?: Clock;
  logger?: Logger;
  /** Environment for `${{ env.* }}` and secrets (default process.env). */
  env?: Record<string, string | undefined>;
  /** Jitter source for retry backoff (tests). */
  random?: () => number;
  /** LLM token usage as executors report it (the monitor's token rate). */
  onUsage?: (usage: { promptTokens: number; completionTokens: number }) => void;
  /** `amas test`: every model, http and mcp call goes through this hook (record or replay). */
  calls?: CallInterceptor;
  /** `amas test`: capabilities answered with these values; their executors never run. */
  mocks?: ReadonlyMap<string, unknown>;
  /** On a PostgreSQL store, the role this process registers with as a run driver (default `run`; `amas up` starts as `standby`). */
  role?: DriverRole;
  /** false: this process drives no runs (`amas worker`): it does not register as a run driver. */
  drive?: boolean;
  /** false (`amas up --no-work`): on a PostgreSQL store no attempt runs here, even while no worker is alive. */
  work?: boolean;
}

/** A project opened as a library: the same runtime the CLI uses (docs/architecture.md "Faces"). */
export interface Project {
  readonly dir: string;
  readonly model: ProjectModel;
  /**
   * Swaps in a re-validated model after a hot reload: new runs and new agent tasks read its
   * `amas.yaml` (providers, defaults); the project's secrets are worked out again from it, the
   * environment and `.env`. Runs already going keep their pinned spec.
   */
  setModel(model: ProjectModel): void;
  /** The project's secrets: the `secrets` expressions read, and their values for masking. */
  readonly secrets: ProjectSecrets;
  /** Masks this project's secrets (and only this project's) in data, at every exit. */
  readonly redactor: Redactor;
  readonly engine: Engine;
  /** The store through its async contract (src/store/backend.ts): every face reads and writes it this way. */
  readonly store: StoreBackend;
  /**
   * On a PostgreSQL store: this process as a run driver (heartbeat, adoption, answers given
   * elsewhere: run-drivers.ts). Undefined on the embedded store, which has one writer.
   */
  readonly driver: RunDriver | undefined;
  readonly bus: EventBus;
  readonly agents: AgentPool;
  /** Ids of the workflows the project declares. */
  workflows(): string[];
  /**
   * The project's one run path (docs/architecture.md "The run path"): overlap gates, the runs
   * going, `startRun`. Every face — `amas up`'s triggers, CLI, TUI, HTTP, MCP, and the methods
   * below — starts runs through it.
   */
  readonly runs: RunPath;
  /**
   * Runs a declared workflow through `runs.startRun`; resolves when the run ends. Throws AmasError
   * on unknown ids, bad inputs, or a start its overlap policy refuses (AMAS_RUN_SKIPPED).
   */
  run(workflowId: string, inputs?: Record<string, unknown>, opts?: StartOptions): Promise<RunResult>;
  /** Starts a declared workflow and returns at once (a queued run's handle settles once it has run). */
  start(workflowId: string, inputs?: Record<string, unknown>, opts?: StartOptions): RunHandle;
  /** Validates a whole workflow submitted at run time (YAML/JSON text or an object), then runs it. */
  runDynamic(source: string | object, inputs?: Record<string, unknown>, opts?: StartOptions): Promise<RunResult>;
  /**
   * `knowledge(category, limit)` as expressions read it, synchronously: from memory on the
   * embedded store, from a cache refreshed every second on PostgreSQL (knowledge-cache.ts).
   */
  readonly readKnowledge: (category: string, limit?: number) => unknown[];
  /** Resumes unfinished runs from the store (all, or one). */
  resume(runId?: string): Promise<RunHandle[]>;
  /** Settles an `in_doubt` step (retry it or skip it) and resumes its run. */
  decide(runId: string, stepId: string, action: InDoubtAction): Promise<RunHandle>;
  /**
   * The engine's run and step transitions as they happen, UNMASKED: for the runtime's own wiring
   * only (trigger outcomes, metrics counters, cron bookkeeping). Anything that shows, logs or
   * sends events — the TUI, logs, `amas run`, `events tail`, SSE, traces — reads `stream`, whose
   * events are sequenced and masked once.
   */
  onEvent(listener: (e: EngineEvent) => void): () => void;
  /** The project's one sequenced, masked event stream (runs, steps, bus events, reloads, alerts, logs). */
  readonly stream: EventStream;
  /**
   * Cancels active runs, takes agents offline and closes the store. With `suspendRuns` active
   * runs are stopped but not ended: they stay unfinished in the store and resume on the next
   * start (what `amas up` does when the shutdown grace period runs out).
   */
  close(opts?: { suspendRuns?: boolean }): Promise<void>;
}

/** Who a start through `Project.start`/`run` is recorded as (default: `embed`). */
export interface StartOptions {
  via?: RunOrigin['via'];
}

/** Thrown when the project's specs have errors: the diagnostics say what and where. */
export class ProjectInvalidError extends AmasError {
  constructor(
    readonly diagnostics: Diagnostic[],
    readonly model: ProjectModel,
  ) {
    const n = diagnostics.filter((d) => d.severity === 'error').length;
    super('AMAS_PROJECT_INVALID', `the project has ${n} error${n === 1 ? '' : 's'}`, { hint: 'run `amas validate` for details' });
  }
}

/** The embedded store file of a project (see project-store.ts for which store a project uses). */
export function resolveStorePath(dir: string, model: ProjectModel, store?: string): string {
  return embeddedStorePath(dir, model, store);
}

export function shutdownGraceMs(model: ProjectModel): number {
  const g = model.project.runtime?.shutdown_grace;
  return g ? parseDuration(g) : 30_000;
}


/** The workflows a `workflow:` step may run as a child run: the model's, by id. */
function workflowLookup(model: ProjectModel): (id: string) => { spec: WorkflowSpec; hash: string } | undefined {
  return (id) => {
    const w = model.workflows.get(id);
    return w && { spec: w.spec, hash: w.hash };
  };
}

/** Loads and validates the project, opens its store, brings its agents online and wires the engine. */
export async function openProject(dir: string, opts: OpenProjectOptions = {}): Promise<Project> {
  const root = resolve(dir);
  // A copy: process.env is an exotic object, which expressions do not read as a plain map (`env.X` was empty).
  const env = opts.env ?? { ...process.env };
  const loaded = await loadProject(root, { env });
  if (!loaded.ok) throw new ProjectInvalidError(loaded.diagnostics, loaded.model);
  const model = loaded.model;
  const clock = opts.clock ?? systemClock;
  const secrets = projectSecrets(model, env);
  const logger = redactingLogger(opts.logger ?? silentLogger, secrets.redactor);
  const every = model.project.store?.checkpoint_interval;
  const store = await openProjectStore(root, model, env, {
    store: opts.store,
    clock,
    logger,
    secrets,
    ...(every === undefined ? {} : { checkpointIntervalMs: parseDuration(every) }),
  });
  const events = new EventPersister(store, logger);
  let cache: KnowledgeCache | undefined;
  let driver: RunDriver | undefined;
  try {
    if (store.kind === 'postgres' && opts.drive !== false) driver = await RunDriver.register(store, opts.role ?? 'run', logger);
    // `knowledge(category, limit)` in expressions is evaluated synchronously: the embedded store
    // answers from memory; on PostgreSQL a cache prefetched and refreshed in the background answers
    // (knowledge-cache.ts says what a run sees).
    let knowledge: (category: string, limit?: number) => unknown[];
    if (store.kind === 'embedded') {
      const embedded = store.store;
      knowledge = (category, limit) => embedded.knowledge.retrieve({ category, limit: limit ?? 10 }).map((e) => e.content);
    } else {
      const c = (cache = new KnowledgeCache(store, logger));
      await c.start(knowledgeCategories(model));
      knowledge = (category, limit) => c.read(category, limit ?? 10);
    }
    const bus = new EventBus({
      clock,
      logger,
      ...(model.project.store?.event_history === undefined ? {} : { historySize: model.project.store.event_history }),
      persist: events.persist,
      mask: (data) => secrets.redactor.redactDeep(data),
    });
    const maxConcurrent = model.project.runtime?.max_concurrent_tasks;
    const pool = new AgentPool({
      bus,
      clock,
      logger,
      redactor: secrets.redactor,
      ...(maxConcurrent === undefined ? {} : { maxConcurrent }),
      ...(opts.calls ? { calls: opts.calls } : {}),
      ...(opts.mocks ? { mocks: opts.mocks } : {}),
    });
    for (const { spec } of model.agents.values()) pool.add(spec);
    const journal = await StoreJournal.open(store);
    const agentPort = new PoolAgents(pool, { projectDir: root, project: model.project, logger, knowledge: (agentId) => agentKnowledge(store, agentId), ...(opts.onUsage ? { onUsage: opts.onUsage } : {}) });
    const engine = new Engine({
      agents: engineAgentPort(agentPort, store, { redactor: secrets.redactor, clock, logger, runHereWithoutWorkers: opts.work !== false }),
      knowledge,
      journal,
      approvals: new StoreApprovals(store),
      events: { publish: (e) => void bus.publish(e) },
      project: model.project,
      clock,
      logger,
      env,
      secrets: secrets.scope,
      workflows: workflowLookup(model),
      ...(opts.random ? { random: opts.random } : {}),
    });
    const replay = model.project.http?.sse?.replay;
    const stream = new EventStream({ clock, mask: (v) => secrets.redactor.redactDeep(v), workflowOf: (runId) => engine.workflowOf(runId), ...(replay === undefined ? {} : { capacity: replay }) });
    engine.on((e) => stream.publish(e), { when: () => stream.reading });
    bus.subscribeAll(
      (e) => {
        // Like the engine's events: nothing is built for a stream nobody reads.
        if (stream.reading) stream.publish({ type: 'bus_event', event: { id: e.id, type: e.type, source: e.source, target: e.target, priority: e.priority, data: e.data, timestamp: e.timestamp } });
      },
      { passive: true },
    );
    const telemetry = new ProjectTelemetry(stream, logger, clock);
    telemetry.configure(model, env, secrets.scope);
    const ref: { project?: LiveProject } = {};
    const runs = new RunPath({ engine, model: () => ref.project?.model ?? model, stream, clock, logger });
    driver?.watchAnswers(engine);
    const project = new LiveProject(root, model, engine, store, bus, pool, events, secrets, env, agentPort, stream, telemetry, runs, cache, driver, knowledge);
    ref.project = project;
    const requests = { projectDir: root, project: () => project.model.project, env, secrets: () => secrets.scope, logger, clock };
    serveTaskRequests(pool, bus, requests);
    project.reactions = new AgentReactions(pool, bus, requests);
    project.reactions.sync(model);
    return project;
  } catch (err) {
    cache?.close();
    await driver?.stop();
    await store.close();
    throw err;
  }
}

class LiveProject implements Project {
  private closed = false;
  /** The agents' `reacts_to` subscriptions (set right after construction, in openProject). */
  reactions: AgentReactions | undefined;
  private readonly detachGuard: () => void;
  constructor(
    readonly dir: string,
    public model: ProjectModel,
    readonly engine: Engine,
    readonly store: StoreBackend,
    readonly bus: EventBus,
    readonly agents: AgentPool,
    private readonly events: EventPersister,
    readonly secrets: ProjectSecrets,
    private readonly env: Record<string, string | undefined>,
    private readonly agentPort: PoolAgents,
    readonly stream: EventStream,
    private readonly telemetry: ProjectTelemetry,
    readonly runs: RunPath,
    private readonly knowledgeCache: KnowledgeCache | undefined,
    readonly driver: RunDriver | undefined,
    readonly readKnowledge: (category: string, limit?: number) => unknown[],
  ) {
    this.detachGuard = outputGuard.attach(secrets.redactor);
  }

  get redactor(): Redactor {
    return this.secrets.redactor;
  }

  workflows(): string[] {
    return [...this.model.workflows.keys()];
  }

  setModel(model: ProjectModel): void {
    this.model = model;
    updateProjectSecrets(this.secrets, model, this.env);
    this.engine.reconfigure({ project: model.project, workflows: workflowLookup(model) });
    this.agentPort.setProject(model.project);
    this.reactions?.sync(model);
    this.telemetry.configure(model, this.env, this.secrets.scope);
  }

  start(workflowId: string, inputs: Record<string, unknown> = {}, opts: StartOptions = {}): RunHandle {
    if (!this.model.workflows.has(workflowId)) throw unknownWorkflow(this.model, workflowId);
    return this.runs.handleOf(this.runs.startRun({ workflow: workflowId, inputs, origin: { kind: 'manual', via: opts.via ?? 'embed' } }));
  }

  run(workflowId: string, inputs: Record<string, unknown> = {}, opts: StartOptions = {}): Promise<RunResult> {
    try {
      return this.start(workflowId, inputs, opts).result;
    } catch (err) {
      return Promise.reject(err);
    }
  }

  async runDynamic(source: string | object, inputs: Record<string, unknown> = {}, opts: StartOptions = {}): Promise<RunResult> {
    const { spec, diagnostics } = validateDynamicWorkflow(this.model, source);
    if (!spec || diagnostics.some((d) => d.severity === 'error')) throw new ProjectInvalidError(diagnostics, this.model);
    const dynamic = spec as WorkflowSpec;
    return this.runs.handleOf(this.runs.startRun({ workflow: dynamic.id, inputs, origin: { kind: 'manual', via: opts.via ?? 'embed' }, dynamic })).result;
  }

  async resume(runId?: string): Promise<RunHandle[]> {
    if (!this.driver) return this.engine.resumeRuns(runId === undefined ? {} : { runId });
    // On a shared store: one run is taken over first (refused while a live process drives it);
    // "all" means the runs whose driver is gone.
    if (runId === undefined) return this.driver.adoptOrphans(this.engine);
    await this.driver.claim(runId);
    return this.engine.resumeRuns({ runId });
  }

  async decide(runId: string, stepId: string, action: InDoubtAction): Promise<RunHandle> {
    await this.driver?.claim(runId);
    return this.engine.decide(runId, stepId, action);
  }

  onEvent(listener: (e: EngineEvent) => void): () => void {
    return this.engine.on(listener);
  }

  async close(opts: { suspendRuns?: boolean } = {}): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.runs.stopAccepting();
    this.reactions?.close();
    if (opts.suspendRuns) await this.engine.suspend();
    else await this.engine.close();
    // After the engine: runs it cancelled have published their end, so their spans are complete.
    await this.telemetry.close();
    await this.agents.close();
    await this.bus.drain();
    await this.events.flush();
    this.knowledgeCache?.close();
    // After the engine: its unfinished runs are suspended in the journal, and now handed over.
    await this.driver?.stop();
    await this.store.close();
    this.detachGuard();
  }
}
