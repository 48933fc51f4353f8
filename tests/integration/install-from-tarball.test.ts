// Installing amas for another repository, the way a user does without a registry: the package is
// packed from a source tree that has no dist/ (as a git checkout has none: `prepare` must build
// it), the tarball is installed into a fresh directory outside the repository, and the installed
// `amas` scaffolds a project whose `$schema` headers resolve to readable schemas, validates it
// and runs its example workflow. A project outside any node_modules gets its own schema copy.
// Slow (a real `npm pack` and `npm install`), hence one install and a generous timeout.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const SOURCES = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'README.md', 'src', 'schemas', 'bin', 'scripts', 'docs', 'deploy'];
let tmp: string;

beforeAll(() => {
  tmp = mkdtempSync(join(realpathSync(tmpdir()), 'amas-install-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }), 120_000);

/** The environment without what `npm test` put there for this package's own scripts. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.toLowerCase().startsWith('npm_')) env[k] = v;
  return { ...env, NO_COLOR: '1', AMAS_DEBUG: '' };
}

function run(cmd: string, args: string[], cwd: string, timeout = 300_000): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: cleanEnv(), timeout });
  if (r.error) throw r.error;
  return r;
}

function ok(r: SpawnSyncReturns<string>, what: string): string {
  expect(r.status, `${what} failed:\n${r.stdout}\n${r.stderr}`).toBe(0);
  return r.stdout;
}

/** Every `$schema=` header of a scaffolded project, resolved from its file and parsed. */
function schemaHeaders(project: string): { file: string; ref: string; title: unknown }[] {
  return ['amas.yaml', 'agents.d/greeter.yaml', 'workflows.d/hello.yaml'].map((file) => {
    const first = readFileSync(join(project, file), 'utf8').split('\n')[0]!;
    const ref = /^# yaml-language-server: \$schema=(\S+)$/.exec(first)?.[1];
    expect(ref, `${file} has no $schema header: ${first}`).toBeDefined();
    const target = resolve(dirname(join(project, file)), ref!);
    const schema = JSON.parse(readFileSync(target, 'utf8')) as { $schema?: string; title?: unknown };
    expect(schema.$schema).toContain('2020-12');
    return { file, ref: ref!, title: schema.title };
  });
}

test('a packed tarball installs into a fresh directory and works there: init, schemas, validate, run', () => {
  // 1. A source tree like a fresh clone: no dist/. Dependencies are linked, not reinstalled.
  const src = join(tmp, 'src');
  mkdirSync(src);
  for (const f of SOURCES) cpSync(join(ROOT, f), join(src, f), { recursive: true });
  symlinkSync(realpathSync(join(ROOT, 'node_modules')), join(src, 'node_modules'), 'dir');
  expect(existsSync(join(src, 'dist'))).toBe(false);

  const out = join(tmp, 'out');
  mkdirSync(out);
  const packed = JSON.parse(ok(run('npm', ['pack', '--json', '--pack-destination', out], src), 'npm pack')) as { filename: string; files: { path: string }[] }[];
  const files = packed[0]!.files.map((f) => f.path);
  for (const f of ['bin/amas', 'dist/cli/main.js', 'dist/index.js', 'dist/index.d.ts', 'schemas/project.schema.json', 'schemas/agent.schema.json', 'schemas/workflow.schema.json', 'package.json']) {
    expect(files, f).toContain(f);
  }
  expect(files.some((f) => f.startsWith('src/') || f.startsWith('tests/'))).toBe(false);
  const tarball = join(out, packed[0]!.filename);

  // 2. One install, into a directory that has nothing to do with the repository.
  const proj = join(tmp, 'proj');
  mkdirSync(proj);
  writeFileSync(join(proj, 'package.json'), '{ "name": "consumer", "private": true }\n');
  ok(run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--save-dev', tarball], proj), 'npm install');
  const bin = join(proj, 'node_modules', '.bin', 'amas');
  expect(existsSync(bin)).toBe(true);
  expect(ok(run(bin, ['--version'], proj, 30_000), 'amas --version').trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);

  // 3. init inside the consumer: headers point into its node_modules, and resolve.
  const team = join(proj, 'team');
  const init = ok(run(bin, ['init', team], proj, 30_000), 'amas init');
  expect(init).toContain('node_modules/amas/schemas/ (the amas installed in this project)');
  const headers = schemaHeaders(team);
  expect(headers.map((h) => h.ref)).toEqual([
    '../node_modules/amas/schemas/project.schema.json',
    '../../node_modules/amas/schemas/agent.schema.json',
    '../../node_modules/amas/schemas/workflow.schema.json',
  ]);

  // 4. validate and the example workflow, with the installed binary, in the scaffolded project.
  expect(ok(run(bin, ['validate'], team, 60_000), 'amas validate')).toBe('no problems in 4 files\n');
  const ran = ok(run(bin, ['run', 'hello', '--input', 'name=Ada'], team, 120_000), 'amas run hello');
  expect(ran).toContain('summary: Hello, Ada! (2 words)');
  // The scaffolded test (tests.d/hello.yaml) passes with the installed binary.
  expect(ok(run(bin, ['test'], team, 120_000), 'amas test')).toContain('1 passed, 0 failed');

  // 5. A project outside any node_modules (as with a global install) gets a copy of the schemas.
  const solo = join(tmp, 'solo');
  const soloInit = ok(run(bin, ['init', solo], tmp, 30_000), 'amas init (no local amas)');
  expect(soloInit).toContain('.amas-schemas/, a copy of this amas');
  expect(schemaHeaders(solo).map((h) => h.ref)).toEqual(['./.amas-schemas/project.schema.json', '../.amas-schemas/agent.schema.json', '../.amas-schemas/workflow.schema.json']);
  expect(ok(run(bin, ['validate'], solo, 60_000), 'amas validate (solo)')).toBe('no problems in 4 files\n');
}, 600_000);
