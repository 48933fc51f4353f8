// Every command on a PostgreSQL store through the real CLI: `amas run` drives a run with no
// `amas up` anywhere; `amas up` runs one; another directory with the same files (another machine:
// no shared control socket) sees both through runs, status and knowledge; knowledge() in an
// expression reads entries another process wrote; embedded-only commands refuse clearly.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../support/postgres.ts';
import { amas, elsewhere, pgProject, query, startUp, type UpProcess } from './pg-cli.ts';

let db: TestDatabase;
const ups: UpProcess[] = [];
beforeAll(async () => {
  db = await freshDatabase('amas_pgrun');
});
afterAll(async () => {
  for (const u of ups) await u.kill9();
  await db?.drop();
});

describe('amas on a PostgreSQL store', () => {
  it('amas run drives a run with no amas up; amas up runs one; another machine sees both', { timeout: 120_000 }, async () => {
    const dir = pgProject('pgrun');
    const other = elsewhere(dir);
    // Knowledge written from "another machine" first: the run's knowledge() reads it from PostgreSQL.
    const put = await amas(db.url, ['knowledge', 'put', '--dir', other, '--category', 'notes', '--content', '{"note":"written elsewhere"}']);
    expect(put.code, put.stderr).toBe(0);

    const direct = await amas(db.url, ['run', 'say', dir, '--input', 'text=direct', '--json']);
    expect(direct.code, direct.stderr).toBe(0);
    const directRun = JSON.parse(direct.stdout) as { id: string; status: string; outputs: { out: { text: string; notes: unknown } } };
    expect(directRun.status).toBe('completed');
    expect(directRun.outputs.out.text).toBe('direct');
    expect(directRun.outputs.out.notes).toEqual([{ note: 'written elsewhere' }]);
    // Nothing was written to an embedded file.
    expect(fs.existsSync(path.join(dir, '.amas/amas.db'))).toBe(false);

    const up = await startUp(db.url, dir);
    ups.push(up);
    await up.waitLog((l) => typeof l.msg === 'string' && l.msg.startsWith('leading'), 'leading');
    const viaUp = await amas(db.url, ['run', 'say', dir, '--input', 'text=via-up', '--json']);
    expect(viaUp.code, viaUp.stderr).toBe(0);
    const upRun = JSON.parse(viaUp.stdout) as { id: string; status: string };
    expect(upRun.status).toBe('completed');
    // It ran in amas up (the socket), not in the command: the log of amas up has its end.
    await up.waitLog((l) => l.msg === 'run_finished' && l.runId === upRun.id, 'the run in amas up');

    const list = await amas(db.url, ['runs', 'list', other, '--json']);
    expect(list.code, list.stderr).toBe(0);
    const ids = (JSON.parse(list.stdout) as { id: string; status: string }[]).map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining([directRun.id, upRun.id]));
    const show = await amas(db.url, ['runs', 'show', upRun.id, other, '--json']);
    expect(JSON.parse(show.stdout)).toMatchObject({ id: upRun.id, status: 'completed' });

    const status = await amas(db.url, ['status', other]);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain('PROCESSES');
    expect(status.stdout).toMatch(/leader\s+\S+\s+\d+\s+[\d.]+m?s ago/);
    const statusJson = JSON.parse((await amas(db.url, ['status', other, '--json'])).stdout) as { processes: { role: string; pid: number }[]; workers: { pid: number; concurrency: number }[] };
    expect(statusJson.processes).toContainEqual(expect.objectContaining({ role: 'leader', pid: up.child.pid }));
    // amas up executes handed-off steps too, with as many slots as the project runs tasks at once (runtime.max_concurrent_tasks: 12 in this project).
    expect(statusJson.workers).toContainEqual(expect.objectContaining({ pid: up.child.pid, concurrency: 12 }));
    // Through the local socket the role is amas up's own.
    const local = JSON.parse((await amas(db.url, ['status', dir, '--json'])).stdout) as { role: string };
    expect(local.role).toBe('leader');

    const search = await amas(db.url, ['knowledge', 'search', 'elsewhere', '--dir', other, '--json']);
    expect(search.code, search.stderr).toBe(0);
    expect(search.stdout).toContain('written elsewhere');

    // Each run's driver is the process that created it.
    const drivers = await query<{ id: string; driver: string | null }>(db.url, 'SELECT id, driver FROM runs WHERE id = ANY($1)', [[directRun.id, upRun.id]]);
    expect(drivers.find((r) => r.id === upRun.id)?.driver).toContain(`:${up.child.pid}:`);
    expect(drivers.find((r) => r.id === directRun.id)?.driver).not.toContain(`:${up.child.pid}:`);

    expect(await up.stop()).toBe(0);
    // A clean stop removes its process row.
    expect(await query(db.url, 'SELECT id FROM processes WHERE pid = $1', [up.child.pid])).toEqual([]);
  });

  it('backup and restore refuse a PostgreSQL project (exit 2, pointing at pg_dump); --no-work refuses the embedded store', { timeout: 60_000 }, async () => {
    const dir = pgProject('pgrun-refuse');
    const b = await amas(db.url, ['backup', dir]);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('amas backup works on the embedded store');
    expect(b.stderr).toContain('pg_dump');
    expect(b.stderr).not.toMatch(/\n\s+at /);
    const archive = path.join(dir, 'x.tar.gz');
    fs.writeFileSync(archive, 'not an archive');
    const r = await amas(db.url, ['restore', archive, dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('amas restore works on the embedded store');
    const nw = await amas(db.url, ['up', '--no-tui', '--no-work', '--store', path.join(dir, 'local.db'), dir]);
    expect(nw.code).toBe(2);
    expect(nw.stderr).toContain('--no-work needs a PostgreSQL store');
    const help = await amas(db.url, ['up', '--help']);
    expect(help.stdout.replace(/\s+/g, ' ')).toContain('with a PostgreSQL store: do not execute steps here, only lead/schedule/serve');
  });
});
