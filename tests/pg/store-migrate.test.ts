// `amas store migrate --to postgres://…` through the real CLI: an embedded store filled by real
// runs is copied into a fresh PostgreSQL database; a second copy is refused without --force and
// adds nothing with it; the password of the target never appears in the output.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openBackend, openPgStore } from '../../src/store/index.ts';
import { freshDatabase, type TestDatabase } from '../support/postgres.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/amas');
let db: TestDatabase;
let dir: string;

function amas(args: string[]): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

beforeAll(async () => {
  // Three real runs through the CLI (each a process start) fill the embedded store.
  db = await freshDatabase();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amas-migrate-'));
  fs.mkdirSync(path.join(dir, 'agents.d'));
  fs.mkdirSync(path.join(dir, 'workflows.d'));
  fs.writeFileSync(path.join(dir, 'amas.yaml'), 'name: m\n');
  fs.writeFileSync(path.join(dir, 'agents.d/a.yaml'), "id: a\ncapabilities:\n  say:\n    run:\n      template: { text: '${{ input.text }}' }\n");
  fs.writeFileSync(path.join(dir, 'workflows.d/say.yaml'), 'id: say\ninputs:\n  text: { type: string }\nsteps:\n  - id: s\n    task: say\n    with: { text: "${{ inputs.text }}" }\n  - id: t\n    needs: [s]\n    task: say\n    with: { text: "again" }\noutputs:\n  out: ${{ steps.s.output }}\n');
  for (const text of ['one', 'two', 'three']) expect(amas(['run', 'say', dir, '--input', `text=${text}`]).status).toBe(0);
}, 180_000);

afterAll(async () => {
  await db.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('copies every run, step, spec and knowledge entry, then refuses or skips a second copy', { timeout: 180_000 }, async () => {
  const password = new URL(db.url).password;
  const first = amas(['store', 'migrate', dir, '--to', db.url]);
  expect(first.status, first.out).toBe(0);
  expect(first.out).toMatch(/^runs: 3\/3 rows read, 3 written$/m);
  expect(first.out).toMatch(/^steps: 6\/6 rows read, 6 written$/m);
  expect(first.out).toMatch(/^done: \d+ rows read, \d+ written \(0 already there\)$/m);
  expect(first.out).toContain(':***@');
  expect(first.out).not.toContain(password);

  const local = await openBackend(path.join(dir, '.amas/amas.db'), { readOnly: true });
  const pg = await openPgStore(db.url);
  try {
    const [a, b] = [await local.runs.list(), await pg.runs.list()];
    expect(b.map((r) => [r.id, r.status, r.outputs, r.createdAt])).toEqual(a.map((r) => [r.id, r.status, r.outputs, r.createdAt]));
    for (const r of a) {
      expect((await pg.runs.steps(r.id)).map((s) => [s.stepId, s.status, s.output])).toEqual((await local.runs.steps(r.id)).map((s) => [s.stepId, s.status, s.output]));
      expect((await pg.runSpecs.get(r.specHash!))?.id).toBe('say');
    }
    expect(await pg.knowledge.count({ category: 'task_execution' })).toBe(await local.knowledge.count({ category: 'task_execution' }));
    expect((await pg.knowledge.search('again', { includeBookkeeping: true })).length).toBeGreaterThan(0);
  } finally {
    await pg.close();
    await local.close();
  }

  const refused = amas(['store', 'migrate', dir, '--to', db.url]);
  expect(refused.status).toBe(2);
  expect(refused.out).toMatch(/already holds rows \(run_specs, runs, steps/);
  expect(refused.out).toContain('--force');
  expect(refused.out).not.toContain(password);

  const again = amas(['store', 'migrate', dir, '--to', db.url, '--force', '--json']);
  expect(again.status, again.out).toBe(0);
  const report = JSON.parse(again.out) as { tables: { table: string; rows: number; inserted: number }[] };
  expect(report.tables.find((t) => t.table === 'runs')).toEqual({ table: 'runs', rows: 3, inserted: 0 });
  expect(report.tables.every((t) => t.inserted === 0)).toBe(true);
});

it('a target that cannot be reached is a clear error without the password', { timeout: 60_000 }, () => {
  const u = new URL(db.url);
  u.port = '1';
  const r = amas(['store', 'migrate', dir, '--to', u.toString()]);
  expect(r.status).toBe(1);
  expect(r.out).toContain('cannot connect to PostgreSQL at 127.0.0.1:1');
  expect(r.out).not.toContain(u.password);
  expect(r.out).not.toMatch(/\n\s+at /);
});
