// Finding 5 of issue 13 (the store's side): a transient write error (ENOSPC, EMFILE) fenced the
// store for good while /health said healthy. Now writes are refused only until a retry succeeds,
// /health is critical (503, with the reason) meanwhile, and nothing acknowledged is lost.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { amas, API_KEY, copyProject, ensureBuilt, startUp, until, untilAsync, type Up } from './store-up.ts';

const cleanups: (() => void | Promise<void>)[] = [];
beforeAll(ensureBuilt);
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Requests over one kept-alive connection: when the server has no descriptor left it can accept no new one. */
function keptAlive(url: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  cleanups.push(() => agent.destroy());
  return (method: string, p: string, body?: unknown) =>
    new Promise<{ status: number; body: any }>((resolve, reject) => {
      const data = body === undefined ? undefined : JSON.stringify(body);
      const req = http.request(
        `${url}${p}`,
        { method, agent, headers: { authorization: `Bearer ${API_KEY}`, ...(data ? { 'content-type': 'application/json' } : {}) } },
        (res) => {
          let text = '';
          res.setEncoding('utf8').on('data', (c: string) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined }));
        },
      );
      req.on('error', reject);
      req.end(data);
    });
}

function useStoreSettings(dir: string, extra: string): void {
  const file = path.join(dir, 'amas.yaml');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('store: { path: .amas/amas.db }', `store: { path: .amas/amas.db${extra} }`));
}

type Call = ReturnType<typeof keptAlive>;

/** Writes until the store fences, then checks what a fenced store looks like from outside. */
async function expectFenced(up: Up, call: Call, errno: RegExp, poke: () => Promise<unknown>): Promise<void> {
  const fenced = await untilAsync(
    async () => {
      await poke();
      const h = await call('GET', '/health');
      return h.body?.store?.writable === false ? h : undefined;
    },
    'the store to fence',
    30_000,
    up.output,
  );
  expect(fenced.status, JSON.stringify(fenced.body)).toBe(503);
  expect(fenced.body.status).toBe('critical');
  expect(fenced.body.store).toMatchObject({ status: 'critical', writable: false });
  expect(fenced.body.store.reason).toMatch(errno);
  // The log is another channel than the HTTP answer (its lines go out a turn of the event loop later).
  await until(() => up.lines().some((l) => l.msg === 'store writes fenced: the journal could not be written' && errno.test(String(l.error))), 'the fenced log line', 5_000, up.output);
  // A write is refused with the reason: the side-effecting step cannot record that it starts.
  const refused = await call('POST', '/api/workflows/queued/runs?wait=true', { n: 'while-fenced' });
  expect(refused.status).toBe(200);
  expect(refused.body.result.status).toBe('failed');
  expect(refused.body.result.steps.wait.error.message).toMatch(/refusing writes until its disk accepts them again|not made durable: (EMFILE|ENOSPC)/);
  // A run of pure steps is not answered "completed" either: its outcome could not be written.
  const pure = await call('POST', '/api/workflows/echo/runs?wait=true', { data: 'pure-while-fenced' });
  expect(pure.status).toBe(200);
  expect(pure.body.result.status).toBe('failed');
  expect(pure.body.result.error).toMatch(/journal: the run's outcome could not be written/);
}

async function expectRecovered(up: Up, call: Call): Promise<string> {
  await untilAsync(
    async () => {
      const h = await call('GET', '/health');
      return h.body?.store?.writable === true ? h : undefined;
    },
    'the fence to lift',
    30_000,
    up.output,
  );
  // The log line may reach us a moment after the answer.
  await until(() => up.lines().some((l) => l.msg === 'store writes resumed'), 'the resumed log line', 5_000, up.output);
  const after = await call('POST', '/api/workflows/echo/runs?wait=true', { data: 'after' });
  expect(after.status).toBe(200);
  expect(after.body.result.status).toBe('completed');
  return after.body.runId as string;
}

function expectKept(dir: string, runs: Record<string, unknown>): void {
  for (const [id, value] of Object.entries(runs)) {
    const shown = amas(dir, 'runs', 'show', id, '--json');
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.json()).toMatchObject({ id, status: 'completed', outputs: { value } });
  }
}

const mounted = (() => {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  const probe = fs.mkdtempSync(path.join(os.tmpdir(), 'amas-mount-probe-'));
  const ok = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe]).status === 0;
  if (ok) spawnSync('umount', [probe]);
  fs.rmdirSync(probe);
  return ok;
})();

describe('a transient write error fences writes only until a retry succeeds', () => {
  it.runIf(mounted)('disk full on a small tmpfs: writes refused and health critical, then space returns and writes resume, data intact', async () => {
    const mnt = fs.mkdtempSync(path.join(os.tmpdir(), 'amas-tmpfs-'));
    expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=6m', 'tmpfs', mnt]).status).toBe(0);
    cleanups.push(() => {
      spawnSync('umount', ['-l', mnt]);
      fs.rmSync(mnt, { recursive: true, force: true });
    });
    const dir = copyProject(mnt);
    useStoreSettings(dir, ', checkpoint_interval: 300ms');
    const up = await startUp(dir);
    cleanups.push(() => up.kill9());
    const call = keptAlive(up.url);

    const before = await call('POST', '/api/workflows/echo/runs?wait=true', { data: 'before' });
    expect(before.body.result.status).toBe('completed');

    // Fill the file system to the last byte.
    const filler = path.join(mnt, 'filler');
    const fd = fs.openSync(filler, 'w');
    for (const size of [1 << 20, 1 << 16, 1 << 12, 1 << 8, 1]) {
      const chunk = Buffer.alloc(size, 1);
      try {
        for (;;) fs.writeSync(fd, chunk);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
      }
    }
    fs.closeSync(fd);

    await expectFenced(up, call, /ENOSPC/, () => call('POST', '/api/workflows/echo/runs?wait=true', { data: 'x'.repeat(64 * 1024) }));

    fs.rmSync(filler);
    const after = await expectRecovered(up, call);
    await up.kill9();
    expectKept(dir, { [before.body.runId as string]: 'before', [after]: 'after' });
  }, 120_000);

  it('file descriptors exhausted in amas up (ulimit -n 256): writes refused and health critical, then descriptors return and writes resume', async () => {
    const dir = copyProject();
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    useStoreSettings(dir, ', checkpoint_interval: 300ms');
    const up = await startUp(dir, { shell: 'ulimit -n 256' });
    cleanups.push(() => up.kill9());
    const call = keptAlive(up.url);

    const before = await call('POST', '/api/workflows/echo/runs?wait=true', { data: 'before' });
    expect(before.body.result.status).toBe('completed');
    const release = path.join(dir, 'release-fds');
    const hog = await call('POST', '/api/workflows/hog/runs?wait=true', { release });
    // The hog's own last write may already meet the exhaustion (the run then fails on it).
    expect(hog.body.result.steps.hog.output.held, JSON.stringify(hog.body)).toBeGreaterThan(0);

    // The next checkpoint cannot open its file, nor the journal its next segment.
    await expectFenced(up, call, /EMFILE/, () => call('POST', '/api/workflows/echo/runs?wait=true', { data: 'during' }));

    fs.writeFileSync(release, '');
    const after = await expectRecovered(up, call);
    await up.kill9();
    expectKept(dir, { [before.body.runId as string]: 'before', [after]: 'after' });
  }, 120_000);
});
