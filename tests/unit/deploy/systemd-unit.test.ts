// deploy/amas.service: its install comment works as written on a fresh machine (a directory
// exists before a file is put in it), its Documentation= points at a file the package ships,
// and systemd itself accepts it (systemd-analyze verify, where systemd is installed).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const UNIT = readFileSync(join(ROOT, 'deploy', 'amas.service'), 'utf8');
const FILES = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[] }).files;

/** Whether package.json `files` ships a repository path (a folder, or `folder/*.ext`). */
function shipped(rel: string): boolean {
  return FILES.some((f) => {
    if (f.includes('*')) {
      const [dir, pattern] = [f.slice(0, f.lastIndexOf('/')), f.slice(f.lastIndexOf('/') + 1)];
      const re = new RegExp(`^${pattern.replace(/\./g, '\\.').replace(/\*/g, '[^/]*')}$`);
      return rel.startsWith(`${dir}/`) && re.test(rel.slice(dir.length + 1));
    }
    return rel === f || rel.startsWith(`${f}/`);
  });
}

test('Documentation= names files the package ships, under the global node_modules', () => {
  const line = UNIT.split('\n').find((l) => l.startsWith('Documentation='));
  expect(line).toBeDefined();
  const uris = line!.slice('Documentation='.length).trim().split(/\s+/);
  expect(uris.length).toBeGreaterThan(0);
  for (const uri of uris) {
    const m = /^file:\/\/\/usr(?:\/local)?\/lib\/node_modules\/amas\/(.+)$/.exec(uri);
    expect(m, uri).not.toBeNull();
    expect(existsSync(join(ROOT, m![1]!)), uri).toBe(true);
    expect(shipped(m![1]!), `${m![1]} is not in package.json files`).toBe(true);
  }
});

test('the install comment creates each directory before it puts a file there', () => {
  const steps = UNIT.split('\n')
    .filter((l) => /^#\s+sudo /.test(l))
    .map((l) => l.replace(/^#\s+/, '').replace(/\s+#.*$/, ''));
  const made = new Set<string>(['/etc/systemd/system']);
  for (const s of steps) {
    const dir = /install -d .*?(\/\S+)$/.exec(s);
    if (dir) {
      made.add(dir[1]!);
      continue;
    }
    for (const target of s.matchAll(/\s(\/etc\/\S+?)\/[^/\s]+(?=\s|$)/g)) expect(made, `${s}: ${target[1]} is not created first`).toContain(target[1]);
  }
  expect(steps.some((s) => s.includes('install -d') && s.endsWith('/etc/amas'))).toBe(true);
});

test.skipIf(spawnSync('systemd-analyze', ['--version']).status !== 0)('systemd-analyze verify accepts the unit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'amas-unit-'));
  try {
    copyFileSync(join(ROOT, 'deploy', 'amas.service'), join(dir, 'amas.service'));
    const r = spawnSync('systemd-analyze', ['verify', join(dir, 'amas.service')], { encoding: 'utf8' });
    expect(r.stderr.split('\n').filter((l) => l.includes('amas.service'))).toEqual([]);
    expect(r.status).toBe(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
