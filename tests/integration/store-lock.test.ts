import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kill9, startFixture } from './store-processes.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amas-lock-'));
const dbPath = path.join(dir, '.amas', 'amas.db');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('one writer per store across processes', () => {
  it('refuses a second writer naming the first one, and takes the lock over after the first is killed', async () => {
    const first = startFixture('writer.ts', [dbPath]);
    await first.waitFor((l) => l.startsWith('ack '));

    const second = startFixture('try-open.ts', [dbPath]);
    const refused = JSON.parse(await second.waitFor((l) => l.startsWith('{'))) as { ok: boolean; code: string; message: string };
    expect(await second.exited).toBe(1);
    expect(refused).toMatchObject({ ok: false, code: 'AMAS_STORE_LOCKED' });
    expect(refused.message).toContain(`pid ${first.child.pid}`);

    await kill9(first.child, first.exited);
    const third = startFixture('try-open.ts', [dbPath]);
    const opened = JSON.parse(await third.waitFor((l) => l.startsWith('{'))) as { ok: boolean; warnings: string[] };
    expect(await third.exited).toBe(0);
    expect(opened.ok).toBe(true);
    expect(opened.warnings[0]).toBe(`took over the lock of pid ${first.child.pid}, which is no longer running`);
    expect(fs.existsSync(`${dbPath}.lock`)).toBe(false);
  }, 60_000);
});
