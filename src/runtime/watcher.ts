import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { errorMessage, type Logger } from '../core/index.ts';

const SPEC_DIRS = new Set(['agents.d', 'workflows.d']);

export interface ProjectWatcher {
  /** Resolves once the initial scan is done and changes will be reported. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * Watches amas.yaml, agents.d/ and workflows.d/ and calls `onChange` once a burst of saves has
 * settled. The project ROOT is watched (depth 1), not the spec folders: a folder deleted and
 * re-created (git checkout, `rm -rf agents.d`) stops producing events when it is itself the
 * watched path (chokidar#1278), while its parent keeps seeing it.
 */
export function watchProject(
  projectDir: string,
  onChange: (changed: string[]) => void,
  opts: { debounceMs?: number; logger: Logger },
): ProjectWatcher {
  const root = path.resolve(projectDir);
  const debounceMs = opts.debounceMs ?? 150;
  const changed = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const watcher: FSWatcher = watch(root, {
    depth: 1,
    ignoreInitial: true,
    ignored: (p, stats) => {
      const rel = path.relative(root, p);
      if (!rel) return false;
      const [top, ...rest] = rel.split(path.sep);
      if (rest.length === 0) return !(top === 'amas.yaml' || top === '.env' || SPEC_DIRS.has(top ?? ''));
      if (!SPEC_DIRS.has(top ?? '')) return true;
      return stats?.isFile() === true && !/\.ya?ml$/.test(p);
    },
    awaitWriteFinish: { stabilityThreshold: 60, pollInterval: 20 },
  });
  watcher.on('all', (_event, p) => {
    const rel = path.relative(root, p);
    if (rel && !/\.ya?ml$|^\.env$/.test(rel) && !SPEC_DIRS.has(rel)) return;
    changed.add(rel);
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      const list = [...changed].sort();
      changed.clear();
      onChange(list);
    }, debounceMs);
  });
  watcher.on('error', (err) => opts.logger.warn('file watcher error', { error: errorMessage(err) }));
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return {
    ready,
    async close() {
      if (timer) clearTimeout(timer);
      await watcher.close();
    },
  };
}

const IGNORED_TOP = new Set(['node_modules', '.git', '.amas', 'dist', 'coverage']);

/**
 * Watches the whole project (minus node_modules, .git, .amas, dist) for file triggers and
 * reports each changed path relative to the root; the triggers debounce on their own.
 */
export function watchFiles(projectDir: string, onChange: (relativePath: string) => void, opts: { logger: Logger }): ProjectWatcher {
  const root = path.resolve(projectDir);
  const watcher: FSWatcher = watch(root, {
    ignoreInitial: true,
    ignored: (p) => {
      const rel = path.relative(root, p);
      const top = rel.split(path.sep)[0] ?? '';
      return IGNORED_TOP.has(top);
    },
  });
  watcher.on('all', (event, p) => {
    if (event === 'addDir' || event === 'unlinkDir') return;
    onChange(path.relative(root, p).split(path.sep).join('/'));
  });
  watcher.on('error', (err) => opts.logger.warn('file trigger watcher error', { error: errorMessage(err) }));
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return { ready, close: () => watcher.close() };
}
