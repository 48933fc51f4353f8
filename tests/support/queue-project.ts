// The queue tests' wiring of tests/fixtures/queue-project on a PostgreSQL database, from the real
// parts openProject uses: a copy of the project in a temp folder, a "side" (the project's agents
// pool and a PgStore, as one process has them), a driver (an Engine whose agent port hands
// attempts to workers) and workers (startProjectWorker on a side of their own).
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AgentPool } from '../../src/agents/index.ts';
import { EventBus } from '../../src/bus/index.ts';
import { silentLogger, systemClock } from '../../src/core/index.ts';
import { Engine } from '../../src/engine/index.ts';
import { agentKnowledge, PoolAgents } from '../../src/runtime/engine-ports.ts';
import { KnowledgeCache, knowledgeCategories } from '../../src/runtime/knowledge-cache.ts';
import { startProjectWorker, type ProjectWorkerOptions } from '../../src/runtime/project-worker.ts';
import { QueueAgents } from '../../src/runtime/queue-agents.ts';
import { projectSecrets } from '../../src/runtime/secrets.ts';
import { StoreApprovals } from '../../src/runtime/store-approvals.ts';
import { StoreJournal } from '../../src/runtime/store-journal.ts';
import { loadProject, type ProjectModel } from '../../src/spec/index.ts';
import { openPgStore, type PgQueueWorker, type PgStore } from '../../src/store/index.ts';
import type { ProjectSecrets } from '../../src/core/index.ts';

export const QUEUE_PROJECT = path.resolve(import.meta.dirname, '../fixtures/queue-project');

/** A fresh copy of the fixture project (its tool writes executions.log into it). */
export function copyQueueProject(): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'amas-queue-'));
  cpSync(QUEUE_PROJECT, dir, { recursive: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface Execution {
  pid: number;
  key: string;
  attempt: number;
  step: string;
  input: Record<string, unknown>;
}

/** What the project's `work` tool recorded, one entry per execution. */
export function executions(dir: string): Execution[] {
  const f = path.join(dir, 'executions.log');
  if (!existsSync(f)) return [];
  return readFileSync(f, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Execution);
}

/** Lets held executions (`hold: true`) finish. */
export function release(dir: string): void {
  writeFileSync(path.join(dir, 'release'), '');
}

export interface Side {
  dir: string;
  model: ProjectModel;
  secrets: ProjectSecrets;
  store: PgStore;
  agents: AgentPool;
  env: Record<string, string | undefined>;
  /** knowledge() for expressions: the same cache openProject keeps on PostgreSQL. */
  readKnowledge(category: string, limit?: number): unknown[];
  close(): Promise<void>;
}

/** The project as one process opens it: its model, secrets, agents pool and store. */
export async function openSide(dir: string, url: string, env: Record<string, string | undefined>): Promise<Side> {
  const loaded = await loadProject(dir, { env });
  if (!loaded.ok) throw new Error(`fixture project invalid: ${loaded.diagnostics.map((d) => d.message).join('; ')}`);
  const model = loaded.model;
  const secrets = projectSecrets(model, env);
  const store = await openPgStore(url, { redactor: secrets.redactor, resultPollMs: 300 });
  const agents = new AgentPool({ bus: new EventBus({}), redactor: secrets.redactor });
  for (const { spec } of model.agents.values()) agents.add(spec);
  const cache = new KnowledgeCache(store, silentLogger, 200);
  await cache.start(knowledgeCategories(model));
  return {
    dir,
    model,
    secrets,
    store,
    agents,
    env,
    readKnowledge: (category, limit) => cache.read(category, limit ?? 10),
    close: async () => {
      cache.close();
      await agents.close();
      await store.close();
    },
  };
}

/** An engine driving runs on `side`, handing attempts to workers (what openProject wires on PostgreSQL). */
export async function openDriver(side: Side): Promise<Engine> {
  const local = new PoolAgents(side.agents, { projectDir: side.dir, project: side.model.project, logger: silentLogger, knowledge: (id) => agentKnowledge(side.store, id) });
  return new Engine({
    agents: new QueueAgents(local, side.store, side.secrets.redactor, systemClock),
    journal: await StoreJournal.open(side.store),
    approvals: new StoreApprovals(side.store),
    project: side.model.project,
    env: side.env,
    secrets: side.secrets.scope,
    workflows: (id) => {
      const w = side.model.workflows.get(id);
      return w && { spec: w.spec, hash: w.hash };
    },
  });
}

export function workflow(side: Side, id: string) {
  const w = side.model.workflows.get(id);
  if (!w) throw new Error(`no workflow ${id}`);
  return w.spec;
}

/** A worker on `side` with short periods (a dead worker's tasks are released within ~1.5 s). */
export function startWorker(side: Side, id: string, opts: ProjectWorkerOptions = {}): Promise<PgQueueWorker> {
  return startProjectWorker(side, { id, concurrency: 8, heartbeatMs: 200, staleMs: 1500, pollMs: 200, env: side.env, ...opts });
}

export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
