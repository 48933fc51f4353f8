// The leader lock (src/store/pg/leader.ts) between real processes on a real PostgreSQL: one of two
// leads, the other stands by; when the leader is SIGKILLed the standby takes over within seconds;
// a leader that stops cleanly hands over too; another project's key does not compete.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kill9, startFixture } from '../integration/store-processes.ts';
import { freshDatabase, type TestDatabase } from '../support/postgres.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await freshDatabase('amas_leader');
});
afterAll(async () => {
  await db?.drop();
});

const contender = (key: string) => startFixture('../queue/leader-child.ts', [db.url, key]);

describe('the leader lock', () => {
  it('one process leads, one stands by; SIGKILL the leader and the standby leads within seconds', { timeout: 60_000 }, async () => {
    const first = contender('project-1');
    const second = contender('project-1');
    const c = contender('project-2');
    try {
      // Both start at once: either may win; exactly one leads and the other stands by.
      await Promise.all([first.waitFor(() => true), second.waitFor(() => true)]);
      const [a, b] = first.lines[0] === 'leader' ? [first, second] : [second, first];
      expect([a.lines[0], b.lines[0]]).toEqual(['leader', 'standby']);
      // Another project's lock is its own.
      await c.waitFor((l) => l === 'leader');
      // The standby keeps standing by while the leader lives.
      await new Promise((r) => setTimeout(r, 1000));
      expect(b.lines).toEqual(['standby']);
      await kill9(a.child, a.exited);
      await b.waitFor((l) => l === 'leader', 5000);
      // A third one now stands by behind the new leader; when it stops cleanly, the third leads.
      const d = contender('project-1');
      try {
        await d.waitFor((l) => l === 'standby');
        b.child.kill('SIGTERM');
        expect(await b.exited).toBe(0);
        await d.waitFor((l) => l === 'leader', 5000);
      } finally {
        d.child.kill('SIGKILL');
      }
    } finally {
      for (const p of [first, second, c]) p.child.kill('SIGKILL');
    }
  });
});
