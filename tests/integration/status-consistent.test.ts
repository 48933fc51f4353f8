import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, memoryLogger, type Snapshot } from '../../src/core/index.ts';
import type { HealthReport, SystemProbe } from '../../src/monitor/index.ts';
import { Runtime } from '../../src/runtime/index.ts';

// `amas status` and `amas health` against a Runtime in this process (serving its control
// socket) on an injected clock: uptime from the right timestamps, one health for both, and no
// cpu alert from the start-up sample (issue 18 item 8).

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/amas');
let dir: string;
let rt: Runtime | undefined;
const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
// The first measure is the start-up itself (busy), every later one calm unless a test says so.
const cpu = { calls: 0, later: 5 };
const probe: SystemProbe = {
  cpuPercent: () => (cpu.calls++ === 0 ? 99 : cpu.later),
  memoryPercent: () => 20,
  diskPercent: () => 30,
};

function amas(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: { ...process.env, AMAS_DEBUG: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amas-statusc-'));
  fs.cpSync(path.join(ROOT, 'tests/fixtures/up/basic'), dir, { recursive: true });
  fs.rmSync(path.join(dir, 'workflows.d/tick.yaml')); // no cron: the clock moves only when told
  const logs: Parameters<typeof memoryLogger>[0] = [];
  rt = await Runtime.start(dir, { clock, logger: memoryLogger(logs), watch: false, monitoring: { probe, http: false } });
});
afterAll(async () => {
  await rt?.stop(0);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('status and health agree', () => {
  it('the start-up cpu sample raises no alert: healthy in both', async () => {
    const h = await amas(['health', dir, '--json']);
    const report = JSON.parse(h.stdout) as HealthReport;
    expect(report.metrics.cpu_usage.value).toBe(99);
    expect(report.metrics.cpu_usage.status).toBe('healthy');
    expect(report.alerts).toEqual([]);
    expect(h.code).toBe(0);
    const s = JSON.parse((await amas(['status', dir, '--json'])).stdout) as Snapshot;
    expect(s.health).toBe(report.status);
  });

  it('uptime is measured to now, not to when the snapshot was last rebuilt', async () => {
    clock.advance(20_000);
    const s = JSON.parse((await amas(['status', dir, '--json'])).stdout) as Snapshot;
    expect(s.takenAt - s.startedAt).toBe(20_000);
    const text = await amas(['status', dir]);
    expect(text.stdout).toMatch(/state: running, up 20s/);
  });

  it('a cpu level that holds after start-up does alert, and status says what health says', async () => {
    cpu.later = 95;
    clock.advance(30_000); // one collection
    const h = await amas(['health', dir, '--json']);
    const report = JSON.parse(h.stdout) as HealthReport;
    expect(report.status).toBe('critical');
    expect(report.alerts.map((a) => a.metric)).toEqual(['cpu_usage']);
    expect(h.code).toBe(2);
    const text = await amas(['status', dir]);
    expect(text.stdout).toMatch(/health: critical/);
    expect(text.stdout).toMatch(/up 50s/);
  });
});

describe('not running', () => {
  it('status claims no health while amas health answers critical', async () => {
    const off = fs.mkdtempSync(path.join(os.tmpdir(), 'amas-statusc-off-'));
    try {
      fs.cpSync(path.join(ROOT, 'tests/fixtures/up/basic'), off, { recursive: true });
      const child = spawn(process.execPath, [BIN, 'status', off], { env: { ...process.env, AMAS_DEBUG: '' } });
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      await new Promise((r) => child.on('close', r));
      expect(out).toMatch(/state: not running/);
      expect(out).not.toMatch(/health: healthy/);
      expect(out).toMatch(/health: none \(not running\)/);
    } finally {
      fs.rmSync(off, { recursive: true, force: true });
    }
  });
});
