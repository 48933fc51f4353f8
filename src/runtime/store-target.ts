// Which store a project uses: PostgreSQL when AMAS_STORE_URL (environment, then .env) or
// `store.url` in amas.yaml names one, else the embedded file store. The URL's password is a
// credential (masked in every output: src/runtime/secrets.ts).
import { AmasError, readDotenvFile } from '../core/index.ts';
import { render } from '../expr/index.ts';
import type { ProjectModel } from '../spec/index.ts';
import { describePgUrl, isPostgresUrl } from '../store/index.ts';

export type StoreTarget =
  | { kind: 'embedded' }
  | {
      kind: 'postgres';
      url: string;
      /** Where the URL came from, for messages. */
      from: 'AMAS_STORE_URL' | 'store.url';
    };

/** The store URL as configured (undefined: embedded), with `store.url` rendered against env and secrets. */
export function configuredStoreUrl(model: ProjectModel, env: Record<string, string | undefined>, secrets: Record<string, string | undefined>): { url: string; from: 'AMAS_STORE_URL' | 'store.url' } | undefined {
  const fromEnv = env.AMAS_STORE_URL ?? readDotenvFile(model.dir).AMAS_STORE_URL;
  if (fromEnv !== undefined && fromEnv.trim() !== '') return { url: fromEnv.trim(), from: 'AMAS_STORE_URL' };
  const written = model.project.store?.url;
  if (written === undefined) return undefined;
  const r = render(written, { env, secrets });
  if (typeof r !== 'string' || r.trim() === '') throw new AmasError('AMAS_STORE_URL', 'store.url renders to nothing', { exitCode: 2, hint: 'check the names it reads (env, secrets)' });
  return { url: r.trim(), from: 'store.url' };
}

/** The store a project uses; a configured URL that is not postgres:// is a usage error (its password never shown). */
export function storeTarget(model: ProjectModel, env: Record<string, string | undefined>, secrets: Record<string, string | undefined>): StoreTarget {
  const c = configuredStoreUrl(model, env, secrets);
  if (c === undefined) return { kind: 'embedded' };
  if (!isPostgresUrl(c.url)) {
    throw new AmasError('AMAS_STORE_URL', `${c.from} must be a postgres:// URL (got ${describePgUrl(c.url).slice(0, 80)})`, { exitCode: 2, hint: 'see docs/scale-out.md' });
  }
  return { kind: 'postgres', ...c };
}

/** The password inside a store URL, if it has one (a credential to mask). */
export function storeUrlPassword(url: string | undefined): string | undefined {
  if (url === undefined || !isPostgresUrl(url)) return undefined;
  try {
    const p = new URL(url).password;
    return p === '' ? undefined : decodeURIComponent(p);
  } catch {
    return undefined;
  }
}
