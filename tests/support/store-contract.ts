// One suite of store behaviours that every StoreBackend must show (src/store/backend.ts): the
// engine journal's atomic batches, run listing, loop history order, approvals answered once,
// knowledge, pruning, events, metrics, triggers and masking. Each backend's test file calls
// `storeContract` with a factory that opens a fresh, empty store.
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { Redactor, type WorkflowSpec } from '../../src/core/index.ts';
import type { JournalStep, JournalWrite, StoreBackend } from '../../src/store/index.ts';

export interface ContractStore {
  store: StoreBackend;
  /** A second store on the same data, as another process would open it (undefined: the backend has one writer). */
  second?: StoreBackend;
  /** Starts a real queue worker on the store (undefined: the backend has no work queue). */
  startWorker?(id: string, concurrency: number): Promise<{ stop(): Promise<void> }>;
  close(): Promise<void>;
}

export type OpenContractStore = (opts: { redactor?: Redactor; now?: () => number }) => Promise<ContractStore>;

const SPEC: WorkflowSpec = { id: 'wf', steps: [{ id: 'a', agent: 'x' }] } as unknown as WorkflowSpec;

const step = (runId: string, stepId: string, extra: Partial<JournalStep> = {}): JournalStep => ({ runId, stepId, status: 'completed', attempt: 1, startedAt: 1, endedAt: 2, ...extra });

function batch(partial: Partial<JournalWrite>): JournalWrite {
  return { runs: [], steps: [], knowledge: [], ...partial };
}

async function withStore(open: OpenContractStore, fn: (s: StoreBackend, c: ContractStore) => Promise<void>, opts: Parameters<OpenContractStore>[0] = {}): Promise<void> {
  const c = await open(opts);
  try {
    await fn(c.store, c);
  } finally {
    await c.close();
  }
}

