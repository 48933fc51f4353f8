import fs from 'node:fs';
import path from 'node:path';
import { AmasError } from '../core/index.ts';
import type { ControlClient } from '../runtime/index.ts';
import { stdout } from './out.ts';

/**
 * One writer (docs/architecture.md "The store and durability"): while `amas up` runs, a command talks to it over the control socket;
 * otherwise it reads (or, for a pause, writes) the project's store itself. Both paths return the
 * same shapes, so `--json` output does not depend on whether a runtime is up.
 */
export async function viaRuntimeOr<T>(dir: string, remote: (client: ControlClient) => Promise<T>, local: () => Promise<T>): Promise<T> {
  const client = await connectRuntime(dir);
  if (!client) return local();
  try {
    return await remote(client);
  } finally {
    client.close();
  }
}

/** The control client of the `amas up` serving `dir`, or undefined when none is up. */
export async function connectRuntime(dir: string): Promise<ControlClient | undefined> {
  const root = projectDir(dir);
  const { connectControl, controlSocketPath } = await import('../runtime/index.ts');
  return connectControl(controlSocketPath(root));
}

/** `dir` resolved, when it is an existing directory (for `restore`, which may fill an empty one). */
export function existingDir(dir: string): string {
  const root = path.resolve(dir);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) {
    throw new AmasError('AMAS_NO_PROJECT', `no such directory: ${dir}`, { exitCode: 2, hint: 'give the project directory (the one with agents.d/ and workflows.d/)' });
  }
  return root;
}

/** What marks a directory as an amas project: any one of these. */
const PROJECT_MARKERS = ['amas.yaml', 'agents.d', 'workflows.d'] as const;

/**
 * `dir` resolved, when it is an amas project. A directory with none of the markers is refused,
 * so a typo in a path fails (a CI gate must not pass on "no problems in 0 files") instead of
 * creating `.amas/` or storing data in the wrong place.
 */
export function projectDir(dir: string): string {
  const root = existingDir(dir);
  if (!PROJECT_MARKERS.some((m) => fs.existsSync(path.join(root, m)))) {
    throw new AmasError('AMAS_NO_PROJECT', `not an amas project: ${root} (no amas.yaml, agents.d/ or workflows.d/)`, {
      exitCode: 2,
      hint: 'give the project directory, or create one with: amas init',
    });
  }
  return root;
}

/** Positional `[mode] [dir]`: the first word is a mode when it is one of `modes`, else the directory. */
export function modeAndDir<M extends string>(modes: readonly M[], first: string | undefined, second: string | undefined, fallback: M): { mode: M; dir: string } {
  if (first !== undefined && (modes as readonly string[]).includes(first)) return { mode: first as M, dir: second ?? '.' };
  if (second !== undefined) {
    throw new AmasError('AMAS_USAGE', `unknown mode "${first}"`, { exitCode: 2, hint: `one of: ${modes.join(', ')}` });
  }
  return { mode: fallback, dir: first ?? '.' };
}

/** Writes a value as pretty JSON with a trailing newline. */
export function printJson(value: unknown): Promise<void> {
  return stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
