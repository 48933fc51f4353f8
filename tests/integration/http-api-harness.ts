// Shared by the monitor integration tests: the fixture project copied to a temp dir and a
// Runtime started in-process on it, with fixed host measures (no flaky CPU/disk numbers).
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { ManualClock, memoryLogger, type LogLevel } from '../../src/core/index.ts';
import type { SystemProbe } from '../../src/monitor/index.ts';
import { Runtime } from '../../src/runtime/index.ts';

export const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/monitor/project');

export function copyFixture(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amas-mon-'));
  fs.cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

export const calmProbe = (): SystemProbe & { cpu: number } => {
  const p = { cpu: 5, cpuPercent: () => p.cpu, memoryPercent: () => 20, diskPercent: () => 30 };
  return p;
};

export interface Harness {
  dir: string;
  rt: Runtime;
  clock: ManualClock;
  logs: { level: LogLevel; msg: string; fields?: Record<string, unknown> }[];
  close(): Promise<void>;
}

export async function startFixture(
  env: Record<string, string>,
  monitoring: { http?: string | false; probe?: SystemProbe } = {},
  editConfig?: (amasYaml: string) => string,
): Promise<Harness> {
  const dir = copyFixture();
  if (editConfig) {
    const file = path.join(dir, 'amas.yaml');
    fs.writeFileSync(file, editConfig(fs.readFileSync(file, 'utf8')));
  }
  const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
  const logs: Harness['logs'] = [];
  const rt = await Runtime.start(dir, {
    clock,
    logger: memoryLogger(logs),
    env: { PATH: process.env.PATH, ...env },
    watch: false,
    control: false,
    monitoring: { probe: calmProbe(), ...monitoring },
  });
  return {
    dir,
    rt,
    clock,
    logs,
    async close() {
      await rt.stop(0);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A real HTTP server on 127.0.0.1 that records every POSTed JSON body. */
export async function webhookReceiver(): Promise<{ url: string; received: { headers: http.IncomingHttpHeaders; body: Record<string, unknown> }[]; close(): Promise<void> }> {
  const received: { headers: http.IncomingHttpHeaders; body: Record<string, unknown> }[] = [];
  const server = http.createServer((req, res) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (data += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(data) as Record<string, unknown> });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const a = server.address() as { port: number };
  return { url: `http://127.0.0.1:${a.port}/hook`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
