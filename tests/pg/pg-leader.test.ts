// Two `amas up` on one PostgreSQL store: one leads, one stands by (status says which). SIGKILL the
// leader: the standby leads within seconds, a cron trigger firing every second (misfire run-all,
// grace 1m) loses no fire and doubles none across the change, and a run that was mid-way on the
// killed leader is adopted and completes under the new one.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../support/postgres.ts';
import { amas, elsewhere, pgProject, query, startUp, until, type UpProcess } from './pg-cli.ts';

let db: TestDatabase;
const ups: UpProcess[] = [];
beforeAll(async () => {
  db = await freshDatabase('amas_pgleader');
});
afterAll(async () => {
  for (const u of ups) await u.kill9();
  await db?.drop();
});

const leading = (l: Record<string, unknown>) => typeof l.msg === 'string' && l.msg.startsWith('leading');

/** The scheduled times (ms) of the tick runs, from the fire id each run records. */
async function tickFires(): Promise<number[]> {
  const rows = await query<{ trigger: string }>(db.url, "SELECT trigger FROM runs WHERE workflow_id = 'tick'");
  return rows.map((r) => Number(String((JSON.parse(r.trigger) as { fireId: string }).fireId).split('/').at(-1)));
}

describe('leader and standby on PostgreSQL', () => {
  it('the standby takes over when the leader is SIGKILLed: no cron fire lost or doubled, the mid-way run completes', { timeout: 180_000 }, async () => {
    const dir = pgProject('pgleader', { cron: true });
    const second = elsewhere(dir);
    const a = await startUp(db.url, dir);
    ups.push(a);
    await a.waitLog(leading, 'the first amas up leading');
    const b = await startUp(db.url, second);
    ups.push(b);
    await b.waitLog((l) => l.msg === 'standing by: another amas up leads this project', 'the second standing by');
    expect(b.logs().some(leading)).toBe(false);

    type Status = { role: string; processes: { role: string; pid: number }[] };
    // The leader re-reads the process list every 2 s: the standby that just registered shows up by then.
    const sa = await until(async () => {
      const st = JSON.parse((await amas(db.url, ['status', dir, '--json'])).stdout) as Status;
      return st.processes.some((p) => p.pid === b.child.pid) ? st : undefined;
    }, "the standby in the leader's process list", 10_000);
    const sb = JSON.parse((await amas(db.url, ['status', second, '--json'])).stdout) as Status;
    expect(sa.role).toBe('leader');
    expect(sb.role).toBe('standby');
    expect(sa.processes).toEqual(expect.arrayContaining([expect.objectContaining({ role: 'leader', pid: a.child.pid }), expect.objectContaining({ role: 'standby', pid: b.child.pid })]));
    const human = await amas(db.url, ['status', second]);
    expect(human.stdout).toContain('role: standby');

    // A run mid-way on the leader: its second step waits for the file `release`.
    // (`amas run` asks the leader over its socket and follows the run; it ends when the leader dies.)
    const follower = amas(db.url, ['run', 'slow', dir]);
    const runId = await until(async () => (await query<{ id: string }>(db.url, "SELECT id FROM runs WHERE workflow_id = 'slow'"))[0]?.id, 'the slow run');
    await until(async () => (await query<{ status: string }>(db.url, "SELECT status FROM steps WHERE run_id = $1 AND step_id = 'wait'", [runId]))[0]?.status === 'running', 'the wait step running on the leader');

    // Only the leader fires the cron trigger.
    await until(async () => (await tickFires()).length >= 3, 'three cron fires');
    await a.kill9();
    expect((await follower).code).not.toBe(0);
    const killedAt = Date.now();
    await b.waitLog(leading, 'the standby leading', 10_000);
    expect(Date.now() - killedAt).toBeLessThan(8000);
    const newRole = JSON.parse((await amas(db.url, ['status', second, '--json'])).stdout) as { role: string };
    expect(newRole.role).toBe('leader');

    // The killed leader's run: adopted once its heartbeat is stale (15 s), then it completes here.
    fs.writeFileSync(path.join(dir, 'release'), '');
    fs.writeFileSync(path.join(second, 'release'), '');
    await b.waitLog((l) => l.msg === 'adopted run' && l.runId === runId, 'the run adopted', 40_000);
    await until(async () => (await query<{ status: string }>(db.url, 'SELECT status FROM runs WHERE id = $1', [runId]))[0]?.status === 'completed', 'the adopted run completing', 30_000);
    const driver = (await query<{ driver: string }>(db.url, 'SELECT driver FROM runs WHERE id = $1', [runId]))[0]!.driver;
    expect(driver).toContain(`:${b.child.pid}:`);
    const show = JSON.parse((await amas(db.url, ['runs', 'show', runId, second, '--json'])).stdout) as { status: string; outputs: { text: string } };
    expect(show).toMatchObject({ status: 'completed', outputs: { text: 'two' } });

    // Let the new leader fire a few more, then stop it cleanly and compare fires with the seconds elapsed.
    const fired = (await tickFires()).length;
    await until(async () => (await tickFires()).length >= fired + 3, 'fires under the new leader');
    expect(await b.stop()).toBe(0);
    const fires = (await tickFires()).sort((x, y) => x - y);
    expect(new Set(fires).size).toBe(fires.length);
    const seconds = (fires.at(-1)! - fires[0]!) / 1000 + 1;
    expect(fires.length).toBe(seconds);
    for (const [i, t] of fires.entries()) expect(t).toBe(fires[0]! + i * 1000);
  });
});
