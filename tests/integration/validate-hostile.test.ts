// Hostile input through the real CLI: each case gives a located diagnostic and exit 1 within
// two seconds, never a stack trace or a hang.
import { execSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin', 'amas');
const LIMIT_MS = 2000;
let base: string;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'amas-hostile-'));
}, 120_000);
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** A project with one good agent plus whatever `make` adds; returns its directory. */
function project(name: string, make: (dir: string) => void): string {
  const dir = join(base, name);
  mkdirSync(join(dir, 'agents.d'), { recursive: true });
  mkdirSync(join(dir, 'workflows.d'), { recursive: true });
  writeFileSync(join(dir, 'agents.d', 'good.yaml'), 'id: good\ncapabilities:\n  ping:\n    run:\n      template: pong\n');
  make(dir);
  return dir;
}

function validate(dir: string) {
  const started = performance.now();
  const r = spawnSync(process.execPath, [BIN, 'validate', '--format', 'json'], { cwd: dir, encoding: 'utf8', timeout: LIMIT_MS, maxBuffer: 16 * 1024 * 1024 });
  return { ...r, ms: performance.now() - started };
}

interface JsonOut {
  diagnostics: { file: string; line: number; column: number; code: string; message: string }[];
}

function expectLocated(dir: string, file: string, code: string): JsonOut['diagnostics'][number] {
  const r = validate(dir);
  expect(r.error, `no hang (killed after ${LIMIT_MS} ms)`).toBeUndefined();
  expect(r.status).toBe(1);
  expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/); // no stack trace
  const out = JSON.parse(r.stdout) as JsonOut;
  const d = out.diagnostics.find((x) => x.file === file && x.code === code);
  expect(d, JSON.stringify(out.diagnostics)).toBeDefined();
  expect(d!.line).toBeGreaterThanOrEqual(1);
  expect(d!.column).toBeGreaterThanOrEqual(1);
  return d!;
}

describe('hostile input gives a located diagnostic and exit 1', () => {
  test('alias bomb (billion laughs)', () => {
    const lol = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i < 9; i++) lol.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    const dir = project('bomb', (d) => writeFileSync(join(d, 'agents.d', 'bomb.yaml'), `${lol.join('\n')}\n`));
    const d = expectLocated(dir, 'agents.d/bomb.yaml', 'AMAS106');
    expect(d.line).toBe(2);
  });

  test('a 50 MB file is refused before parsing', () => {
    const dir = project('huge', (d) => writeFileSync(join(d, 'workflows.d', 'huge.yaml'), Buffer.alloc(50 * 1024 * 1024, 'a: b\n')));
    const d = expectLocated(dir, 'workflows.d/huge.yaml', 'AMAS103');
    expect(d.message).toMatch(/50\.0 MB/);
  });

  test('10,000-deep flow nesting', () => {
    const dir = project('deep-flow', (d) => writeFileSync(join(d, 'workflows.d', 'deep.yaml'), `id: deep\nsteps: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`));
    const d = expectLocated(dir, 'workflows.d/deep.yaml', 'AMAS105');
    expect(d.line).toBe(2);
  });

  test('10,000-deep block nesting (compact sequences)', () => {
    // Indented block nesting that deep would be far over the size limit; `- - - …` nests on one line.
    const dir = project('deep-block', (d) => writeFileSync(join(d, 'agents.d', 'deep.yaml'), `id: deep\nproduces:\n  ${'- '.repeat(10_000)}x\n`));
    expectLocated(dir, 'agents.d/deep.yaml', 'AMAS105');
  });

  test('2,000-deep indented mappings (under the size limit)', () => {
    const lines: string[] = [];
    for (let i = 0; i < 2000; i++) lines.push(`${' '.repeat(i)}k:`);
    const dir = project('deep-indent', (d) => writeFileSync(join(d, 'agents.d', 'deep.yaml'), `${lines.join('\n')} x\n`));
    expectLocated(dir, 'agents.d/deep.yaml', 'AMAS105');
  });

  test('binary junk', () => {
    const junk = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
    const dir = project('junk', (d) => writeFileSync(join(d, 'agents.d', 'junk.yaml'), junk));
    expectLocated(dir, 'agents.d/junk.yaml', 'AMAS104');
  });

  test('invalid UTF-8 is located at its line', () => {
    const dir = project('latin1', (d) => writeFileSync(join(d, 'agents.d', 'latin1.yaml'), Buffer.concat([Buffer.from('id: x\ndescription: caf'), Buffer.from([0xe9]), Buffer.from('\n')])));
    const d = expectLocated(dir, 'agents.d/latin1.yaml', 'AMAS104');
    expect([d.line, d.column]).toEqual([2, 17]);
  });

  test('a directory named x.yaml', () => {
    const dir = project('dir', (d) => mkdirSync(join(d, 'agents.d', 'x.yaml')));
    expectLocated(dir, 'agents.d/x.yaml', 'AMAS109');
  });

  test('an unreadable file', () => {
    // root reads any file whatever its mode, so as root a dangling symlink stands in for it
    const asRoot = process.getuid?.() === 0;
    const dir = project('unreadable', (d) => {
      const file = join(d, 'agents.d', 'secret.yaml');
      if (asRoot) symlinkSync(join(d, 'nowhere.yaml'), file);
      else {
        writeFileSync(file, 'id: secret\n');
        chmodSync(file, 0o000);
      }
    });
    const d = expectLocated(dir, 'agents.d/secret.yaml', 'AMAS109');
    expect(d.message).toMatch(/cannot read/);
  });

  test('a FIFO named x.yaml is not opened (it would block)', () => {
    const dir = project('fifo', (d) => execSync(`mkfifo ${JSON.stringify(join(d, 'agents.d', 'pipe.yaml'))}`));
    expectLocated(dir, 'agents.d/pipe.yaml', 'AMAS109');
  });

  test('an empty file', () => {
    const dir = project('empty', (d) => writeFileSync(join(d, 'workflows.d', 'empty.yaml'), ''));
    expectLocated(dir, 'workflows.d/empty.yaml', 'AMAS108');
  });

  test('two documents in one file', () => {
    const dir = project('multi', (d) => writeFileSync(join(d, 'agents.d', 'two.yaml'), 'id: one\ncapabilities: { a: { run: { template: x } } }\n---\nid: two\n'));
    const d = expectLocated(dir, 'agents.d/two.yaml', 'AMAS107');
    expect(d.line).toBe(3);
  });
});
