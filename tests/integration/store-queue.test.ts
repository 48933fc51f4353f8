// Finding 6 of issue 13: a run answered `202 queued` lived only in memory and was lost (404
// for ever) when `amas up` was killed. Now it is journaled before the answer and started by
// the next `amas up`, in the order it was queued.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { amas, copyProject, ensureBuilt, startUp, until, type Up } from './store-up.ts';

const dirs: string[] = [];
const ups: Up[] = [];
beforeAll(ensureBuilt);
afterEach(async () => {
  for (const u of ups.splice(0)) await u.kill9();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('queued runs are durable', () => {
  it('every run answered queued survives SIGKILL and completes after the restart, in queue order', async () => {
    const dir = copyProject();
    dirs.push(dir);
    const up = await startUp(dir);
    ups.push(up);

    const first = await up.api('POST', '/api/workflows/queued/runs', { n: 'first' });
    expect(first.status).toBe(202);
    expect(first.body.status).toBe('running');
    const queued: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await up.api('POST', '/api/workflows/queued/runs', { n: `q${i}` });
      expect(r.status).toBe(202);
      expect(r.body.status).toBe('queued');
      expect(r.headers.get('location')).toBe(`/api/runs/${r.body.runId}`);
      queued.push(r.body.runId as string);
    }
    // While it waits, the API and the CLI show it as queued.
    const shown = await up.api('GET', `/api/runs/${queued[0]}`);
    expect(shown.status).toBe(200);
    expect(shown.body.run.status).toBe('queued');
    const cli = amas(dir, 'runs', 'show', queued[4]!, '--json');
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.json().status).toBe('queued');

    await up.kill9();

    // Between the two processes the journal alone says so.
    const offline = amas(dir, 'runs', 'show', queued[2]!, '--json');
    expect(offline.code, offline.stderr).toBe(0);
    expect(offline.json().status).toBe('queued');
    const listed = amas(dir, 'runs', 'list', '--status', 'queued', '--json');
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.json().map((r: { id: string }) => r.id).sort()).toEqual([...queued].sort());

    fs.writeFileSync(path.join(dir, 'release'), '');
    const again = await startUp(dir);
    ups.push(again);
    const finished = () => again.lines().filter((l) => l.msg === 'run finished');
    await until(() => queued.every((id) => finished().some((l) => l.run === id)), 'every queued run to finish', 30_000, again.output);
    for (const id of queued) {
      const r = await again.api('GET', `/api/runs/${id}`);
      expect(r.status).toBe(200);
      expect(r.body.run.status).toBe('completed');
    }
    expect(again.lines().find((l) => l.msg === 'restored queued runs')?.runs).toEqual(queued);
    // max_runs 1: they ran one after the other, in the order they were queued.
    const started = again.lines().filter((l) => l.msg === 'run started' && queued.includes(String(l.run)));
    expect(started.map((l) => l.run)).toEqual(queued);
    const outputs = await Promise.all(queued.map(async (id) => (await again.api('GET', `/api/runs/${id}`)).body.run.outputs));
    expect(outputs).toEqual([0, 1, 2, 3, 4].map((i) => ({ n: `q${i}` })));
  }, 120_000);

  it('a queued run cancelled by hand is journaled as cancelled and never starts, not even after a restart', async () => {
    const dir = copyProject();
    dirs.push(dir);
    const up = await startUp(dir);
    ups.push(up);
    expect((await up.api('POST', '/api/workflows/queued/runs', { n: 'first' })).body.status).toBe('running');
    const keep = (await up.api('POST', '/api/workflows/queued/runs', { n: 'keep' })).body.runId as string;
    const drop = (await up.api('POST', '/api/workflows/queued/runs', { n: 'drop' })).body.runId as string;

    const cancel = amas(dir, 'runs', 'cancel', drop);
    expect(cancel.code, cancel.stderr).toBe(0);
    const shown = await up.api('GET', `/api/runs/${drop}`);
    expect(shown.body.run.status).toBe('cancelled');

    await up.kill9();
    fs.writeFileSync(path.join(dir, 'release'), '');
    const again = await startUp(dir);
    ups.push(again);
    const finished = () => again.lines().filter((l) => l.msg === 'run finished');
    await until(() => finished().some((l) => l.run === keep), 'the kept queued run to finish', 30_000, again.output);
    expect((await again.api('GET', `/api/runs/${drop}`)).body.run.status).toBe('cancelled');
    expect(again.lines().some((l) => l.msg === 'run started' && l.run === drop)).toBe(false);
  }, 120_000);
});
