import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { AmasError, errorMessage } from '../core/index.ts';

export const DEFAULT_STORE_PATH = '.amas/amas.db';

/**
 * Where a project's store lives: `store.path` of amas.yaml (relative to the project), else
 * `.amas/amas.db`. Reads only that key; full validation of amas.yaml is the spec layer's job.
 */
export function projectStorePath(projectDir: string): string {
  const file = path.join(projectDir, 'amas.yaml');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return path.resolve(projectDir, DEFAULT_STORE_PATH);
  }
  let doc: unknown;
  try {
    doc = parse(text, { maxAliasCount: 100 });
  } catch (err) {
    throw new AmasError('AMAS_CONFIG_INVALID', `amas.yaml cannot be read: ${errorMessage(err)}`, { hint: 'run amas validate for details', exitCode: 2 });
  }
  const p = (doc as { store?: { path?: unknown } } | null)?.store?.path;
  if (p === undefined) return path.resolve(projectDir, DEFAULT_STORE_PATH);
  if (typeof p !== 'string' || p === '') throw new AmasError('AMAS_CONFIG_INVALID', 'amas.yaml: store.path must be a non-empty string', { exitCode: 2 });
  return p === ':memory:' ? p : path.resolve(projectDir, p);
}
