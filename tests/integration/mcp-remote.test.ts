// `amas mcp` while `amas up --no-tui` runs on the project: every call goes through its control socket.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { controlSocketPath } from '../../src/runtime/index.ts';
import { BIN, call, connect, copyFixture, data, text } from './mcp-helpers.ts';
import { mcpSuite } from './mcp-suite.ts';

describe('amas mcp (remote: through amas up)', () => {
  let up: ChildProcess | undefined;
  let log = '';
  mcpSuite({
    mode: 'remote',
    async before(dir) {
      up = spawn(process.execPath, [BIN, 'up', '--no-tui', '--grace', '1s', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
      up.stdout!.on('data', (d: Buffer) => (log += d.toString()));
      up.stderr!.on('data', (d: Buffer) => (log += d.toString()));
      const sock = controlSocketPath(dir);
      for (let i = 0; i < 150 && !fs.existsSync(sock); i++) {
        if (up.exitCode !== null) throw new Error(`amas up exited ${up.exitCode}:\n${log}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      if (!fs.existsSync(sock)) throw new Error(`amas up did not open its control socket:\n${log}`);
    },
    async after() {
      if (!up || up.exitCode !== null) return;
      const exited = new Promise((r) => up!.once('exit', r));
      up.kill('SIGTERM');
      await exited;
    },
  });
});

describe('amas mcp outlives the amas up it talks to', () => {
  it('opens the project itself once amas up has stopped', async () => {
    const dir = copyFixture();
    const up = spawn(process.execPath, [BIN, 'up', '--no-tui', '--grace', '1s', dir], { stdio: 'ignore' });
    const sock = controlSocketPath(dir);
    for (let i = 0; i < 150 && !fs.existsSync(sock); i++) await new Promise((r) => setTimeout(r, 100));
    const c = await connect(dir);
    try {
      const before = await call(c.client, 'get_system_status', { include_workflows: false });
      expect(data(before).mode).toBe('remote');
      const exited = new Promise((r) => up.once('exit', r));
      up.kill('SIGTERM');
      await exited;
      const after = await call(c.client, 'execute_workflow', { workflow_name: 'greet', parameters: { name: 'again' } });
      expect(after.isError, text(after)).toBeFalsy();
      expect(data(after).outputs).toEqual({ message: 'Hello, again!', chars: 13 });
      expect(data(await call(c.client, 'get_system_status', { include_workflows: false })).mode).toBe('local');
    } finally {
      await c.close();
      if (up.exitCode === null) up.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
