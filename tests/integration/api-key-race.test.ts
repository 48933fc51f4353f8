// Several processes creating the project's API key at once (src/runtime/api-key.ts): real
// processes importing the built module, so this lives with the tests that need dist/.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { API_KEY_FILE } from '../../src/runtime/api-key.ts';

const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'amas-key-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('projectApiKey across processes', () => {
  it('processes racing to create it all end up with the same key, and none sees an empty file', async () => {
    const dir = tmp();
    const mod = fileURLToPath(new URL('../../dist/runtime/api-key.js', import.meta.url));
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
