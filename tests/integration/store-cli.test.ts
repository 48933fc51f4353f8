import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/amas');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amas-kcli-'));

function amas(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  if (!fs.existsSync(path.join(ROOT, 'dist/cli/main.js'))) spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  fs.mkdirSync(path.join(dir, 'agents.d'));
  fs.mkdirSync(path.join(dir, 'workflows.d'));
  fs.writeFileSync(path.join(dir, 'amas.yaml'), 'store: { path: state/kb.db }\n');
  fs.writeFileSync(path.join(dir, 'agents.d', 'writer.yaml'), 'id: writer\n');
  fs.writeFileSync(path.join(dir, 'workflows.d', 'flow.yaml'), 'id: flow\n');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('amas knowledge', () => {
  it('puts, dedups, lists, gets and searches through the store named in amas.yaml', { timeout: 60_000 }, () => {
    const a = amas(['knowledge', 'put', '--category', 'tips', '--content', '{"tip": "short intros work"}', '--agent', 'writer', '--json']);
    expect(a.code).toBe(0);
    const first = JSON.parse(a.out) as { id: string; duplicate: boolean };
    expect(first.duplicate).toBe(false);
    expect(fs.existsSync(path.join(dir, 'state', 'kb.db'))).toBe(true);
    const dup = amas(['knowledge', 'put', '--category', 'tips', '--content', '{ "tip":"short intros work" }']);
    expect(dup.out).toBe(`duplicate of ${first.id} (identical content already in tips)\n`);
    amas(['knowledge', 'put', '-c', 'tips', '--content', 'intro intro intro', '--confidence', '0.2']);

    const list = JSON.parse(amas(['knowledge', 'list', '--category', 'tips', '--json']).out) as { id: string; content: unknown }[];
    expect(list.map((e) => e.content)).toEqual(['intro intro intro', { tip: 'short intros work' }]);
    expect(JSON.parse(amas(['knowledge', 'get', first.id, '--json']).out)).toMatchObject({ id: first.id, agentId: 'writer', category: 'tips' });

    const hits = JSON.parse(amas(['knowledge', 'search', 'intro*', '--json']).out) as { entry: { id: string }; snippet: string }[];
    expect(hits[0]!.snippet).toContain('[intro]');
    expect(hits).toHaveLength(2);
    const confident = JSON.parse(amas(['knowledge', 'search', 'intro*', '--min-confidence', '0.5', '--json']).out) as { entry: { id: string } }[];
    expect(confident.map((h) => h.entry.id)).toEqual([first.id]);
  });

  it('exports and imports JSON Lines, naming bad lines by number and importing nothing when one is bad', () => {
    const exp = amas(['knowledge', 'export']);
    expect(exp.code).toBe(0);
    const lines = exp.out.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    const input = ['{"category": "new", "content": {"x": 1}}', 'not json', '', '{"content": 2}', lines[0]!].join('\n');
    const imp = amas(['knowledge', 'import', '-'], input);
    expect(imp.code).toBe(1);
    expect(imp.out).toBe('');
    expect(imp.err).toMatch(/^<stdin>:2: not valid JSON/m);
    expect(imp.err).toMatch(/^<stdin>:4: category is required$/m);
    expect(imp.err).toMatch(/^amas: nothing imported: 2 bad lines, first at <stdin>:2$/m);
    const ok = amas(['knowledge', 'import', '-'], ['{"category": "new", "content": {"x": 1}}', '', lines[0]!].join('\n'));
    expect(ok.out).toBe('imported 1, duplicates 1\n');
    expect(ok.code).toBe(0);
  }, 60_000);

  it('prunes nothing that has not expired and reports usage errors with exit code 2', { timeout: 60_000 }, () => {
    expect(amas(['knowledge', 'prune', '--json']).out).toContain('"pruned": 0');
    const bad = amas(['knowledge', 'put', '-c', 'x', '--content', '{oops']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('AMAS_USAGE');
    expect(amas(['knowledge', 'get', 'missing']).code).toBe(1);
  });
});

describe('amas backup / restore', () => {
  it('writes a tar.gz with a verified manifest, rotates old ones, and restores it', { timeout: 60_000 }, () => {
    const backups = path.join(dir, 'state', 'backups');
    fs.mkdirSync(backups, { recursive: true });
    const old = path.join(backups, 'amas-backup-20000101T000000000Z.tar.gz');
    fs.writeFileSync(old, 'old');
    const b = amas(['backup', '--json']);
    expect(b.code).toBe(0);
    const res = JSON.parse(b.out) as { file: string; removed: string[]; manifest: { members: { path: string }[] } };
    expect(res.removed).toEqual([old]);
    expect(res.manifest.members.map((m) => m.path)).toEqual(['store/amas.db', 'amas.yaml', 'agents.d/writer.yaml', 'workflows.d/flow.yaml']);
    const tar = spawnSync('tar', ['-tzf', res.file], { encoding: 'utf8' });
    if (tar.status === 0) expect(tar.stdout.split('\n')).toContain('manifest.json');

    amas(['knowledge', 'put', '-c', 'after', '--content', '"written after the backup"']);
    fs.writeFileSync(path.join(dir, 'agents.d', 'writer.yaml'), 'id: changed\n');
    const r = amas(['restore', res.file, '--json']);
    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'agents.d', 'writer.yaml'), 'utf8')).toBe('id: writer\n');
    const after = JSON.parse(amas(['knowledge', 'list', '--json']).out) as { category: string }[];
    expect(after.map((e) => e.category)).not.toContain('after');
    expect(after.length).toBeGreaterThanOrEqual(2);

    const damaged = Buffer.from(fs.readFileSync(res.file));
    damaged[damaged.length - 20] = damaged[damaged.length - 20]! ^ 0xff;
    fs.writeFileSync(path.join(dir, 'bad.tar.gz'), damaged);
    const refused = amas(['restore', 'bad.tar.gz']);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('AMAS_BACKUP_INVALID');
  });

  it('refuses to restore while a writer holds the store', { timeout: 60_000 }, () => {
    const lock = path.join(dir, 'state', 'kb.db.lock');
    fs.writeFileSync(lock, JSON.stringify({ pid: process.pid, hostname: os.hostname(), startedAt: 'now' }));
    try {
      const archive = fs.readdirSync(path.join(dir, 'state', 'backups'))[0]!;
      const r = amas(['restore', path.join('state', 'backups', archive)]);
      expect(r.code).toBe(1);
      expect(r.err).toContain(`AMAS_STORE_LOCKED`);
      expect(r.err).toContain(`pid ${process.pid}`);
    } finally {
      fs.rmSync(lock);
    }
  });
});
