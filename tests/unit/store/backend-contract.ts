// What every StoreBackend (src/store/backend.ts) must do, whatever it stores in: one suite the
// embedded store runs here and a server-backed store can run against its own `open`.
import { describe, expect, it } from 'vitest';
import type { WorkflowSpec } from '../../../src/core/index.ts';
import type { StoreBackend } from '../../../src/store/index.ts';

export function backendContract(name: string, open: () => Promise<StoreBackend>): void {
  describe(`StoreBackend contract: ${name}`, () => {
    const withBackend = (fn: (b: StoreBackend) => Promise<void>) => async () => {
      const b = await open();
      try {
        await fn(b);
      } finally {
        await b.close();
      }
    };

    it(
      'writes a journal batch in one go: run, pinned spec, steps (a skipped reason kept as its error), turns, calls, bookkeeping',
      withBackend(async (b) => {
        const spec: WorkflowSpec = { id: 'wf', steps: [{ id: 'a', task: 'noop' }] };
        await b.runs.writeJournal({
          runs: [{ id: 'r1', workflowId: 'wf', specHash: 'h1', spec, status: 'running', inputs: { x: 1 }, attempt: 1, createdAt: 1000, startedAt: 1000, trigger: { kind: 'cron', fireId: 'wf/cron:0/1000' } }],
          steps: [
            { runId: 'r1', stepId: 'a', status: 'completed', attempt: 1, agent: 'bot', output: { ok: true }, startedAt: 1000, endedAt: 1001 },
            { runId: 'r1', stepId: 'b', status: 'skipped', attempt: 0, reason: 'condition was false' },
          ],
          turns: [{ runId: 'r1', loop: 'a', seq: 0, attempt: 1, final: true, message: { role: 'assistant', content: 'hi' }, promptTokens: 3, completionTokens: 2, durationMs: 5, at: 1000 }],
          calls: [],
          knowledge: [{ category: 'task_execution', agentId: 'bot', content: { step: 'a' }, source: 'engine' }],
        });
        expect(await b.runs.get('r1')).toMatchObject({ id: 'r1', workflowId: 'wf', specHash: 'h1', status: 'running', inputs: { x: 1 }, createdAt: 1000 });
        expect(await b.runSpecs.get('h1')).toEqual(spec);
        expect(await b.runSpecs.get('nope')).toBeUndefined();
        const steps = await b.runs.steps('r1');
        expect(steps.map((s) => [s.stepId, s.status, s.agentId])).toEqual([
          ['a', 'completed', 'bot'],
          ['b', 'skipped', null],
        ]);
        expect(steps[0]!.output).toEqual({ ok: true });
        expect(steps[1]!.error).toEqual({ kind: 'skipped', message: 'condition was false' });
        expect(await b.runs.step('r1', 'a')).toMatchObject({ status: 'completed' });
        expect((await b.agentTurns.conversation('r1')).turns).toHaveLength(1);
        expect(await b.knowledge.count({ category: 'task_execution' })).toBe(1);
        expect(await b.runs.hasRunOfFire('wf/cron:0/1000')).toBe(true);
        expect(await b.runs.hasRunOfFire('wf/cron:0/2000')).toBe(false);
      }),
    );

    it(
      "a batch's knowledge meets duplicates as knowledge.store does (a live one kept, an expired one replaced); two runs of one spec in one batch",
      withBackend(async (b) => {
        const live = await b.knowledge.store({ category: 'notes', content: { n: 'live' } });
        const old = await b.knowledge.store({ category: 'notes', content: { n: 'old' }, createdAt: 1, expiresAt: 2 });
        const spec: WorkflowSpec = { id: 'wf', steps: [{ id: 'a', task: 'noop' }] };
        await b.runs.writeJournal({
          runs: [
            { id: 'r1', workflowId: 'wf', specHash: 'h1', spec, status: 'running', createdAt: 1000 },
            { id: 'r2', workflowId: 'wf', specHash: 'h1', spec, status: 'running', createdAt: 1000 },
          ],
          steps: [{ runId: 'r1', stepId: 'a', status: 'completed', attempt: 1 }],
          knowledge: [
            { category: 'notes', content: { n: 'live' } },
            { category: 'notes', content: { n: 'old' } },
            { category: 'notes', content: { n: 'new' } },
          ],
        });
        const notes = await b.knowledge.retrieve({ category: 'notes' });
        expect(notes.map((k) => (k.content as { n: string }).n).sort()).toEqual(['live', 'new', 'old']);
        expect(notes.find((k) => (k.content as { n: string }).n === 'live')?.id).toBe(live.id);
        expect(notes.find((k) => (k.content as { n: string }).n === 'old')?.id).not.toBe(old.id);
        expect((await b.runs.list()).map((r) => r.id).sort()).toEqual(['r1', 'r2']);
        expect(await b.runSpecs.get('h1')).toEqual(spec);
        expect(await b.runs.step('r1', 'a')).toMatchObject({ status: 'completed' });
      }),
    );

    it(
      'lists runs newest first with filters, children oldest first, and prunes ended runs only',
      withBackend(async (b) => {
        await b.runs.upsert({ id: 'p', workflowId: 'wf', status: 'completed', createdAt: 1, endedAt: 5 });
        await b.runs.upsert({ id: 'c1', workflowId: 'sub', status: 'completed', createdAt: 2, endedAt: 3, parentRunId: 'p', parentStepId: 's' });
        await b.runs.upsert({ id: 'c2', workflowId: 'sub', status: 'running', createdAt: 3, parentRunId: 'p', parentStepId: 's' });
        expect((await b.runs.list()).map((r) => r.id)).toEqual(['c2', 'c1', 'p']);
        expect((await b.runs.list({ workflowId: 'sub', status: ['running'] })).map((r) => r.id)).toEqual(['c2']);
        expect((await b.runs.children('p')).map((r) => r.id)).toEqual(['c1', 'c2']);
        expect(await b.runs.prune(10)).toBe(2);
        expect((await b.runs.list()).map((r) => r.id)).toEqual(['c2']);
      }),
    );

    it(
      'stores, deduplicates, searches, exports and deletes knowledge',
      withBackend(async (b) => {
        const first = await b.knowledge.store({ category: 'notes', content: { text: 'green tea calms' } });
        expect(first.duplicate).toBe(false);
        expect(await b.knowledge.store({ category: 'notes', content: { text: 'green tea calms' } })).toEqual({ id: first.id, duplicate: true });
        await b.knowledge.store({ category: 'notes', content: { text: 'black coffee wakes' } });
        expect((await b.knowledge.get(first.id))?.content).toEqual({ text: 'green tea calms' });
        expect((await b.knowledge.search('tea')).map((h) => h.entry.id)).toEqual([first.id]);
        expect(await b.knowledge.retrieve({ category: 'notes' })).toHaveLength(2);
        expect(await b.knowledge.countCreatedSince(0)).toBe(2);
        const exported: string[] = [];
        for await (const e of b.knowledge.entries(1)) exported.push(e.id);
        expect(exported).toHaveLength(2);
        expect(exported[0]).toBe(first.id);
        expect(await b.knowledge.delete(first.id)).toBe(true);
        expect(await b.knowledge.get(first.id)).toBeUndefined();
        await expect(b.knowledge.remove({})).rejects.toMatchObject({ code: 'AMAS_KNOWLEDGE_DELETE' });
      }),
    );

    it(
      'rejects bad input with the same error instead of throwing synchronously',
      withBackend(async (b) => {
        let p: Promise<unknown> | undefined;
        expect(() => {
          p = b.knowledge.store({ category: '', content: 1 });
        }).not.toThrow();
        await expect(p).rejects.toMatchObject({ code: 'AMAS_KNOWLEDGE_INVALID' });
      }),
    );

    it(
      'appends events in batches, keeps trigger state and metrics',
      withBackend(async (b) => {
        const ev = (id: string, at: number) => ({ id, type: 'data_update', priority: 'normal', source: 's', target: null, data: { id }, createdAt: at, expiresAt: null });
        await b.events.appendMany([ev('e1', 1), ev('e2', 2)]);
        await b.events.append(ev('e3', 3));
        expect((await b.events.list()).map((e) => e.id)).toEqual(['e3', 'e2', 'e1']);
        expect(await b.events.prune(3)).toBe(2);
        await b.triggers.recordFire('wf', 'cron:0', 100, 'fired');
        await b.triggers.setPaused('wf', true);
        expect(await b.triggers.isPaused('wf')).toBe(true);
        expect(await b.triggers.get('wf', 'cron:0')).toMatchObject({ lastFire: 100, lastOutcome: 'fired' });
        expect((await b.triggers.list('wf')).map((t) => t.triggerKey)).toEqual(['*', 'cron:0']);
        await b.metrics.record([{ name: 'm', value: 1, ts: 10 }, { name: 'm', value: 2, ts: 20 }]);
        expect((await b.metrics.query('m', { since: 15 })).map((s) => s.value)).toEqual([2]);
      }),
    );

    it(
      'takes one answer per approval request',
      withBackend(async (b) => {
        await b.runs.upsert({ id: 'r', workflowId: 'wf', status: 'running' });
        const req = { runId: 'r', stepId: 's', callId: '', workflowId: 'wf', prompt: 'Go?', inputSchema: null, requestedAt: 1, deadline: null, onTimeout: null };
        expect((await b.approvals.request(req)).answer).toBeNull();
        expect(await b.approvals.pending()).toHaveLength(1);
        const a = { approved: true, by: 'ana', at: 2, comment: null, input: null };
        expect((await b.approvals.answer('r', 's', '', a)).taken).toBe(true);
        const again = await b.approvals.answer('r', 's', '', { ...a, approved: false, by: 'bob' });
        expect(again.taken).toBe(false);
        expect(again.row?.answer).toMatchObject({ approved: true, by: 'ana' });
        expect(await b.approvals.get('r', 's')).toMatchObject({ answer: { by: 'ana' } });
        expect(await b.approvals.ofRun('r')).toHaveLength(1);
        expect(await b.approvals.pending()).toEqual([]);
      }),
    );
  });
}
