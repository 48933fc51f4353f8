// Finding 12 of issue 13, the backup half: restore verifies before it replaces, bounds
// decompression and keeps what it replaces; backup carries what the project needs to run.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extract, manifestFor, tarGz, writeZeroBomb, type Member } from './backup-archives.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/amas');
const base = fs.mkdtempSync(path.join(os.tmpdir(), 'amas-restore-'));
const P = path.join(base, 'project');
let archive = '';
let manifestPaths: string[] = [];
let skipped: { path: string; reason: string }[] = [];

function amas(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: P, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function write(rel: string, text: string) {
  fs.mkdirSync(path.dirname(path.join(P, rel)), { recursive: true });
  fs.writeFileSync(path.join(P, rel), text);
}

/** Every file under `dir` with its SHA-256: "nothing changed on disk" is this map staying equal. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = path.join(rel, e.name);
      if (e.isDirectory()) walk(r);
      else if (e.isFile()) out[r] = createHash('sha256').update(fs.readFileSync(path.join(dir, r))).digest('hex');
    }
  };
  walk('');
  return out;
}

/** A real backup, unpacked, changed by `change`, packed again with a manifest that matches the change. */
function tampered(name: string, change: (members: Member[]) => Member[], manifest: Record<string, unknown> = {}): string {
  const members = extract(archive, path.join(base, `x-${name}`)).filter((m) => m.path !== 'manifest.json');
  const changed = change(members);
  const real = JSON.parse(fs.readFileSync(path.join(base, `x-${name}`, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  const file = path.join(base, `${name}.tar.gz`);
  fs.writeFileSync(file, tarGz([manifestFor(changed, { storeSeq: real['storeSeq'], ...manifest }), ...changed]));
  return file;
}

function expectRefusedUntouched(file: string, code: string, message: RegExp, env: Record<string, string> = {}) {
  const before = tree(P);
  const r = amas(['restore', file], env);
  expect(r.err).toContain(code);
  expect(r.err).toMatch(message);
  expect(r.err).not.toMatch(/\n\s+at /);
  expect(r.code).toBe(1);
  expect(tree(P)).toEqual(before);
}

beforeAll(() => {
  write('agents.d/calc.yaml', 'id: calc\ncapabilities:\n  triple:\n    run:\n      module: ./lib/x.mjs#fn\n  show:\n    run:\n      command: { argv: [node, scripts/show.mjs, data/table.json, node_modules/pkg/x.json, .env], parse: json }\n');
  write('workflows.d/go.yaml', 'id: go\ninputs:\n  n: { type: integer, default: 2 }\nsteps:\n  - id: a\n    task: triple\n    with: { n: "${{ inputs.n }}" }\n  - id: b\n    task: show\n    needs: [a]\noutputs:\n  n: ${{ steps.a.output.n }}\n  t: ${{ steps.b.output.t }}\n');
  write('lib/x.mjs', 'import { k } from "./helper.mjs";\nexport async function fn(input) { return { n: input.n * k }; }\n');
  write('lib/helper.mjs', 'export const k = 3;\n');
  write('scripts/show.mjs', 'import fs from "node:fs";\nprocess.stdout.write(fs.readFileSync(process.argv[2], "utf8"));\n');
  write('data/table.json', '{"t": 42}\n');
  write('node_modules/pkg/x.json', '{}\n');
  write('.env', 'UNRELATED_TOKEN=do-not-archive-me\n');
  expect(amas(['knowledge', 'put', '-c', 'kept', '--content', '"before the backup"']).code).toBe(0);
  const b = amas(['backup', '--json']);
  expect(b.code).toBe(0);
  const res = JSON.parse(b.out) as { file: string; manifest: { members: { path: string }[] }; skipped: { path: string; reason: string }[] };
  archive = res.file;
  manifestPaths = res.manifest.members.map((m) => m.path);
  skipped = res.skipped;
}, 120_000);
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

describe('amas backup', () => {
  it("carries the project's own modules, their imports, scripts and data files, and never .env or node_modules", () => {
    expect(manifestPaths).toEqual(
      expect.arrayContaining(['store/amas.db', 'agents.d/calc.yaml', 'workflows.d/go.yaml', 'lib/x.mjs', 'lib/helper.mjs', 'scripts/show.mjs', 'data/table.json']),
    );
    expect(manifestPaths.some((p) => p.includes('.env') || p.includes('node_modules'))).toBe(false);
    expect(skipped.map((s) => s.path).sort()).toEqual(['.env', 'node_modules/pkg/x.json']);
    const listing = spawnSync('tar', ['-tzf', archive], { encoding: 'utf8' }).stdout;
    expect(listing).not.toContain('.env');
    expect(spawnSync('sh', ['-c', `gzip -dc '${archive}' | grep -c do-not-archive-me`], { encoding: 'utf8' }).stdout.trim()).toBe('0');
  });

  it('restores into a fresh directory where `amas run` of a module workflow works', () => {
    const fresh = path.join(base, 'fresh');
    fs.mkdirSync(fresh);
    const r = amas(['restore', archive, fresh]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const run = spawnSync(process.execPath, [BIN, 'run', 'go', fresh, '--json', '-q'], { cwd: fresh, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'completed', outputs: { n: 6, t: 42 } });
  }, 120_000);
});

describe('amas restore refuses poison and changes nothing', () => {
  it('refuses an archive whose database is not SQLite', () => {
    const file = tampered('not-sqlite', (ms) => ms.map((m) => (m.path === 'store/amas.db' ? { ...m, data: Buffer.from('this is not a database\n'.repeat(100)) } : m)));
    expectRefusedUntouched(file, 'AMAS_BACKUP_INVALID', /not a SQLite file/);
  }, 120_000);

  it.each([
    ['1e300', 1e300],
    ['"abc"', 'abc'],
    ['-1', -1],
  ])('refuses a manifest whose storeSeq is %s', (_label, seq) => {
    const file = tampered(`seq-${String(seq).replace(/\W/g, '')}`, (ms) => ms, { storeSeq: seq });
    expectRefusedUntouched(file, 'AMAS_BACKUP_INVALID', /storeSeq must be a non-negative integer/);
  }, 120_000);

  it.each([['.env'], ['../outside.txt'], ['.amas/amas.db.lock'], ['node_modules/x/index.js']])('refuses a member at %s', (where) => {
    const file = tampered(`path-${where.replace(/\W/g, '')}`, (ms) => [...ms, { path: where, data: Buffer.from('planted\n') }]);
    expectRefusedUntouched(file, 'AMAS_BACKUP_INVALID', /outside what a backup may restore/);
    expect(fs.existsSync(path.join(base, 'outside.txt'))).toBe(false);
  }, 120_000);

  it('refuses a gzip bomb whose header claims 4 GiB, at the default limit, without inflating it', () => {
    const file = path.join(base, 'claim.tar.gz');
    const db: Member = { path: 'store/amas.db', data: Buffer.alloc(1024 * 1024), claim: 4 * 1024 ** 3 };
    fs.writeFileSync(file, tarGz([manifestFor([db]), db]));
    expectRefusedUntouched(file, 'AMAS_BACKUP_TOO_LARGE', /store\/amas\.db \(4294967296 bytes\) would take the decompressed archive past 1073741824 bytes/);
  }, 120_000);

  it('cuts a bomb of many members off once the decompressed total passes the limit (flag or environment)', async () => {
    const file = path.join(base, 'bomb.tar.gz');
    await writeZeroBomb(file, Array.from({ length: 12 }, (_, i) => ({ path: `agents.d/zero-${i}.yaml`, mib: 4 })));
    expect(fs.statSync(file).size).toBeLessThan(1024 * 1024);
    expectRefusedUntouched(file, 'AMAS_BACKUP_TOO_LARGE', /past 16777216 bytes/, { AMAS_RESTORE_MAX_SIZE: '16MiB' });
    const flag = amas(['restore', file, '--max-size', '10MiB']);
    expect(flag.code).toBe(1);
    expect(flag.err).toMatch(/AMAS_BACKUP_TOO_LARGE.*past 10485760 bytes/);
  }, 120_000);

  it('refuses a bomb hidden after the end of the archive (a second gzip member of zeros), at the default limit', () => {
    const file = path.join(base, 'tail-bomb.tar.gz');
    fs.writeFileSync(file, Buffer.concat([fs.readFileSync(archive), gzipSync(Buffer.alloc(40 * 1024 * 1024))]));
    expectRefusedUntouched(file, 'AMAS_BACKUP_TOO_LARGE', /more than 1048576 bytes of data after the end of the archive/);
  }, 120_000);
});

describe('symlinks do not carry files across the project boundary', () => {
  it('restore refuses to write through a symlinked folder that leads outside the project', () => {
    const victim = fs.mkdtempSync(path.join(base, 'victim-'));
    const target = path.join(base, 'linked');
    fs.mkdirSync(target);
    fs.symlinkSync(victim, path.join(target, 'lib'));
    const r = spawnSync(process.execPath, [BIN, 'restore', archive, target], { cwd: target, encoding: 'utf8' });
    expect(r.stderr).toMatch(/AMAS_BACKUP_INVALID.*refusing to restore lib\/\S+: its folder leads outside the project/);
    expect(r.status).toBe(1);
    expect(fs.readdirSync(victim)).toEqual([]);
    expect(fs.existsSync(path.join(target, '.amas'))).toBe(false);
  }, 120_000);

  it('backup leaves out a referenced file that is a link to outside the project', () => {
    const secret = path.join(base, 'outside-secret.txt');
    fs.writeFileSync(secret, 'outside the project\n');
    const proj = path.join(base, 'linking');
    fs.mkdirSync(path.join(proj, 'agents.d'), { recursive: true });
    fs.mkdirSync(path.join(proj, 'workflows.d'));
    fs.symlinkSync(secret, path.join(proj, 'data.txt'));
    fs.writeFileSync(path.join(proj, 'agents.d', 'a.yaml'), 'id: a\ncapabilities:\n  cat:\n    run:\n      command: [cat, data.txt]\n');
    const r = spawnSync(process.execPath, [BIN, 'backup', proj, '--json'], { cwd: proj, encoding: 'utf8' });
    expect(r.status).toBe(0);
    const res = JSON.parse(r.stdout) as { manifest: { members: { path: string }[] }; skipped: { path: string; reason: string }[] };
    expect(res.manifest.members.map((m) => m.path)).not.toContain('data.txt');
    expect(res.skipped).toEqual([{ path: 'data.txt', reason: `a link to ${fs.realpathSync(secret)}, outside the project` }]);
  }, 120_000);
});

describe('amas restore beside a running amas up', () => {
  it('refuses while amas up holds the writer lock, and changes nothing', async () => {
    const up = spawn(process.execPath, [BIN, 'up', '--no-tui', P], { cwd: P, env: { ...process.env, AMAS_DEBUG: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise((resolve) => up.on('exit', resolve));
    try {
      const lock = path.join(P, '.amas', 'amas.db.lock');
      const end = Date.now() + 60_000;
      while (!(fs.existsSync(lock) && fs.readFileSync(lock, 'utf8').includes(`"pid":${up.pid}`))) {
        if (Date.now() > end || up.exitCode !== null) throw new Error('amas up did not take the lock');
        await new Promise((r) => setTimeout(r, 100));
      }
      const outside = (t: Record<string, string>) => Object.fromEntries(Object.entries(t).filter(([k]) => !k.startsWith('.amas')));
      const before = tree(P);
      const r = amas(['restore', archive]);
      expect(r.err).toContain('AMAS_STORE_LOCKED');
      expect(r.err).toContain(`pid ${up.pid}`);
      expect(r.code).toBe(1);
      expect(outside(tree(P))).toEqual(outside(before));
      expect(fs.readdirSync(path.join(P, '.amas')).some((f) => f.startsWith('restore-backup-'))).toBe(false);
    } finally {
      up.kill('SIGTERM');
      await exited;
    }
  }, 120_000);
});

describe('amas restore keeps what it replaces', () => {
  it('copies every edited file and the previous store aside, and says where', () => {
    write('workflows.d/go.yaml', `${fs.readFileSync(path.join(P, 'workflows.d/go.yaml'), 'utf8')}# edited after the backup\n`);
    write('lib/helper.mjs', 'export const k = 5; // edited after the backup\n');
    expect(amas(['knowledge', 'put', '-c', 'later', '--content', '"after the backup"']).code).toBe(0);
    const r = amas(['restore', archive, '--json']);
    expect(r.code).toBe(0);
    const res = JSON.parse(r.out) as { keptIn: string; kept: string[]; unchanged: string[] };
    expect(res.keptIn.startsWith(path.join(P, '.amas', 'restore-backup-'))).toBe(true);
    expect(res.kept).toEqual(expect.arrayContaining(['store/amas.db', 'project/workflows.d/go.yaml', 'project/lib/helper.mjs']));
    expect(fs.readFileSync(path.join(res.keptIn, 'project/lib/helper.mjs'), 'utf8')).toContain('edited after the backup');
    expect(fs.readFileSync(path.join(res.keptIn, 'project/workflows.d/go.yaml'), 'utf8')).toContain('edited after the backup');
    expect(fs.readFileSync(path.join(P, 'lib/helper.mjs'), 'utf8')).toBe('export const k = 3;\n');
    expect(res.unchanged.map((f) => path.relative(P, f))).toContain('lib/x.mjs');
    const categories = (JSON.parse(amas(['knowledge', 'list', '--json']).out) as { category: string }[]).map((e) => e.category);
    expect(categories).toEqual(['kept']);

    const text = amas(['restore', archive]);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^previous state kept in .*restore-backup-\S+ \(\d+ entries: store\/amas\.db/m);
  }, 120_000);
});
