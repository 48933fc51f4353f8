import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kill9, startFixture } from './store-processes.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amas-lock-'));
const dbPath = path.join(dir, '.amas', 'amas.db');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('one writer per store across processes', () => {
  it('refuses a second writer naming the first one, and takes the lock over after the first is killed', async () => {
    const first = startFixture('writer.ts', [dbPath]);
    await first.waitFor((l) => l.startsWith('ack '));

    const second = startFixture('try-open.ts', [dbPath]);
    const refused = JSON.parse(await second.waitFor((l) => l.startsWith('{'))) as { ok: boolean; code: string; message: string };
    expect(await second.exited).toBe(1);
    expect(refused).toMatchObject({ ok: false, code: 'AMAS_STORE_LOCKED' });
    expect(refused.message).toContain(`pid ${first.child.pid}`);

    await kill9(first.child, first.exited);
    const third = startFixture('try-open.ts', [dbPath]);
    const opened = JSON.parse(await third.waitFor((l) => l.startsWith('{'))) as { ok: boolean; warnings: string[] };
    expect(await third.exited).toBe(0);
    expect(opened.ok).toBe(true);
    expect(opened.warnings[0]).toBe(`took over the lock of pid ${first.child.pid}, which is no longer running`);
    expect(fs.existsSync(`${dbPath}.lock`)).toBe(false);
  }, 60_000);

  // Finding 7 of issue 13: the lock file was created empty and the pid written after; a process
  // reading it in between saw pid 0, called it stale, deleted a live lock and took it too.
  it('never has two owners: 6 processes × 300 acquisitions each, every hold a closed interval', async () => {
    const hammerDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amas-lock-hammer-'));
    try {
      const lockFile = path.join(hammerDir, 'amas.db.lock');
      const log = path.join(hammerDir, 'owners.log');
      const procs = Array.from({ length: 6 }, () => startFixture('lock-hammer.ts', [lockFile, log, '300']));
      const codes = await Promise.all(procs.map((p) => p.exited));
      expect(codes, procs.map((p) => p.stderr()).join('\n')).toEqual([0, 0, 0, 0, 0, 0]);
      const reports = procs.map((p) => JSON.parse(p.lines[0]!) as { acquired: number; refused: number });
      expect(reports.reduce((n, r) => n + r.acquired, 0)).toBe(1800);
      // They competed: some attempts found the lock held.
      expect(reports.reduce((n, r) => n + r.refused, 0)).toBeGreaterThan(0);
      const lines = fs.readFileSync(log, 'utf8').trim().split('\n');
      expect(lines).toHaveLength(3600);
      const overlaps: string[] = [];
      for (let i = 0; i < lines.length; i += 2) {
        const [a, b] = [lines[i]!, lines[i + 1]!];
        if (!a.startsWith('+') || b !== `-${a.slice(1)}`) overlaps.push(`line ${i + 1}: ${a} then ${b}`);
      }
      expect(overlaps.slice(0, 5)).toEqual([]);
      expect(fs.existsSync(lockFile)).toBe(false);
    } finally {
      fs.rmSync(hammerDir, { recursive: true, force: true });
    }
  }, 180_000);

  it('calls a lock stale when its pid now belongs to another process (start time differs), and live when it matches', async () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'amas-lock-reuse-'));
    try {
      const db = path.join(d, 'amas.db');
      const stat = fs.readFileSync(`/proc/${process.pid}/stat`, 'utf8');
      const procStart = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
      const holder = { pid: process.pid, hostname: os.hostname(), startedAt: '2026-01-01T00:00:00.000Z' };

      fs.writeFileSync(`${db}.lock`, JSON.stringify({ ...holder, procStart }));
      const live = startFixture('try-open.ts', [db]);
      expect(JSON.parse(await live.waitFor((l) => l.startsWith('{')))).toMatchObject({ ok: false, code: 'AMAS_STORE_LOCKED' });

      fs.writeFileSync(`${db}.lock`, JSON.stringify({ ...holder, procStart: procStart + 1 }));
      const reused = startFixture('try-open.ts', [db]);
      const opened = JSON.parse(await reused.waitFor((l) => l.startsWith('{'))) as { ok: boolean; warnings: string[] };
      expect(opened.ok).toBe(true);
      expect(opened.warnings[0]).toBe(`took over the lock of pid ${process.pid}, which is no longer running`);
    } finally {
      fs.rmSync(d, { recursive: true, force: true });
    }
  }, 60_000);
});
