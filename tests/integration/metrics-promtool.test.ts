// `promtool check metrics` (Prometheus's own linter, Debian package `prometheus`) on the real
// /metrics of a running `amas up`: every finding must be one of prom-client's default `nodejs_*`
// gauges, which amas does not name. In CI promtool must be there (.ci/run installs it): a
// missing promtool fails the test there; on a developer machine the test is skipped, saying why.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin', 'amas');
const FIXTURE = join(ROOT, 'tests', 'fixtures', 'up', 'basic');
const HAVE_PROMTOOL = spawnSync('promtool', ['--version'], { encoding: 'utf8' }).status === 0;
const IN_CI = Boolean(process.env.CI);

if (!HAVE_PROMTOOL && !IN_CI) console.warn('metrics-promtool: skipped, promtool is not installed (apt-get install prometheus)');

let dir: string;
let up: ChildProcess | undefined;
let url = '';

beforeAll(async () => {
  if (!HAVE_PROMTOOL) return;
  dir = mkdtempSync(join(tmpdir(), 'amas-promtool-'));
  cpSync(FIXTURE, dir, { recursive: true });
  const child = spawn(process.execPath, [BIN, 'up', '--no-tui', '--http', '127.0.0.1:0', dir], { cwd: dir, env: { ...process.env, AMAS_DEBUG: '', AMAS_LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] });
  up = child;
  let out = '';
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  url = await new Promise<string>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`amas up did not start its HTTP API:\n${out}\n${err}`)), 30_000);
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /"msg":"HTTP API listening","url":"([^"]+)"/.exec(out);
      if (m) {
        clearTimeout(timer);
        res(m[1]!);
      }
    });
    child.once('exit', (code) => rej(new Error(`amas up exited (${code}):\n${out}\n${err}`)));
  });
}, 40_000);

afterAll(async () => {
  if (up && up.exitCode === null) {
    const done = new Promise((r) => up!.once('exit', r));
    up.kill('SIGTERM');
    await done;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test.skipIf(!HAVE_PROMTOOL && !IN_CI)('promtool finds nothing in /metrics but prom-client\'s nodejs_* names', async () => {
  expect(HAVE_PROMTOOL, 'promtool is missing in CI: .ci/run installs Debian\'s prometheus package').toBe(true);
  const res = await fetch(`${url}/metrics`);
  expect(res.status).toBe(200);
  const body = await res.text();
  expect(body).toContain('# TYPE amas_agents gauge');
  const r = spawnSync('promtool', ['check', 'metrics'], { input: body, encoding: 'utf8' });
  const findings = `${r.stdout}\n${r.stderr}`
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const ours = findings.filter((l) => !/^nodejs_\w+ /.test(l));
  expect(ours).toEqual([]);
  // promtool exits 0 (clean) or 3 (lint findings only): never 1, a format error.
  expect([0, 3]).toContain(r.status);
});
