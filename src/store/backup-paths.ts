/**
 * Which project files a backup may carry and a restore may write: one rule for both sides, so
 * that an archive crafted by hand cannot place a file where `amas backup` never would.
 */

/** Never archived or restored: secrets, the store's internals, installed packages, VCS data. */
const EXCLUDED_SEGMENTS = new Set(['.amas', 'node_modules', '.git']);
const SECRET_FILE = /^\.env(?:\..*)?$/;
/** ustar's limit with a prefix; longer names cannot be written. */
const MAX_PATH_BYTES = 255;

/** Why `rel` (a project-relative, `/`-separated path) may not be in a backup; undefined when it may. */
export function projectPathProblem(rel: string, storeDirRel: string | undefined): string | undefined {
  if (rel === '' || Buffer.byteLength(rel) > MAX_PATH_BYTES) return 'empty or too long';
  if (rel === 'manifest.json' || rel === 'store/amas.db') return "the archive's own name for its manifest or database";
  if (rel.startsWith('/') || /^[A-Za-z]:/.test(rel) || rel.includes('\\') || rel.includes('\0')) return 'not a relative path';
  const segs = rel.split('/');
  if (segs.some((s) => s === '' || s === '.' || s === '..')) return 'not a normalized relative path';
  if (segs.some((s) => EXCLUDED_SEGMENTS.has(s))) return 'inside .amas/, node_modules/ or .git/';
  if (SECRET_FILE.test(segs[segs.length - 1]!)) return 'a .env file (secrets are never backed up)';
  if (storeDirRel !== undefined && storeDirRel !== '' && (rel === storeDirRel || rel.startsWith(`${storeDirRel}/`))) return "inside the store's own folder";
  return undefined;
}
