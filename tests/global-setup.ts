// Integration tests run the real CLI from dist/. Build it once, before any integration file
// starts, so no test rebuilds dist/ while another is running it — and only when it is older than
// its sources: `npm ci` has just built it (the prepare script), so `npm test` in CI builds nothing.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');

function newest(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let t = 0;
  for (const e of readdirSync(path)) t = Math.max(t, newest(join(path, e)));
  return t;
}

export default function setup(): void {
  const main = join(ROOT, 'dist/cli/main.js');
  const sources = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json'].map((p) => join(ROOT, p));
  if (existsSync(main) && statSync(main).mtimeMs >= Math.max(...sources.map(newest))) return;
  const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build failed:\n${r.stdout}${r.stderr}`);
}
