import { describe, expect, it } from 'vitest';
import { ManualClock, type TimerHandle, type WorkflowSpec } from '../../../src/core/index.ts';
import { concurrencyOf, CronScheduler, decideOverlap, RunGate, type CronFire } from '../../../src/triggers/index.ts';
import { MIN, at, workflow } from './helpers.ts';

describe('decideOverlap', () => {
  it('starts below the limit and applies the policy at it', () => {
    expect(decideOverlap('skip', 1, 0, 0)).toBe('start');
    expect(decideOverlap('skip', 1, 1, 0)).toBe('skip');
    expect(decideOverlap('queue', 1, 1, 0)).toBe('queue');
    expect(decideOverlap('queue', 2, 1, 3)).toBe('queue'); // a backlog keeps FIFO order
    expect(decideOverlap('queue', 1, 1, 5, 5)).toBe('skip'); // backlog full
    expect(decideOverlap('cancel-previous', 1, 1, 0)).toBe('cancel-previous-then-start');
    expect(decideOverlap('allow', Infinity, 40, 0)).toBe('start');
    expect(decideOverlap('allow', 3, 3, 0)).toBe('skip');
  });

  it('defaults: max_runs 1 and skip; allow without max_runs is unlimited', () => {
    expect(concurrencyOf({})).toEqual({ overlap: 'skip', maxRuns: 1 });
    expect(concurrencyOf({ concurrency: { overlap: 'allow' } })).toEqual({ overlap: 'allow', maxRuns: Infinity });
    expect(concurrencyOf({ concurrency: { overlap: 'allow', max_runs: 2 } })).toEqual({ overlap: 'allow', maxRuns: 2 });
    expect(concurrencyOf({ concurrency: { overlap: 'queue' } })).toEqual({ overlap: 'queue', maxRuns: 1 });
  });
});

/**
 * A stand-in runtime: a minutely cron whose runs take 150 s on the manual clock. It does what the
 * real runtime must do with RunGate decisions: start, cancel, start dequeued fires.
 */
async function slowRuns(spec: WorkflowSpec, minutes: number) {
  const clock = new ManualClock(at('2025-01-01T00:00:00Z'));
  const gate = new RunGate<CronFire>(concurrencyOf(spec));
  const log: string[] = [];
  const timers = new Map<string, TimerHandle>();
  let n = 0;
  const t = () => `${(clock.now() - at('2025-01-01T00:00:00Z')) / 1000}s`;
  const startRun = (runId: string) => {
    log.push(`${t()} start ${runId}`);
    timers.set(runId, clock.setTimeout(() => end(runId, 'done'), 150_000));
  };
  const end = (runId: string, how: string) => {
    timers.delete(runId);
    log.push(`${t()} ${how} ${runId}`);
    for (const next of gate.runEnded(runId)) startRun(next.runId);
  };
  const sched = new CronScheduler({
    clock,
    onFire: (fire) => {
      const runId = `r${++n}`;
      const d = gate.request(runId, fire);
      switch (d.kind) {
        case 'start':
          startRun(runId);
          return 'started';
        case 'skip':
          log.push(`${t()} skip ${runId}`);
          return 'skipped';
        case 'queue':
          log.push(`${t()} queue ${runId}`);
          return 'queued';
        case 'cancel-previous-then-start':
          for (const old of d.cancel) {
            clock.clearTimeout(timers.get(old)!);
            end(old, 'cancelled');
          }
          startRun(runId);
          return 'started';
      }
    },
  });
  await sched.start([spec]);
  clock.advance(minutes * MIN);
  await sched.stop();
  return { log, gate, last: sched.list()[0]! };
}

describe('RunGate with a slow run (150 s) and a minutely cron', () => {
  it('skip: fires while a run goes are dropped', async () => {
    const { log, last } = await slowRuns(workflow('w', [{ cron: '* * * * *' }], { concurrency: { overlap: 'skip' } }), 6);
    expect(log).toEqual(['60s start r1', '120s skip r2', '180s skip r3', '210s done r1', '240s start r4', '300s skip r5', '360s skip r6']);
    expect(last.lastOutcome).toBe('skipped');
  });

  it('queue: fires wait and start as runs end, in order', async () => {
    const { log, gate } = await slowRuns(workflow('w', [{ cron: '* * * * *' }], { concurrency: { overlap: 'queue' } }), 6);
    expect(log).toEqual([
      '60s start r1', '120s queue r2', '180s queue r3', '210s done r1', '210s start r2',
      '240s queue r4', '300s queue r5', '360s done r2', '360s start r3', '360s queue r6',
    ]);
    expect(gate.queued).toBe(3);
    expect(gate.active).toEqual(['r3']);
  });

  it('cancel-previous: each fire cancels the run going and starts', async () => {
    const { log } = await slowRuns(workflow('w', [{ cron: '* * * * *' }], { concurrency: { overlap: 'cancel-previous' } }), 3);
    expect(log).toEqual(['60s start r1', '120s cancelled r1', '120s start r2', '180s cancelled r2', '180s start r3']);
  });

  it('allow with max_runs 2: overlaps up to two, skips the third', async () => {
    const { log } = await slowRuns(workflow('w', [{ cron: '* * * * *' }], { concurrency: { overlap: 'allow', max_runs: 2 } }), 5);
    expect(log).toEqual(['60s start r1', '120s start r2', '180s skip r3', '210s done r1', '240s start r4', '270s done r2', '300s start r5']);
  });

  it('allow without max_runs overlaps freely', async () => {
    const { log, gate } = await slowRuns(workflow('w', [{ cron: '* * * * *' }], { concurrency: { overlap: 'allow' } }), 4);
    expect(log.filter((l) => l.includes('skip'))).toEqual([]);
    expect(gate.active).toEqual(['r2', 'r3', 'r4']); // r1 ended at 210 s
  });
});

describe('RunGate bookkeeping', () => {
  it('cancel-previous with max_runs 2 cancels the oldest; a cancelled run ending frees nothing twice', () => {
    const g = new RunGate({ overlap: 'cancel-previous', maxRuns: 2 });
    g.request('a', 1);
    g.request('b', 2);
    expect(g.request('c', 3)).toEqual({ kind: 'cancel-previous-then-start', runId: 'c', cancel: ['a'] });
    expect(g.active).toEqual(['b', 'c']);
    expect(g.cancellingRuns).toEqual(['a']);
    expect(g.runEnded('a')).toEqual([]);
    expect(g.active).toEqual(['b', 'c']);
  });

  it('raising max_runs on reload admits queued fires; dropQueued and clearQueue remove them', () => {
    const g = new RunGate<string>({ overlap: 'queue', maxRuns: 1 });
    g.request('a', 'fa');
    g.request('b', 'fb');
    g.request('c', 'fc');
    g.request('d', 'fd');
    expect(g.dropQueued('c')).toBe(true);
    expect(g.setLimits({ overlap: 'queue', maxRuns: 2 })).toEqual([{ runId: 'b', fire: 'fb' }]);
    expect(g.clearQueue()).toEqual([{ runId: 'd', fire: 'fd' }]);
    expect(g.runEnded('a')).toEqual([]);
    expect(g.active).toEqual(['b']);
  });

  it('a full queue skips with a reason', () => {
    const g = new RunGate({ overlap: 'queue', maxRuns: 1 }, { maxQueued: 1 });
    g.request('a', 0);
    expect(g.request('b', 0).kind).toBe('queue');
    expect(g.request('c', 0)).toEqual({ kind: 'skip', runId: 'c', reason: 'queue full (1)' });
  });
});
