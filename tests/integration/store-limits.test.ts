// Finding 4 of issue 13: one request killed `amas up`. An expression that amplified a 300 KB
// input threw RangeError out of Store.transaction (the 202-acknowledged run was gone after a
// restart); a 200,000-deep JSON input was accepted and then overflowed the stack in the journal.
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

function deepJson(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

describe('hostile input cannot hurt the store', () => {
  it('an amplifying expression fails its step with a clear error; the run is kept, amas up goes on', async () => {
    const dir = copyProject();
    dirs.push(dir);
    const up = await startUp(dir);
    ups.push(up);

    const big = await up.api('POST', '/api/workflows/amplify/runs', { s: 'x'.repeat(300 * 1024) });
    expect(big.status).toBe(202);
    const runId = big.body.runId as string;
    const done = await until(() => up.lines().find((l) => l.msg === 'run finished' && l.run === runId), 'the amplify run to end', 30_000, up.output);
    expect(done.status).toBe('failed');
    expect(String(done.error)).toMatch(/step copies failed: .*larger than 8 MiB as JSON.*expression results are limited to 8 MiB and 64 levels/);

    // The process is alive and still writes.
    expect((await up.api('GET', '/health')).status).toBe(200);
    const small = await up.api('POST', '/api/workflows/echo/runs?wait=true', { data: { ok: 1 } });
    expect(small.status).toBe(200);
    expect(small.body.result.status).toBe('completed');

    await up.kill9();
    const shown = amas(dir, 'runs', 'show', runId, '--json');
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.json()).toMatchObject({ id: runId, status: 'failed' });
    expect(shown.json().steps.copies.status).toBe('failed');
  }, 120_000);

  it('a 200,000-deep input is refused before it is accepted, over HTTP and the CLI, without a stack trace', async () => {
    const dir = copyProject();
    dirs.push(dir);
    const up = await startUp(dir);
    ups.push(up);

    const r = await up.api('POST', '/api/workflows/echo/runs', `{"data":${deepJson(200_000)}}`);
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    expect(JSON.stringify(r.body)).toMatch(/deep|depth|nest/i);
    // Just past the limit is refused too, with the reason.
    const past = await up.api('POST', '/api/workflows/echo/runs', { data: JSON.parse(deepJson(64)) });
    expect(past.status).toBe(400);
    expect(JSON.stringify(past.body)).toMatch(/nest(s|ed) deeper than 64 levels/);
    // At the limit it runs.
    const at = await up.api('POST', '/api/workflows/echo/runs?wait=true', { data: JSON.parse(deepJson(62)) });
    expect(at.status).toBe(200);
    expect(at.body.result.status).toBe('completed');
    expect((await up.api('GET', '/health')).status).toBe(200);
    await up.stop();

    fs.writeFileSync(path.join(dir, 'deep.json'), `{"data":${deepJson(200_000)}}`);
    const cli = amas(dir, 'run', 'echo', '--input-file', 'deep.json');
    expect(cli.code).toBe(2);
    expect(cli.stderr).toMatch(/AMAS_(BAD_)?INPUT/);
    expect(cli.stderr).not.toMatch(/\n\s+at /); // no stack trace
    const runs = amas(dir, 'runs', 'list', '--json');
    expect(runs.json().filter((x: { workflow?: string; workflowId?: string }) => (x.workflow ?? x.workflowId) === 'echo')).toHaveLength(1);
  }, 120_000);
});
