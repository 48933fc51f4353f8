// npm runs `prepare` before `npm pack` / `npm publish`, after a plain `npm install` in a
// checkout, and when the package is installed as a git dependency (after installing its dev
// dependencies). Each of those needs dist/ built from src/, so this builds it. Where the
// compiler is absent (`npm ci --omit=dev` on a tree that already holds dist/), there is
// nothing to build with and nothing to do.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
let tsc;
try {
  tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
} catch {
  if (existsSync(join(root, 'dist', 'cli', 'main.js'))) process.exit(0);
  console.error('amas: cannot build dist/: the typescript dev dependency is not installed (run npm install without --omit=dev)');
  process.exit(1);
}
const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
