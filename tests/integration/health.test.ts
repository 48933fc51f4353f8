// `amas health` through the real CLI against a real `amas up` child process.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyFixture } from './http-api-harness.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/amas');
const ENV = { ...process.env, AMAS_DEBUG: '', AMAS_API_KEY: 'health-key-123456', ALERT_URL: '' };

const running: { child: ChildProcess; dir: string }[] = [];
afterEach(async () => {
  for (const { child, dir } of running.splice(0)) {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

function amas(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: ENV });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The fixture with its disk thresholds set so that the disk metric is in the wanted level. */
function project(disk: { warning: number; critical: number } | undefined): string {
  const dir = copyFixture();
  const file = path.join(dir, 'amas.yaml');
  // ALERT_URL is empty in ENV: the fixture's webhook sink is skipped.
  let text = fs.readFileSync(file, 'utf8');
  if (disk) text = text.replace('  thresholds:\n', `  thresholds:\n    disk_usage: { warning: ${disk.warning}, critical: ${disk.critical} }\n`);
  fs.writeFileSync(file, text);
  return dir;
}

async function up(dir: string): Promise<void> {
  const child = spawn(process.execPath, [BIN, 'up', dir, '--no-tui'], { env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push({ child, dir });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('"amas is up"')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`amas up exited ${code}: ${out}${err}`)));
  });
}

describe('amas health', () => {
  it('not running: critical, exit 2, says so (text and --json)', () => {
    const dir = project(undefined);
    running.push({ child: { exitCode: 0 } as ChildProcess, dir });
    const r = amas(['health', dir]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('CRITICAL');
    expect(r.stdout).toContain('not running');
    const j = amas(['health', dir, '--json']);
    expect(j.code).toBe(2);
    expect(JSON.parse(j.stdout)).toMatchObject({ status: 'critical', running: false });
  });

  it('healthy: exit 0 with every metric; --json is the report', async () => {
    const dir = project({ warning: 100, critical: 100 });
    await up(dir);
    const r = amas(['health', dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^HEALTHY\s+monitor-fixture/);
    for (const m of ['agent_failure_rate', 'response_time', 'cpu_usage', 'memory_usage', 'disk_usage', 'queue_depth']) expect(r.stdout).toContain(m);
    const j = amas(['health', dir, '--json']);
    expect(j.code).toBe(0);
    const report = JSON.parse(j.stdout) as { status: string; metrics: Record<string, { unit: string; status: string; value: number | null }>; counts: Record<string, number> };
    expect(report.status).toBe('healthy');
    expect(report.metrics.disk_usage).toMatchObject({ unit: 'percent', status: 'healthy' });
    expect(report.counts).toMatchObject({ agents: 1, workflows: 3 });
  });

  it('warning: exit 1; critical: exit 2 (disk thresholds set below the real usage)', async () => {
    const warn = project({ warning: 0.0001, critical: 100 });
    await up(warn);
    const w = amas(['health', warn]);
    expect(w.code).toBe(1);
    expect(w.stdout).toMatch(/^WARNING/);
    expect(w.stdout).toContain('disk_usage is warning');

    const crit = project({ warning: 0.0001, critical: 0.0002 });
    await up(crit);
    const c = amas(['health', crit, '--json']);
    expect(c.code).toBe(2);
    expect(JSON.parse(c.stdout)).toMatchObject({ status: 'critical', alerts: [{ metric: 'disk_usage', level: 'critical' }] });
  });

  it('bad usage exits 2 with a message', () => {
    const r = amas(['health', '/no/such/dir']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no such directory');
  });
});
