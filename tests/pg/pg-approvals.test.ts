// An approval answered from another process on a PostgreSQL store reaches the run: `amas run`
// stops at the approval and hands the run over; the leading `amas up` adopts it and waits; an
// answer given from another directory (another machine: no control socket) is only stored, and
// the leader notices it and continues the run. With no `amas up` at all, the answering command
// continues the run itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../support/postgres.ts';
import { amas, elsewhere, pgProject, query, startUp, until, type UpProcess } from './pg-cli.ts';

let db: TestDatabase;
const ups: UpProcess[] = [];
beforeAll(async () => {
  db = await freshDatabase('amas_pgapprove');
});
afterAll(async () => {
  for (const u of ups) await u.kill9();
  await db?.drop();
});

const runStatus = async (id: string) => (await query<{ status: string; outputs: string | null; driver: string | null }>(db.url, 'SELECT status, outputs, driver FROM runs WHERE id = $1', [id]))[0];

describe('approvals across processes on PostgreSQL', () => {
  it('an answer from another machine continues the run in the amas up that drives it', { timeout: 120_000 }, async () => {
    const dir = pgProject('pgapprove');
    const other = elsewhere(dir);
    const up = await startUp(db.url, dir);
    ups.push(up);
    await up.waitLog((l) => typeof l.msg === 'string' && l.msg.startsWith('leading'), 'leading');

    // Started on "another machine" with no amas up there: it runs to the approval and hands the run over.
    const started = await amas(db.url, ['run', 'review', other, '--json']);
    const runId = (JSON.parse(started.stdout) as { id: string; waiting: string[] }).id;
    expect(JSON.parse(started.stdout)).toMatchObject({ status: 'running', waiting: ['ask'] });
    await up.waitLog((l) => l.msg === 'adopted run' && l.runId === runId, 'amas up adopting the waiting run');
    expect((await runStatus(runId))?.driver).toContain(`:${up.child.pid}:`);

    const answered = await amas(db.url, ['runs', 'approve', runId, 'ask', other, '--by', 'remote-reviewer', '--json']);
    expect(answered.code, answered.stderr).toBe(0);
    expect(JSON.parse(answered.stdout)).toMatchObject({ via: 'driver', approval: { runId, stepId: 'ask' } });
    await up.waitLog((l) => l.msg === 'approval answered elsewhere: run continues' && l.runId === runId, 'amas up noticing the answer', 10_000);
    await until(async () => (await runStatus(runId))?.status === 'completed', 'the run completing in amas up', 20_000);
    expect(JSON.parse((await runStatus(runId))!.outputs!)).toEqual({ text: 'approved by remote-reviewer' });
    // It ran once: one completed `after` step.
    const steps = await query<{ step_id: string; status: string; attempt: number }>(db.url, "SELECT step_id, status, attempt FROM steps WHERE run_id = $1 AND step_id = 'after'", [runId]);
    expect(steps).toEqual([{ step_id: 'after', status: 'completed', attempt: 1 }]);
    expect(await up.stop()).toBe(0);
  });

  it("an answer given through the leader's socket to a run a standby drives is continued by the standby only", { timeout: 120_000 }, async () => {
    const dir = pgProject('pgapprove-two');
    const second = elsewhere(dir);
    const a = await startUp(db.url, dir);
    ups.push(a);
    await a.waitLog((l) => typeof l.msg === 'string' && l.msg.startsWith('leading'), 'leading');
    const b = await startUp(db.url, second);
    ups.push(b);
    await b.waitLog((l) => l.msg === 'standing by: another amas up leads this project', 'standing by');
    // Started through the standby's socket: the standby drives it.
    const started = await amas(db.url, ['run', 'review', second, '--json']);
    const runId = (JSON.parse(started.stdout) as { id: string }).id;
    expect((await runStatus(runId))?.driver).toContain(`:${b.child.pid}:`);
    // Answered through the leader's socket: stored there, continued by the standby.
    const answered = await amas(db.url, ['runs', 'approve', runId, 'ask', dir, '--by', 'leader-side', '--json']);
    expect(answered.code, answered.stderr).toBe(0);
    await b.waitLog((l) => l.msg === 'approval answered elsewhere: run continues' && l.runId === runId, 'the standby noticing the answer', 10_000);
    await until(async () => (await runStatus(runId))?.status === 'completed', 'the run completing', 20_000);
    expect(JSON.parse((await runStatus(runId))!.outputs!)).toEqual({ text: 'approved by leader-side' });
    expect((await runStatus(runId))?.driver).toContain(`:${b.child.pid}:`);
    expect(a.logs().some((l) => l.runId === runId && (l.msg === 'run_started' || l.msg === 'step_started' || l.msg === 'run_finished'))).toBe(false);
    const after = await query<{ attempt: number }>(db.url, "SELECT attempt FROM steps WHERE run_id = $1 AND step_id = 'after'", [runId]);
    expect(after).toEqual([{ attempt: 1 }]);
    await b.stop();
    await a.stop();
  });

  it('with no amas up, the answering command continues the run itself', { timeout: 120_000 }, async () => {
    const dir = pgProject('pgapprove-alone');
    const started = await amas(db.url, ['run', 'review', dir, '--json']);
    const runId = (JSON.parse(started.stdout) as { id: string }).id;
    // Handed over on exit: no driver.
    expect((await runStatus(runId))?.driver).toBeNull();
    const answered = await amas(db.url, ['runs', 'approve', runId, 'ask', elsewhere(dir), '--by', 'someone', '--json']);
    expect(answered.code, answered.stderr).toBe(0);
    expect(JSON.parse(answered.stdout)).toMatchObject({ via: 'store', run: { status: 'completed', outputs: { text: 'approved by someone' } } });
  });
});
