import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../../core/index.ts';
import { diagFile, type SpecKind } from '../source.ts';

/** Files above this size are refused before parsing: no spec is anywhere near it. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

export interface FoundFile {
  rel: string;
  abs: string;
  kind: SpecKind;
}

const SPEC_DIRS: [string, SpecKind][] = [
  ['agents.d', 'agent'],
  ['workflows.d', 'workflow'],
  // `amas test` files; their cassettes live in tests.d/cassettes/ (JSON, not read here).
  ['tests.d', 'test'],
];

function isYamlName(name: string): boolean {
  return /\.ya?ml$/i.test(name);
}

/** The project's spec files in a stable order: amas.yaml, then agents.d/, workflows.d/ and tests.d/ (not recursive). */
export function findSpecFiles(dir: string): { files: FoundFile[]; diagnostics: Diagnostic[] } {
  const files: FoundFile[] = [];
  const diagnostics: Diagnostic[] = [];
  try {
    statSync(join(dir, 'amas.yaml'));
    files.push({ rel: 'amas.yaml', abs: join(dir, 'amas.yaml'), kind: 'project' });
  } catch {
    // amas.yaml is optional.
  }
  for (const [sub, kind] of SPEC_DIRS) {
    let names: string[];
    try {
      names = readdirSync(join(dir, sub)).filter(isYamlName).sort();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') {
        diagnostics.push(diagFile(sub, 'AMAS109', `cannot list \`${sub}/\`: ${(err as Error).message}`));
      }
      continue;
    }
    for (const name of names) files.push({ rel: `${sub}/${name}`, abs: join(dir, sub, name), kind });
  }
  return { files, diagnostics };
}

export type ReadResult = { ok: true; bytes: Buffer } | { ok: false; diagnostic: Diagnostic };

/**
 * Reads one file defensively: directories, devices, oversized and unreadable files become
 * diagnostics. Synchronous: small files read faster this way than through the thread pool, and
 * parsing, which follows, is synchronous anyway.
 */
export function readSpecFile(f: FoundFile): ReadResult {
  try {
    const st = statSync(f.abs);
    if (st.isDirectory()) {
      return { ok: false, diagnostic: diagFile(f.rel, 'AMAS109', `\`${f.rel}\` is a directory, not a YAML file`, { hint: 'rename it so that its name does not end in .yaml or .yml' }) };
    }
    if (!st.isFile()) {
      return { ok: false, diagnostic: diagFile(f.rel, 'AMAS109', `\`${f.rel}\` is not a regular file`) };
    }
    if (st.size > MAX_FILE_BYTES) {
      return {
        ok: false,
        diagnostic: diagFile(f.rel, 'AMAS103', `file is ${formatBytes(st.size)}; spec files may be at most ${formatBytes(MAX_FILE_BYTES)}`, {
          hint: 'split it, or move large data out of the spec',
        }),
      };
    }
    const bytes = readFileSync(f.abs);
    if (bytes.length > MAX_FILE_BYTES) {
      return { ok: false, diagnostic: diagFile(f.rel, 'AMAS103', `file is larger than ${formatBytes(MAX_FILE_BYTES)}`) };
    }
    return { ok: true, bytes };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'EACCES' || e.code === 'EPERM' ? 'permission denied' : e.message;
    return { ok: false, diagnostic: diagFile(f.rel, 'AMAS109', `cannot read \`${f.rel}\`: ${why}`) };
  }
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}
