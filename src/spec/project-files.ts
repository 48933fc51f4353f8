import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ExecutorSpec } from '../core/index.ts';
import type { ProjectModel } from './model.ts';

/** Extensions whose relative imports are followed, so a module's own helpers travel with it. */
const SCRIPT_EXT = /\.(?:mjs|cjs|js|mts|cts|ts|jsx|tsx)$/;
/** `import … from './x'`, `export … from './x'`, `import('./x')`, `require('./x')`: relative specifiers only. */
const RELATIVE_IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)["'](\.{1,2}\/[^"'\n]+)["']/g;
/** Enough for any real project; a bound so that a pathological tree cannot make backup walk forever. */
const MAX_FOLLOWED = 2000;

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The project's own files that its specs refer to, as sorted paths relative to `model.dir`
 * (what `amas backup` adds to amas.yaml, agents.d/ and workflows.d/):
 * - the file of every `module:` executor, and the files it imports by relative path, transitively;
 * - every word of a `command` executor's argv (or of an MCP server's `command`) that names an
 *   existing file, resolved from its `cwd` (the project root by default) — scripts and data files;
 * - `package.json` at the root, which decides how Node loads a `.js` module.
 * Only files inside the project count; a word holding `${{ }}` is not known before a run.
 */
export function referencedFiles(model: ProjectModel): string[] {
  const root = path.resolve(model.dir);
  const found = new Set<string>();
  const inside = (abs: string) => {
    const rel = path.relative(root, abs);
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : undefined;
  };
  const add = (abs: string): boolean => {
    const rel = inside(abs);
    if (rel === undefined || found.has(rel) || !isFile(abs)) return false;
    found.add(rel);
    return true;
  };
  const followImports = (abs: string) => {
    const queue = [abs];
    while (queue.length > 0 && found.size < MAX_FOLLOWED) {
      const file = queue.shift()!;
      if (!SCRIPT_EXT.test(file)) continue;
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        continue;
      }
      for (const m of text.matchAll(RELATIVE_IMPORT)) {
        const target = path.resolve(path.dirname(file), m[1]!.split(/[?#]/)[0]!);
        if (add(target)) queue.push(target);
      }
    }
  };
  const words = (argv: readonly string[], cwd: string | undefined) => {
    if (cwd?.includes('${{')) return;
    const base = path.resolve(root, cwd ?? '.');
    for (const item of argv) {
      for (const w of item.split(/\s+/)) {
        if (w === '' || w.includes('${{') || w.includes('\0')) continue;
        // `--config=./x.json` names a file too.
        const value = w.startsWith('-') && w.includes('=') ? w.slice(w.indexOf('=') + 1) : w;
        const abs = path.resolve(base, value.replace(/^["']|["']$/g, ''));
        if (add(abs)) followImports(abs);
      }
    }
  };
  const executor = (run: ExecutorSpec) => {
    if (typeof run.module === 'string') {
      const hash = run.module.lastIndexOf('#');
      const abs = path.resolve(root, hash < 0 ? run.module : run.module.slice(0, hash));
      add(abs);
      if (inside(abs) !== undefined) followImports(abs);
    }
    if (run.command) {
      if (Array.isArray(run.command)) words(run.command, undefined);
      else words(run.command.argv, run.command.cwd);
    }
  };
  for (const { spec } of model.agents.values()) for (const cap of Object.values(spec.capabilities)) executor(cap.run);
  for (const server of Object.values(model.project.mcp_servers ?? {})) if (server.command) words(server.command, server.cwd);
  add(path.join(root, 'package.json'));
  return [...found].sort();
}
