// A run an overlap gate queued on a standby `amas up` is journaled (it was answered `queued`) and
// owned by that standby. SIGKILL the standby: the leader adopts its running run once the
// standby's heartbeat is stale, and the queued one too — it goes through the leader's gate and
// runs after the first, once, instead of staying queued for ever.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../support/postgres.ts';
import { amas, elsewhere, pgProject, query, startUp, until, type UpProcess } from './pg-cli.ts';

let db: TestDatabase;
const ups: UpProcess[] = [];
beforeAll(async () => {
  db = await freshDatabase('amas_pgqueued');
});
afterAll(async () => {
  for (const u of ups) await u.kill9();
  await db?.drop();
});

const runsOf = (workflow: string) => query<{ id: string; status: string; driver: string | null }>(db.url, 'SELECT id, status, driver FROM runs WHERE workflow_id = $1 ORDER BY seq', [workflow]);

describe('queued runs of a standby that dies', () => {
  it('are adopted by the leader and run, once', { timeout: 120_000 }, async () => {
    const dir = pgProject('pgqueued');
    // One run at a time; a second waits in the gate (queued) until the first ends.
    fs.writeFileSync(path.join(dir, 'workflows.d', 'gated.yaml'), 'apiVersion: amas/v1\nid: gated\nconcurrency: { max_runs: 1, overlap: queue }\nsteps:\n  - id: wait\n    task: wait\n');
    const second = elsewhere(dir);
    const a = await startUp(db.url, dir);
    ups.push(a);
    await a.waitLog((l) => typeof l.msg === 'string' && l.msg.startsWith('leading'), 'the leader');
    const b = await startUp(db.url, second);
    ups.push(b);
    await b.waitLog((l) => l.msg === 'standing by: another amas up leads this project', 'the standby');

    // Both runs through the standby (its control socket): the first runs there, the second is queued there.
    const followers = [amas(db.url, ['run', 'gated', second]), amas(db.url, ['run', 'gated', second])];
    const [first, queued] = await until(async () => {
      const rows = await runsOf('gated');
      return rows.length === 2 && rows.some((r) => r.status === 'queued') && rows.some((r) => r.status === 'running') ? [rows.find((r) => r.status === 'running')!, rows.find((r) => r.status === 'queued')!] : undefined;
    }, 'one gated run running and one queued on the standby');
    expect(first.driver).toBe(queued.driver);
    expect(first.driver).toContain(`:${b.child.pid}:`);

    await b.kill9();
    // The queued one was answered at once; the running one's follower lost the standby.
    const ended = await Promise.all(followers);
    const queuedFollower = ended.find((e) => e.stderr.includes(`run ${queued.id} is queued behind a running one`));
    expect(queuedFollower?.code).toBe(0);
    expect(ended.find((e) => e !== queuedFollower)?.code).not.toBe(0);
    fs.writeFileSync(path.join(dir, 'release'), '');
    fs.writeFileSync(path.join(second, 'release'), '');

    // Adopted once the standby's heartbeat is 15 s old: the running run resumes, then the queued one starts.
    const done = await until(async () => {
      const rows = await runsOf('gated');
      return rows.every((r) => r.status === 'completed') ? rows : undefined;
    }, 'both gated runs completing', 60_000);
    expect(a.logs().some((l) => l.msg === 'adopted queued run' && l.runId === queued.id)).toBe(true);
    expect(done.map((r) => r.driver)).toEqual([expect.stringContaining(`:${a.child.pid}:`), expect.stringContaining(`:${a.child.pid}:`)]);
    // The queued run ran once: one attempt of its one step.
    expect(await query(db.url, 'SELECT step_id, attempt, status FROM steps WHERE run_id = $1', [queued.id])).toEqual([{ step_id: 'wait', attempt: 1, status: 'completed' }]);
    expect(await a.stop()).toBe(0);
  });
});