export function storeContract(name: string, open: OpenContractStore): void {
  describe(`store contract: ${name}`, () => {
    it('a journal batch is applied whole or not at all', async () => {
      await withStore(open, async (s) => {
        await s.runs.writeJournal(batch({ runs: [{ id: 'r1', workflowId: 'wf', status: 'running', specHash: 'h1', spec: SPEC, createdAt: 10 }], steps: [step('r1', 'a')] }));
        // The second step breaks a NOT NULL constraint inside the transaction: nothing of the batch stays.
        const bad = batch({
          runs: [{ id: 'r1', workflowId: 'wf', status: 'completed', createdAt: 10 }, { id: 'r2', workflowId: 'wf', status: 'running', createdAt: 11 }],
          steps: [step('r1', 'b'), step('r1', 'c', { status: null as unknown as string })],
          knowledge: [{ category: 'task_execution', agentId: 'x', content: { out: 'never stored' }, source: 'r1' }],
        });
        await expect(s.runs.writeJournal(bad)).rejects.toThrow();
        expect((await s.runs.get('r1'))?.status).toBe('running');
        expect(await s.runs.get('r2')).toBeUndefined();
        expect((await s.runs.steps('r1')).map((x) => x.stepId)).toEqual(['a']);
        expect(await s.knowledge.count({ category: 'task_execution' })).toBe(0);
        // The store goes on after the failed batch.
        await s.runs.writeJournal(batch({ runs: [{ id: 'r1', workflowId: 'wf', status: 'completed', createdAt: 10, endedAt: 20 }], steps: [step('r1', 'b')] }));
        expect((await s.runs.get('r1'))?.status).toBe('completed');
        expect((await s.runs.steps('r1')).map((x) => x.stepId)).toEqual(['a', 'b']);
        expect((await s.runSpecs.get('h1'))?.id).toBe('wf');
      });
    });

    it('journal writes made without waiting land in the order they were made', async () => {
      await withStore(open, async (s) => {
        const writes: Promise<void>[] = [];
        for (let i = 0; i < 40; i++) {
          writes.push(s.runs.writeJournal(batch({ runs: [{ id: 'r', workflowId: 'wf', status: i === 39 ? 'completed' : 'running', attempt: i + 1, createdAt: 1 }], steps: [step('r', 'a', { attempt: i + 1 })] }), { durable: i % 2 === 0 }));
        }
        await Promise.all(writes);
        expect((await s.runs.get('r'))?.attempt).toBe(40);
        expect((await s.runs.get('r'))?.status).toBe('completed');
        expect((await s.runs.step('r', 'a'))?.attempt).toBe(40);
      });
    });

    it('a skipped step keeps its reason; a step row keeps the first insertion order', async () => {
      await withStore(open, async (s) => {
        await s.runs.writeJournal(batch({ runs: [{ id: 'r', workflowId: 'wf', status: 'running', createdAt: 1 }], steps: [step('r', 'z'), step('r', 'y', { status: 'skipped', reason: 'when was false' })] }));
        await s.runs.writeJournal(batch({ runs: [], steps: [step('r', 'z', { attempt: 2 }), step('r', 'x')] }));
        const steps = await s.runs.steps('r');
        expect(steps.map((x) => x.stepId)).toEqual(['z', 'y', 'x']);
        expect(steps[1]!.error).toEqual({ kind: 'skipped', message: 'when was false' });
        expect(steps[0]!.attempt).toBe(2);
      });
    });

    it('lists runs newest first, filtered by status and workflow, limited', async () => {
      await withStore(open, async (s) => {
        const runs = [
          { id: 'a', workflowId: 'w1', status: 'completed', createdAt: 100 },
          { id: 'b', workflowId: 'w2', status: 'failed', createdAt: 200 },
          { id: 'c', workflowId: 'w1', status: 'running', createdAt: 300 },
          // Same millisecond: the one written later comes first.
          { id: 'd', workflowId: 'w1', status: 'completed', createdAt: 300 },
        ];
        for (const r of runs) await s.runs.upsert(r);
        expect((await s.runs.list()).map((r) => r.id)).toEqual(['d', 'c', 'b', 'a']);
        expect((await s.runs.list({ status: ['completed', 'failed'] })).map((r) => r.id)).toEqual(['d', 'b', 'a']);
        expect((await s.runs.list({ status: 'running' })).map((r) => r.id)).toEqual(['c']);
        expect((await s.runs.list({ workflowId: 'w1', limit: 2 })).map((r) => r.id)).toEqual(['d', 'c']);
        expect((await s.runs.list({ workflowId: 'nope' })).length).toBe(0);
        // created_at is kept from the first write; a child names its parent.
        await s.runs.upsert({ id: 'a', workflowId: 'w1', status: 'completed', createdAt: 999 });
        expect((await s.runs.get('a'))?.createdAt).toBe(100);
        await s.runs.upsert({ id: 'k', workflowId: 'w3', status: 'running', createdAt: 400, parentRunId: 'a', parentStepId: 'sub', trigger: { fireId: 'f-1' } });
        expect((await s.runs.children('a')).map((r) => [r.id, r.parentStepId])).toEqual([['k', 'sub']]);
        expect(await s.runs.hasRunOfFire('f-1')).toBe(true);
        expect(await s.runs.hasRunOfFire('f-2')).toBe(false);
      });
    });

    it('returns an agent loop history in conversation order, per loop', async () => {
      await withStore(open, async (s) => {
        const turn = (loop: string, seq: number) => ({ runId: 'r', loop, seq, attempt: 1, final: false, message: { role: 'assistant', content: `${loop}-${seq}` }, promptTokens: 1, completionTokens: 2, durationMs: 3.5, at: 10 + seq });
        const call = (loop: string, turnNo: number, callId: string) => ({
          runId: 'r', loop, callId, turn: turnNo, toolCallId: `t-${callId}`, tool: 'search', kind: 'capability', args: { q: callId }, idempotent: true, status: 'running', startedAt: 5,
        });
        await s.runs.writeJournal(batch({ runs: [{ id: 'r', workflowId: 'wf', status: 'running', createdAt: 1 }], turns: [turn('L1', 2) as never, turn('L2', 1) as never], calls: [call('L1', 2, 'c3') as never] }));
        await s.runs.writeJournal(batch({ turns: [turn('L1', 1) as never], calls: [call('L1', 1, 'c9') as never, call('L1', 1, 'c1') as never] }));
        // A finished call updates its row in place.
        await s.runs.writeJournal(batch({ calls: [{ ...call('L1', 1, 'c9'), status: 'completed', result: 'ok', endedAt: 9, durationMs: 4 } as never] }));
        const all = await s.agentTurns.conversation('r');
        expect(all.turns.map((t) => `${t.loop}:${t.seq}`)).toEqual(['L1:1', 'L1:2', 'L2:1']);
        expect(all.calls.map((c) => c.callId)).toEqual(['c9', 'c1', 'c3']);
        expect(all.calls[0]).toMatchObject({ status: 'completed', result: 'ok', args: { q: 'c9' }, durationMs: 4 });
        expect(all.turns[0]!.message).toEqual({ role: 'assistant', content: 'L1-1' });
        const l2 = await s.agentTurns.conversation('r', 'L2');
        expect(l2.turns.map((t) => t.seq)).toEqual([1]);
        expect(l2.calls).toEqual([]);
      });
    });

    it('takes an approval answer once, whoever answers at the same time', async () => {
      await withStore(open, async (s, c) => {
        await s.runs.upsert({ id: 'r', workflowId: 'wf', status: 'running', createdAt: 1 });
        const req = { runId: 'r', stepId: 'ok', callId: '', workflowId: 'wf', prompt: 'ship it?', inputSchema: null, requestedAt: 5, deadline: null, onTimeout: null };
        const first = await s.approvals.request(req);
        const again = await s.approvals.request({ ...req, requestedAt: 9, prompt: 'other' });
        expect(again.requestedAt).toBe(first.requestedAt);
        expect((await s.approvals.pending()).map((a) => a.stepId)).toEqual(['ok']);
        const answerers = [s, c.second ?? s];
        const results = await Promise.all(
          Array.from({ length: 12 }, (_, i) => answerers[i % answerers.length]!.approvals.answer('r', 'ok', '', { approved: i % 2 === 0, by: `user${i}`, at: 10 + i, comment: null, input: null })),
        );
        const taken = results.filter((r) => r.taken);
        expect(taken.length).toBe(1);
        const winner = taken[0]!.row!.answer!;
        for (const r of results) expect(r.row?.answer).toEqual(winner);
        expect((await s.approvals.get('r', 'ok'))?.answer).toEqual(winner);
        expect(await s.approvals.pending()).toEqual([]);
        expect((await s.approvals.answer('r', 'nope', '', { approved: true, by: 'x', at: 1, comment: null, input: null })).row).toBeUndefined();
      });
    });

    it("keeps a tool call's approval apart from the step's, with the tool and its arguments", async () => {
      await withStore(open, async (s) => {
        await s.runs.upsert({ id: 'r', workflowId: 'wf', status: 'running', createdAt: 1 });
        const base = { runId: 'r', stepId: 'plan', workflowId: 'wf', inputSchema: null, requestedAt: 5, deadline: null, onTimeout: null };
        await s.approvals.request({ ...base, callId: '1.0', tool: 'post', args: { q: 'hello' }, prompt: 'Allow post?' });
        await s.approvals.request({ ...base, callId: '', prompt: 'step?' });
        expect(await s.approvals.get('r', 'plan', '1.0')).toMatchObject({ callId: '1.0', tool: 'post', args: { q: 'hello' }, answer: null });
        expect(await s.approvals.get('r', 'plan')).toMatchObject({ callId: '', tool: null, args: null });
        expect((await s.approvals.ofRun('r')).map((a) => a.callId)).toEqual(['1.0', '']);
      });
    });

    it('stores knowledge once per content, searches it ranked, removes it', async () => {
      await withStore(open, async (s) => {
        const a = await s.knowledge.store({ category: 'notes', content: { text: 'PostgreSQL replaces the embedded store', tags: ['database'] }, agentId: 'ana' });
        const dup = await s.knowledge.store({ category: 'notes', content: { tags: ['database'], text: 'PostgreSQL replaces the embedded store' } });
        expect(dup).toEqual({ id: a.id, duplicate: true });
        const b = await s.knowledge.store({ category: 'notes', content: 'store store store: every store is a store', confidence: 0.5 });
        await s.knowledge.store({ category: 'task_execution', content: { out: 'the store ran' }, agentId: 'ana' });
        expect(await s.knowledge.count()).toBe(3);
        const hits = await s.knowledge.search('store');
        expect(hits.map((h) => h.entry.id)).toEqual([b.id, a.id]);
        expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
        expect(hits[0]!.snippet).toContain('[store]');
        expect((await s.knowledge.search('postgre*')).map((h) => h.entry.id)).toEqual([a.id]);
        expect((await s.knowledge.search('database postgresql')).map((h) => h.entry.id)).toEqual([a.id]);
        expect(await s.knowledge.search('postgresql missingword')).toEqual([]);
        expect(await s.knowledge.search('"; DROP TABLE knowledge; --')).toEqual([]);
        expect((await s.knowledge.search('ran', { includeBookkeeping: true })).length).toBe(1);
        expect((await s.knowledge.search('store', { minConfidence: 0.9 })).map((h) => h.entry.id)).toEqual([a.id]);
        expect((await s.knowledge.get(a.id))?.content).toEqual({ tags: ['database'], text: 'PostgreSQL replaces the embedded store' });
        expect((await s.knowledge.retrieve({ agentId: 'ana', category: 'notes' })).map((e) => e.id)).toEqual([a.id]);
        await expect(s.knowledge.remove({})).rejects.toThrow(/needs ids, a category or an age/);
        expect(await s.knowledge.remove({ ids: [b.id] })).toBe(1);
        expect(await s.knowledge.remove({ category: 'task_execution' })).toBe(1);
        const left: string[] = [];
        for await (const e of s.knowledge.entries(1)) left.push(e.id);
        expect(left).toEqual([a.id]);
      });
    });

    it('expired knowledge is stored again and pruned', async () => {
      let now = 1_000;
      await withStore(
        open,
        async (s) => {
          const first = await s.knowledge.store({ category: 'c', content: 'short lived', ttlMs: 10 });
          now = 2_000;
          expect(await s.knowledge.get(first.id)).toBeUndefined();
          const second = await s.knowledge.store({ category: 'c', content: 'short lived' });
          expect(second.duplicate).toBe(false);
          expect(second.id).not.toBe(first.id);
          await s.knowledge.store({ category: 'c', content: 'gone soon', expiresAt: 1_500 });
          expect(await s.knowledge.prune()).toBe(1);
        },
        { now: () => now },
      );
    });

    it('prunes ended runs with their steps, conversations, approvals and unreferenced specs', async () => {
      await withStore(open, async (s) => {
        await s.runs.writeJournal(batch({ runs: [{ id: 'old', workflowId: 'wf', status: 'completed', specHash: 'h-old', spec: SPEC, createdAt: 1, endedAt: 50 }], steps: [step('old', 'a')] }));
        await s.runs.writeJournal(batch({ runs: [{ id: 'new', workflowId: 'wf', status: 'running', specHash: 'h-new', spec: SPEC, createdAt: 60 }], steps: [step('new', 'a')] }));
        await s.approvals.request({ runId: 'old', stepId: 'a', callId: '', workflowId: 'wf', prompt: 'p', inputSchema: null, requestedAt: 2, deadline: null, onTimeout: null });
        expect(await s.runs.prune(100)).toBe(1);
        expect(await s.runs.get('old')).toBeUndefined();
        expect(await s.runs.steps('old')).toEqual([]);
        expect(await s.approvals.ofRun('old')).toEqual([]);
        expect(await s.runSpecs.get('h-old')).toBeUndefined();
        expect((await s.runSpecs.get('h-new'))?.id).toBe('wf');
        expect((await s.runs.steps('new')).length).toBe(1);
      });
    });

    it('keeps events, metrics and trigger state', async () => {
      await withStore(open, async (s) => {
        const ev = (id: string, type: string, createdAt: number) => ({ id, type, priority: 'normal', source: 'test', target: null, data: { id }, createdAt, expiresAt: null });
        await s.events.appendMany([ev('e1', 'a', 10), ev('e2', 'b', 20), ev('e3', 'a', 20)]);
        await s.events.append(ev('e1', 'a', 10));
        expect((await s.events.list()).map((e) => e.id)).toEqual(['e3', 'e2', 'e1']);
        expect((await s.events.list({ type: 'a', since: 15 })).map((e) => e.id)).toEqual(['e3']);
        expect(await s.events.prune(15)).toBe(1);

        await s.metrics.record([{ name: 'm', value: 1.5, ts: 10, labels: { k: 'v' } }, { name: 'm', value: 2, ts: 30 }, { name: 'other', value: 9, ts: 10 }]);
        expect(await s.metrics.query('m', { since: 5, until: 20 })).toEqual([{ name: 'm', value: 1.5, ts: 10, labels: { k: 'v' } }]);
        expect(await s.metrics.prune(20)).toBe(2);

        await s.triggers.recordFire('wf', 'cron:0', 1000, 'started');
        await s.triggers.put({ workflowId: 'wf', triggerKey: 'cron:0', data: { seen: 1 } });
        expect(await s.triggers.get('wf', 'cron:0')).toMatchObject({ lastFire: 1000, lastOutcome: 'started', data: { seen: 1 }, paused: false });
        await s.triggers.setPaused('wf', true);
        expect(await s.triggers.isPaused('wf')).toBe(true);
        expect((await s.triggers.list('wf')).map((t) => t.triggerKey)).toEqual(['*', 'cron:0']);
        await s.triggers.put({ workflowId: 'wf', triggerKey: 'cron:0', lastOutcome: 'skipped' });
        expect(await s.triggers.get('wf', 'cron:0')).toMatchObject({ lastFire: 1000, lastOutcome: 'skipped', data: { seen: 1 } });
      });
    });

    it('lists the queue workers registered on it, and forgets one that stopped (none without a queue)', async () => {
      await withStore(open, async (s, c) => {
        expect(await s.workers.list()).toEqual([]);
        if (!c.startWorker) return;
        const before = Date.now();
        const w = await c.startWorker('w-contract', 3);
        try {
          const list = await s.workers.list();
          expect(list).toEqual([
            { id: 'w-contract', host: hostname(), pid: process.pid, concurrency: 3, startedAt: expect.any(Number), heartbeatAt: expect.any(Number), inFlight: 0, completed: 0, failed: 0 },
          ]);
          expect(list[0]!.startedAt).toBeGreaterThanOrEqual(before);
          expect(list[0]!.heartbeatAt).toBeGreaterThanOrEqual(list[0]!.startedAt);
        } finally {
          await w.stop();
        }
        expect(await s.workers.list()).toEqual([]);
      });
    });

    it('masks secrets in values before they are written, and says so', async () => {
      const secret = 'sk-very-secret-value';
      await withStore(
        open,
        async (s) => {
          await s.runs.writeJournal(
            batch({
              runs: [{ id: 'r', workflowId: 'wf', status: 'running', inputs: { key: secret }, createdAt: 1 }],
              steps: [step('r', 'a', { output: { said: `the key is ${secret}` } })],
              knowledge: [{ category: 'task_execution', agentId: 'x', content: { out: secret }, source: 'r' }],
            }),
          );
          const run = await s.runs.get('r');
          expect(JSON.stringify(run)).not.toContain(secret);
          expect(run?.masked).toBe(true);
          const st = await s.runs.step('r', 'a');
          expect(JSON.stringify(st)).not.toContain(secret);
          expect(st?.masked).toBe(true);
          const [k] = await s.knowledge.retrieve({ category: 'task_execution' });
          expect(JSON.stringify(k)).not.toContain(secret);
          const ap = await s.approvals.request({ runId: 'r', stepId: 'a', callId: '', workflowId: 'wf', prompt: `use ${secret}?`, inputSchema: null, requestedAt: 1, deadline: null, onTimeout: null });
          expect(ap.prompt).not.toContain(secret);
        },
        { redactor: new Redactor([secret]) },
      );
    });
  });
}
