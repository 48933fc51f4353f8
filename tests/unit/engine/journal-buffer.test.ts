import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/core/index.ts';
import { JournalBuffer } from '../../../src/engine/journal.ts';
import type { JournalBatch, JournalDurability, RunJournal } from '../../../src/engine/ports.ts';
import type { StepRow } from '../../../src/engine/types.ts';

// A journal whose writes are settled by the test: what a durable request waits for is visible.
function heldJournal() {
  const writes: { batch: JournalBatch; durable: JournalDurability; settle: (err?: Error) => void }[] = [];
  const journal: RunJournal = {
    write: (batch, durable) => new Promise<void>((resolve, reject) => writes.push({ batch, durable, settle: (err) => (err ? reject(err) : resolve()) })),
    getRun: () => Promise.resolve(undefined),
    getSteps: () => Promise.resolve([]),
    listRuns: () => Promise.resolve([]),
  };
  return { journal, writes };
}
const step = (stepId: string): StepRow => ({ runId: 'r1', stepId, status: 'running', attempt: 1 }) as StepRow;
const tick = () => new Promise((r) => setImmediate(r));

describe('JournalBuffer', () => {
  it('resolves every durable request of a flush only once that one write is done', async () => {
    const { journal, writes } = heldJournal();
    const buf = new JournalBuffer(journal, silentLogger);
    const done: string[] = [];
    void buf.step(step('a'), true)!.then(() => done.push('a'));
    void buf.step(step('b'), true)!.then(() => done.push('b'));
    expect(buf.step(step('c'), false)).toBeUndefined();
    await tick();
    expect(writes).toHaveLength(1);
    expect(writes[0]!.durable).toBe(true);
    expect(writes[0]!.batch.steps.map((s) => s.stepId)).toEqual(['a', 'b', 'c']);
    await tick();
    expect(done).toEqual([]);
    writes[0]!.settle();
    await tick();
    expect(done).toEqual(['a', 'b']);
  });

  it('rejects every durable request of a failed flush, and the next flush starts afresh', async () => {
    const { journal, writes } = heldJournal();
    const buf = new JournalBuffer(journal, silentLogger);
    const a = buf.step(step('a'), true)!;
    const b = buf.step(step('b'), true)!;
    await tick();
    writes[0]!.settle(new Error('disk full'));
    await expect(a).rejects.toThrow('disk full');
    await expect(b).rejects.toThrow('disk full');
    const c = buf.step(step('c'), true)!;
    await tick();
    expect(writes).toHaveLength(2);
    writes[1]!.settle();
    await expect(c).resolves.toBeUndefined();
  });

  it('asks the write for the most any request of the flush asked for, and settles them together', async () => {
    const { journal, writes } = heldJournal();
    const buf = new JournalBuffer(journal, silentLogger);
    const done: string[] = [];
    void buf.step(step('a'), 'written')!.then(() => done.push('a'));
    void buf.step(step('b'), true)!.then(() => done.push('b'));
    await tick();
    expect(writes.map((w) => w.durable)).toEqual([true]);
    writes[0]!.settle();
    await tick();
    expect(done).toEqual(['a', 'b']);
  });

  it('writes a pure change without asking for durability', async () => {
    const { journal, writes } = heldJournal();
    const buf = new JournalBuffer(journal, silentLogger);
    void buf.step(step('a'), false);
    await tick();
    expect(writes.map((w) => w.durable)).toEqual([false]);
  });
});
