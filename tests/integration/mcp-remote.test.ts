// `amas mcp` while `amas up --no-tui` runs on the project: every call goes through its control socket.
import { execSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { beforeAll, describe } from 'vitest';
import { controlSocketPath } from '../../src/runtime/index.ts';
import { BIN, ROOT } from './mcp-helpers.ts';
import { mcpSuite } from './mcp-suite.ts';

beforeAll(() => {
  execSync('npm run build', { cwd: ROOT, stdio: 'ignore' });
}, 180_000);

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
