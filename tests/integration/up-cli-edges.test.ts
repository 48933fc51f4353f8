import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amasIn, copyProject, ROOT, startUp, until, type UpChild } from './up-child.ts';

// Rough edges of the CLI against a running `amas up` (issue 18 item 9e, 9f).
let dir: string;
let up: UpChild | undefined;

beforeAll(async () => {
  dir = copyProject(path.join(ROOT, 'tests/fixtures/up/basic'));
  up = await startUp(dir);
});
afterAll(async () => {
  await up?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('amas schedule pause with an unknown workflow', () => {
  it('prints only the error (no table), exit 2 — through amas up and without it', () => {
    const live = amasIn(dir, ['schedule', 'pause', 'nope', dir]);
    expect(live.code).toBe(2);
    expect(live.stdout).toBe('');
    expect(live.stderr).toContain('no workflow "nope"');
    const offline = copyProject(path.join(ROOT, 'tests/fixtures/up/basic'));
    try {
      const r = amasIn(offline, ['schedule', 'pause', 'nope', offline]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('no workflow "nope"');
    } finally {
      fs.rmSync(offline, { recursive: true, force: true });
    }
  });
});

describe('amas run while the file on disk is broken', () => {
  it('warns that amas up runs its last good spec, naming the file and the problem', async () => {
    const file = path.join(dir, 'workflows.d/hello.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('  - id: greet\n', '  - id: greet\n    bogus_key: 1\n'));
    await until(() => up!.lines().some((l) => l.msg.startsWith('reload rejected')), 'the rejected reload');
    const r = amasIn(dir, ['run', 'hello', dir, '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('amas: warning: the project on disk has errors (workflows.d/hello.yaml)');
    expect(r.stderr).toContain('last good spec');
    expect(r.stderr).toMatch(/workflows\.d\/hello\.yaml:\d+:\d+: error AMAS\d+: .*bogus_key/);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'completed' });
  });
});
