// Which store a command opens for a project, in one place: the PostgreSQL store when
// AMAS_STORE_URL or `store.url` selects one (src/runtime/store-target.ts), else the embedded file
// (amas.yaml `store.path`, default `.amas/amas.db`). An explicit `--store PATH` always means the
// embedded file. Every command and `openProject` open their store through here.
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { AmasError, readDotenvFile, type Clock, type Logger, type ProjectSecrets } from '../core/index.ts';
import type { ProjectModel } from '../spec/index.ts';
import { describePgUrl, openBackend, openPgStore, type EmbeddedBackend, type PgStore } from '../store/index.ts';
import { projectSecrets } from './secrets.ts';
import { storeTarget } from './store-target.ts';

/** Where a project's store is. */
export type StoreLocation = { kind: 'embedded'; path: string } | { kind: 'postgres'; url: string; from: 'AMAS_STORE_URL' | 'store.url' };

export interface ProjectStoreOptions {
  /** `--store PATH`: the embedded file (relative to the project) or ':memory:', whatever else is configured. */
  store?: string | undefined;
  /** Embedded: open without the writer lock (beside a running `amas up`). A PostgreSQL store has no such lock. */
  readOnly?: boolean;
  clock?: Clock;
  logger?: Logger;
  /** The project's secrets (store.url may read them; every value written is masked with them). Default: worked out from the model. */
  secrets?: ProjectSecrets;
  checkpointIntervalMs?: number;
}

/** The embedded file path a project uses (an explicit `store` first, then amas.yaml `store.path`, then `.amas/amas.db`). */
export function embeddedStorePath(dir: string, model: ProjectModel, store?: string): string {
  const p = store ?? model.project.store?.path ?? '.amas/amas.db';
  if (p === ':memory:') return p;
  return isAbsolute(p) ? p : join(dir, p);
}

/** Where the project's store is: an explicit `--store` is the embedded file; else PostgreSQL when configured. */
export function projectStoreLocation(dir: string, model: ProjectModel, env: Record<string, string | undefined>, opts: { store?: string | undefined; secrets?: ProjectSecrets } = {}): StoreLocation {
  if (opts.store !== undefined) return { kind: 'embedded', path: embeddedStorePath(dir, model, opts.store) };
  const t = storeTarget(model, env, (opts.secrets ?? projectSecrets(model, env)).scope);
  if (t.kind === 'postgres') return t;
  return { kind: 'embedded', path: embeddedStorePath(dir, model) };
}

/** True when the project's store is PostgreSQL (no `--store` given and a URL configured). */
export function usesPostgres(dir: string, model: ProjectModel, env: Record<string, string | undefined>, store?: string): boolean {
  if (store !== undefined) return false;
  const fromEnv = env.AMAS_STORE_URL ?? readDotenvFile(dir).AMAS_STORE_URL;
  return (fromEnv !== undefined && fromEnv.trim() !== '') || model.project.store?.url !== undefined;
}

/** Opens the project's store: PostgreSQL (migrated) or the embedded file. */
export async function openProjectStore(dir: string, model: ProjectModel, env: Record<string, string | undefined>, opts: ProjectStoreOptions = {}): Promise<EmbeddedBackend | PgStore> {
  const secrets = opts.secrets ?? projectSecrets(model, env);
  const where = projectStoreLocation(dir, model, env, { store: opts.store, secrets });
  if (where.kind === 'postgres') {
    return openPgStore(where.url, { redactor: secrets.redactor, ...(opts.clock ? { clock: opts.clock } : {}), ...(opts.logger ? { logger: opts.logger } : {}) });
  }
  return openBackend(where.path, {
    redactor: secrets.redactor,
    ...(opts.readOnly ? { readOnly: true } : {}),
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.logger ? { logger: opts.logger } : {}),
    ...(opts.checkpointIntervalMs === undefined ? {} : { checkpointIntervalMs: opts.checkpointIntervalMs }),
  });
}

/**
 * For a read: the project's store, or undefined when it is an embedded file that does not exist
 * yet (or `:memory:`), so that reading creates nothing.
 */
export async function openProjectStoreForRead(dir: string, model: ProjectModel, env: Record<string, string | undefined>, opts: ProjectStoreOptions = {}): Promise<EmbeddedBackend | PgStore | undefined> {
  const secrets = opts.secrets ?? projectSecrets(model, env);
  const where = projectStoreLocation(dir, model, env, { store: opts.store, secrets });
  if (where.kind === 'embedded' && (where.path === ':memory:' || !existsSync(where.path))) return undefined;
  return openProjectStore(dir, model, env, { ...opts, secrets, readOnly: true });
}

/**
 * Commands that only make sense for the embedded store (backup, restore, store verify…) refuse a
 * PostgreSQL project with a clear usage error: PostgreSQL has its own tools for these.
 */
export function refuseForPostgres(dir: string, model: ProjectModel, env: Record<string, string | undefined>, command: string, store?: string): void {
  if (!usesPostgres(dir, model, env, store)) return;
  const fromEnv = (env.AMAS_STORE_URL ?? readDotenvFile(dir).AMAS_STORE_URL)?.trim();
  const where = fromEnv ? `AMAS_STORE_URL (${describePgUrl(fromEnv)})` : 'store.url in amas.yaml';
  throw new AmasError('AMAS_STORE_EMBEDDED_ONLY', `${command} works on the embedded store; ${where} puts this project's store in PostgreSQL`, {
    exitCode: 2,
    hint: 'back up and restore a PostgreSQL store with pg_dump and pg_restore (docs/scale-out.md)',
  });
}

/**
 * A command's own store (`amas knowledge` without a running `amas up`): the project is loaded for
 * its store settings; the embedded file read-only unless `write`.
 */
export async function openCommandStore(dir: string, opts: { write: boolean; store?: string | undefined }): Promise<CommandStore> {
  const { loadProject } = await import('../spec/index.ts');
  const env = { ...process.env };
  const { model } = await loadProject(dir, { env });
  return openProjectStore(dir, model, env, { store: opts.store, readOnly: !opts.write, checkpointIntervalMs: 0 });
}

/** The store a command opened: the embedded one (with its own `store` for jsonl import) or PostgreSQL. */
export type CommandStore = EmbeddedBackend | PgStore;

/** `refuseForPostgres` for a command given only a directory (backup, restore): loads what is there. */
export async function refuseForPostgresAt(dir: string, command: string): Promise<void> {
  const { loadProject } = await import('../spec/index.ts');
  const env = { ...process.env };
  const { model } = await loadProject(dir, { env });
  refuseForPostgres(dir, model, env, command);
}
