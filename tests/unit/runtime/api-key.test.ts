import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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

  it('processes racing to create it all end up with the same key, and none sees an empty file', async () => {
    const dir = tmp();
    const mod = fileURLToPath(new URL('../../../dist/runtime/api-key.js', import.meta.url));
    const script = `import(${JSON.stringify(mod)}).then((m) => process.stdout.write(m.projectApiKey(process.argv[1]).key))`;
    const keys = await Promise.all(
      Array.from({ length: 6 }, () =>
        new Promise<string>((resolve, reject) => {
          const p = spawn(process.execPath, ['--input-type=module', '-e', script, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
          let out = '';
          let err = '';
          p.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
          p.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
          p.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(err))));
        }),
      ),
    );
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toBe(fs.readFileSync(path.join(dir, API_KEY_FILE), 'utf8').trim());
  });
});
