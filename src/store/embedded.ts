/**
 * The embedded store (sql.js in memory, journal and checkpoints on disk) as a StoreBackend
 * (backend.ts): a thin layer over the query classes. Reads answer from memory, so each promise
 * is already settled when returned; writes are the classes' own transactions. Rows are not
 * copied on the way through.
 */
import type { StoreBackend, JournalWrite } from './backend.ts';
import { putJournalSteps } from './journal-steps.ts';
import type { KnowledgeEntry } from './knowledge.ts';
import type { Store } from './store.ts';
import type { WriteOptions } from './types.ts';

/** The sync call's result, or its exception, as a settled promise (a caller never sees a sync throw). */
function settled<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
}

export class EmbeddedBackend implements StoreBackend {
  readonly kind = 'embedded' as const;
  readonly runs: StoreBackend['runs'];
  readonly runSpecs: StoreBackend['runSpecs'];
  readonly knowledge: StoreBackend['knowledge'];
  readonly events: StoreBackend['events'];
  readonly metrics: StoreBackend['metrics'];
  readonly triggers: StoreBackend['triggers'];
  readonly agentTurns: StoreBackend['agentTurns'];
  readonly approvals: StoreBackend['approvals'];
  /** No work queue in the embedded store: steps run in the process that drives the run. */
  readonly workers: StoreBackend['workers'] = { list: () => Promise.resolve([]) };

  constructor(readonly store: Store) {
    const { runs, runSpecs, knowledge, events, metrics, triggers, agentTurns, approvals } = store;
    this.runs = {
      upsert: (run, opts) => runs.upsert(run, opts),
      upsertStep: (step, opts) => runs.upsertStep(step, opts),
      writeJournal: (batch, opts) => this.writeJournal(batch, opts),
      get: (id) => settled(() => runs.get(id)),
      list: (q) => settled(() => runs.list(q)),
      children: (runId) => settled(() => runs.children(runId)),
      steps: (runId) => settled(() => runs.steps(runId)),
      step: (runId, stepId) => settled(() => runs.step(runId, stepId)),
      hasRunOfFire: (fireId) => settled(() => runs.hasRunOfFire(fireId)),
      prune: (before, opts) => runs.prune(before, opts),
    };
    this.runSpecs = { get: (hash) => settled(() => runSpecs.get(hash)) };
    this.knowledge = {
      store: (input, opts) => knowledge.store(input, opts),
      share: (input, opts) => knowledge.share(input, opts),
      get: (id) => settled(() => knowledge.get(id)),
      retrieve: (q) => settled(() => knowledge.retrieve(q)),
      count: (q) => settled(() => knowledge.count(q)),
      countCreatedSince: (since) => settled(() => knowledge.countCreatedSince(since)),
      search: (text, q) => settled(() => knowledge.search(text, q)),
      prune: (opts) => knowledge.prune(opts),
      remove: (q, opts) => knowledge.remove(q, opts),
      pruneBookkeeping: (before, opts) => knowledge.pruneBookkeeping(before, opts),
      delete: (id, opts) => knowledge.delete(id, opts),
      entries: (pageSize) => entriesOf(knowledge.entries(pageSize)),
    };
    this.events = {
      append: (e, opts) => events.append(e, opts),
      appendMany: (list, opts) =>
        store.transaction((tx) => {
          for (const e of list) events.putEvent(tx, e);
        }, opts),
      list: (q) => settled(() => events.list(q)),
      prune: (before, opts) => events.prune(before, opts),
    };
    this.metrics = {
      record: (samples, opts) => metrics.record(samples, opts),
      query: (name, q) => settled(() => metrics.query(name, q)),
      prune: (before, opts) => metrics.prune(before, opts),
    };
    this.triggers = {
      get: (workflowId, key) => settled(() => triggers.get(workflowId, key)),
      list: (workflowId) => settled(() => triggers.list(workflowId)),
      put: (s, opts) => triggers.put(s, opts),
      recordFire: (workflowId, key, at, outcome, opts) => triggers.recordFire(workflowId, key, at, outcome, opts),
      setPaused: (workflowId, paused, opts) => triggers.setPaused(workflowId, paused, opts),
      isPaused: (workflowId) => settled(() => triggers.isPaused(workflowId)),
    };
    this.agentTurns = { conversation: (runId, loop) => settled(() => agentTurns.conversation(runId, loop)) };
    this.approvals = {
      get: (runId, stepId, callId) => settled(() => approvals.get(runId, stepId, callId)),
      ofRun: (runId) => settled(() => approvals.ofRun(runId)),
      pending: () => settled(() => approvals.pending()),
      request: (r) => approvals.request(r),
      answer: (runId, stepId, callId, a) => approvals.answer(runId, stepId, callId, a),
    };
  }

  get readOnly(): boolean {
    return this.store.readOnly;
  }

  get fence(): StoreBackend['fence'] {
    return this.store.fence;
  }

  get warnings(): readonly string[] {
    return this.store.recovery.warnings;
  }

  sync(): Promise<void> {
    return this.store.sync();
  }

  close(): Promise<void> {
    return this.store.close();
  }

  /** One transaction, one journal record; the rows are read (serialized) before this returns. */
  private writeJournal(batch: JournalWrite, opts?: WriteOptions): Promise<void> {
    if (batch.tasks !== undefined && batch.tasks.length > 0) {
      return Promise.reject(new Error('the embedded store has no work queue: step tasks need a PostgreSQL store'));
    }
    const { runs, runSpecs, agentTurns, knowledge } = this.store;
    return this.store.transaction((tx) => {
      for (const r of batch.runs) {
        if (r.spec && r.specHash) runSpecs.put(tx, r.specHash, r.spec);
        runs.putRun(tx, r);
      }
      putJournalSteps(tx, batch.steps);
      if (batch.turns) for (const t of batch.turns) agentTurns.putTurn(tx, t);
      if (batch.calls) for (const c of batch.calls) agentTurns.putCall(tx, c);
      for (const k of batch.knowledge) knowledge.insert(tx, k);
    }, opts);
  }
}

async function* entriesOf(pages: Iterable<KnowledgeEntry>): AsyncGenerator<KnowledgeEntry> {
  yield* pages;
}

/** The embedded store behind the async contract. */
export function embeddedBackend(store: Store): EmbeddedBackend {
  return new EmbeddedBackend(store);
}
