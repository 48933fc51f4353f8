import { realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';

/**
 * The real path of `p`: symlinks resolved for the longest part that exists, the rest appended as
 * written. A path whose target does not exist yet is still judged by where its existing parent
 * really is, so `./link-to-etc/missing.mjs` is outside even before the file exists.
 */
export function realPathOf(p: string): string {
  let head = resolve(p);
  const tail: string[] = [];
  for (;;) {
    try {
      return resolve(realpathSync(head), ...tail);
    } catch {
      const parent = dirname(head);
      if (parent === head) return resolve(p);
      tail.unshift(head.slice(parent.length).replace(/^[\\/]/, ''));
      head = parent;
    }
  }
}

/**
 * Whether `target` (relative to `root`, or absolute) stays inside `root` once `..` and symlinks
 * are resolved. Used for `module` files and `command` working directories: a spec — or a value
 * rendered into it at run time — must not reach files outside the project (docs/security.md).
 */
export function isInsideDir(root: string, target: string): boolean {
  const base = realPathOf(root);
  const full = realPathOf(isAbsolute(target) ? target : resolve(root, target));
  const rel = relative(base, full);
  return rel === '' || (!isAbsolute(rel) && !/^\.\.([\\/]|$)/.test(rel));
}
