// Which values of a project are secrets (docs/security.md): found statically in its specs when
// it is loaded, so masking never depends on which expression happened to run first.
import { ProjectSecrets, readDotenvFile } from '../core/index.ts';
import { collectSecretRefs, render } from '../expr/index.ts';
import { referencedSecretNames, type ProjectModel } from '../spec/index.ts';
import { storeUrlPassword } from './store-target.ts';

/**
 * The credentials amas.yaml renders: provider API keys whatever they are written with, headers
 * and environment values of providers and MCP servers and OTLP export headers that read a secret, the HTTP API key, and
 * AMAS_API_KEY from the environment, and the PostgreSQL store URL's password. A value that cannot be rendered is left out (the place that
 * uses it reports the error).
 */
function credentials(model: ProjectModel, env: Record<string, string | undefined>, secrets: Record<string, string | undefined>, dotenv: Record<string, string>): (string | undefined)[] {
  const p = model.project;
  const scope = { env, secrets };
  const out: (string | undefined)[] = [env.AMAS_API_KEY];
  const text = (v: string | undefined): string | undefined => {
    if (v === undefined) return undefined;
    try {
      const r = render(v, scope);
      return typeof r === 'string' ? r : r === undefined || r === null ? undefined : JSON.stringify(r);
    } catch {
      return undefined;
    }
  };
  const readsSecret = (v: string) => collectSecretRefs(v).length > 0;
  for (const provider of Object.values(p.providers ?? {})) {
    out.push(text(provider.api_key));
    for (const v of Object.values(provider.headers ?? {})) if (readsSecret(v)) out.push(text(v));
  }
  for (const server of Object.values(p.mcp_servers ?? {})) {
    for (const v of Object.values(server.headers ?? {})) if (readsSecret(v)) out.push(text(v));
    for (const v of Object.values(server.env ?? {})) if (readsSecret(v)) out.push(text(v));
  }
  for (const v of Object.values(p.telemetry?.otlp?.headers ?? {})) if (readsSecret(v)) out.push(text(v));
  out.push(text(p.http?.api_key));
  // The PostgreSQL store's password, from store.url or AMAS_STORE_URL (src/runtime/store-target.ts).
  out.push(storeUrlPassword(text(p.store?.url)), storeUrlPassword(env.AMAS_STORE_URL ?? dotenv.AMAS_STORE_URL));
  return out;
}

/** Fills (or refreshes, on reload) a project's secrets from its model, the environment and `.env`. */
export function updateProjectSecrets(target: ProjectSecrets, model: ProjectModel, env: Record<string, string | undefined>): void {
  const dotenv = readDotenvFile(model.dir);
  const names = referencedSecretNames(model);
  target.update(names, [], env, dotenv);
  target.update(names, credentials(model, env, target.scope, dotenv), env, dotenv);
}

export function projectSecrets(model: ProjectModel, env: Record<string, string | undefined>): ProjectSecrets {
  const s = new ProjectSecrets();
  updateProjectSecrets(s, model, env);
  return s;
}
