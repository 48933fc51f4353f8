// Counts the repository's source, test and spec files and lines; prints one JSON object.
// Used by the offline `repo-health` workflow, so it must need nothing but Node itself.
import fs from 'node:fs';
import path from 'node:path';

const root = process.argv[2] ?? '.';
const SKIP = new Set(['node_modules', 'dist', '.git', '.amas', 'coverage']);
const byFolder = {};
let files = 0;
let lines = 0;
let tests = 0;
let specs = 0;

function walk(dir, top) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(p, top ?? entry.name);
    else if (/\.(ts|tsx|mjs|js|ya?ml|json|md)$/.test(entry.name)) {
      const n = fs.readFileSync(p, 'utf8').split('\n').length;
      files += 1;
      lines += n;
      if (/\.test\.tsx?$/.test(entry.name)) tests += 1;
      if (/\.ya?ml$/.test(entry.name) && (top === 'agents.d' || top === 'workflows.d')) specs += 1;
      const key = top ?? '.';
      byFolder[key] = (byFolder[key] ?? 0) + n;
    }
  }
}

walk(path.resolve(root), undefined);
process.stdout.write(JSON.stringify({ files, lines, test_files: tests, spec_files: specs, lines_by_folder: byFolder }));
