import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { API_KEY_FILE, projectApiKey } from '../../../src/runtime/api-key.ts';

const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'amas-key-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('projectApiKey', () => {
  it('creates a random key in .amas/api-key with mode 0600, then reuses it', () => {
    const dir = tmp();
    const a = projectApiKey(dir);
    expect(a.created).toBe(true);
    expect(a.file).toBe(path.join(dir, API_KEY_FILE));
    expect(a.key).toMatch(/^amas_[A-Za-z0-9_-]{43}$/);
    expect(fs.statSync(a.file).mode & 0o777).toBe(0o600);
    const b = projectApiKey(dir);
    expect(b).toMatchObject({ key: a.key, created: false, tightened: false });
    expect(projectApiKey(tmp()).key).not.toBe(a.key);
    // No temporary file is left behind.
    expect(fs.readdirSync(path.dirname(a.file))).toEqual(['api-key']);
  });

  it('narrows a key file readable by others to 0600', () => {
    const dir = tmp();
    const { file, key } = projectApiKey(dir);
    fs.chmodSync(file, 0o644);
    expect(projectApiKey(dir)).toMatchObject({ key, tightened: true });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('refuses a symlink or an empty file, with a hint, rather than trusting it', () => {
    const dir = tmp();
    fs.mkdirSync(path.join(dir, '.amas'));
    const elsewhere = path.join(tmp(), 'k');
    fs.writeFileSync(elsewhere, 'amas_0123456789abcdef0123\n');
    fs.symlinkSync(elsewhere, path.join(dir, API_KEY_FILE));
    expect(() => projectApiKey(dir)).toThrow(/not a regular file/);
    fs.rmSync(path.join(dir, API_KEY_FILE));
    fs.writeFileSync(path.join(dir, API_KEY_FILE), '', { mode: 0o600 });
    expect(() => projectApiKey(dir)).toThrow(expect.objectContaining({ code: 'AMAS_HTTP_KEY_FILE', hint: expect.stringContaining('delete it') }));
  });
});
