// Finding 12 of issue 13, the import half: `knowledge import` checks every line (types and
// ranges) before writing anything, reads with a per-line size limit, and `list`/`export`
// survive an out-of-range value already in a store.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/amas');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amas-kimport-'));

function amas(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const count = () => (JSON.parse(amas(['knowledge', 'list', '--json', '--limit', '1000']).out) as unknown[]).length;
const good = (n: number) => JSON.stringify({ category: 'imported', content: { n } });

beforeAll(() => {
  fs.mkdirSync(path.join(dir, 'agents.d'));
  fs.mkdirSync(path.join(dir, 'workflows.d'));
  expect(amas(['knowledge', 'put', '-c', 'base', '--content', '"already here"']).code).toBe(0);
}, 60_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('amas knowledge import', () => {
  it.each([
    ['createdAt: 1e20', { createdAt: 1e20 }, /createdAt must be an ISO date or epoch milliseconds between 1970 and 9999/],
    ['expiresAt: "+275760-09-13"', { expiresAt: '+275760-09-13T00:00:00.000Z' }, /expiresAt must be/],
    ['createdAt: -5', { createdAt: -5 }, /createdAt must be/],
    ['confidence: 7', { confidence: 7 }, /confidence must be a number from 0 to 1/],
    ['a 300-character category', { category: 'c'.repeat(300) }, /category is 300 characters long; the limit is 256/],
    ['agentId: 5', { agentId: 5 }, /agentId must be a string/],
  ])('refuses %s with its line number and imports nothing', (_label, over, message) => {
    const file = path.join(dir, 'bad.jsonl');
    fs.writeFileSync(file, [good(1), '', JSON.stringify({ category: 'imported', content: 'x', ...over }), good(2)].join('\n'));
    const before = count();
    const r = amas(['knowledge', 'import', file]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3: ${message.source}`, 'm'));
    expect(r.err).toMatch(/nothing imported: 1 bad line/);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(count()).toBe(before);
  }, 60_000);

  it('refuses a 40 MB line by number without a stack trace or a partial import', () => {
    const file = path.join(dir, 'huge.jsonl');
    const fd = fs.openSync(file, 'w');
    fs.writeSync(fd, `${good(10)}\n${good(11)}\n{"category": "imported", "content": "`);
    const chunk = 'a'.repeat(1024 * 1024);
    for (let i = 0; i < 40; i++) fs.writeSync(fd, chunk);
    fs.writeSync(fd, `"}\n${good(12)}\n`);
    fs.closeSync(fd);
    const before = count();
    const r = amas(['knowledge', 'import', file]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${file}:3: line is longer than 16777216 bytes`);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(count()).toBe(before);
  }, 60_000);

  it('imports a file whose every line is good, from a file or standard input', () => {
    const before = count();
    const file = path.join(dir, 'ok.jsonl');
    fs.writeFileSync(file, `${good(20)}\r\n${JSON.stringify({ category: 'imported', content: 'dated', createdAt: '2020-01-01T00:00:00.000Z', expiresAt: 253402300799999 })}\n`);
    const r = amas(['knowledge', 'import', file]);
    expect(r.err).toBe('');
    expect(r.out).toBe('imported 2, duplicates 0\n');
    expect(r.code).toBe(0);
    const piped = amas(['knowledge', 'import', '-'], `${good(21)}\n${good(20)}\n`);
    expect(piped.out).toBe('imported 1, duplicates 1\n');
    expect(count()).toBe(before + 3);
  }, 60_000);
});

describe('an out-of-range time already in a store', () => {
  it('does not crash list, get or export', async () => {
    // A store written before import checked ranges: put the value there the way such an import did.
    const store = await openStore(path.join(dir, '.amas', 'amas.db'));
    try {
      await store.transaction((tx) => {
        tx.run(
          "INSERT INTO knowledge (id, agent_id, category, content, metadata, created_at, expires_at, confidence, source, content_hash) VALUES ('kn_far', NULL, 'far', '\"future\"', '{}', 1e20, NULL, 1, NULL, 'h-far')",
        );
      });
    } finally {
      await store.close();
    }
    const list = amas(['knowledge', 'list', '--category', 'far']);
    expect(list.err).toBe('');
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/^kn_far {2}far {2}- {2}100000000000000000000 /m);
    const get = amas(['knowledge', 'get', 'kn_far']);
    expect(get.code).toBe(0);
    expect(get.out).toContain('"createdAt": "100000000000000000000"');
    const exp = amas(['knowledge', 'export']);
    expect(exp.err).toBe('');
    expect(exp.code).toBe(0);
    const line = exp.out.split('\n').find((l) => l.includes('kn_far'));
    expect(JSON.parse(line!)).toMatchObject({ id: 'kn_far', createdAt: 1e20 });
    // And such a line is refused on the way back in, by number.
    const back = amas(['knowledge', 'import', '-'], `${line}\n`);
    expect(back.code).toBe(1);
    expect(back.err).toMatch(/^<stdin>:1: createdAt must be/m);
  }, 60_000);
});
