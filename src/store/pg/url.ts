// A PostgreSQL store URL: what it names (for messages, never the password) and the TLS it asks
// for. `sslmode` follows libpq's meanings, which the `pg` client does not (it treats `require`
// as `verify-full`); we read it ourselves and hand the client explicit TLS options.
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { AmasError } from '../../core/index.ts';

export type SslMode = 'disable' | 'allow' | 'prefer' | 'require' | 'verify-ca' | 'verify-full';
const SSL_MODES: readonly SslMode[] = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'];

export interface PgTarget {
  host: string;
  port: number;
  database: string;
  user: string;
  /** Never printed: masked in every message (and registered with the project's redactor). */
  password: string | undefined;
  sslMode: SslMode;
  /** TLS options for the client; false: plain TCP. */
  ssl: false | ConnectionOptions;
}

/** Whether `url` is a PostgreSQL URL (postgres:// or postgresql://). */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** The URL with its password replaced by `***`, for messages and status output. */
export function describePgUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(an unparsable URL)';
  }
}

function bad(message: string): AmasError {
  return new AmasError('AMAS_STORE_PG_URL', message, { exitCode: 2, hint: 'the form is postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=…]' });
}

/** Parses a store URL; a URL that is not postgres:// or names no host is a usage error (the password never appears in it). */
export function parsePgUrl(url: string): PgTarget {
  if (!isPostgresUrl(url)) throw bad(`the store URL must start with postgres:// (got ${describePgUrl(url).slice(0, 80)})`);
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw bad('the store URL cannot be parsed');
  }
  const host = decodeURIComponent(u.hostname).replace(/^\[(.*)\]$/, '$1');
  if (!host) throw bad(`the store URL names no host: ${describePgUrl(url)}`);
  const port = u.port ? Number(u.port) : 5432;
  const database = decodeURIComponent(u.pathname.replace(/^\//, '')) || decodeURIComponent(u.username) || 'postgres';
  const mode = (u.searchParams.get('sslmode') ?? 'disable') as SslMode;
  if (!SSL_MODES.includes(mode)) throw bad(`sslmode=${mode} is not one of ${SSL_MODES.join(', ')}`);
  const ca = u.searchParams.get('sslrootcert');
  const cert = u.searchParams.get('sslcert');
  const key = u.searchParams.get('sslkey');
  const read = (p: string, what: string) => {
    try {
      return readFileSync(p);
    } catch (e) {
      throw bad(`${what} ${p} cannot be read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
  };
  let ssl: false | ConnectionOptions = false;
  // allow/prefer mean "TLS if the server offers it"; the client cannot fall back, so they connect
  // without TLS (as they would to a server that offers none). require encrypts without checking
  // the certificate; verify-ca checks the chain; verify-full also the host name (libpq's meanings).
  if (mode === 'require' || mode === 'verify-ca' || mode === 'verify-full') {
    ssl = { rejectUnauthorized: mode !== 'require' };
    if (ca) ssl.ca = read(ca, 'sslrootcert');
    if (cert) ssl.cert = read(cert, 'sslcert');
    if (key) ssl.key = read(key, 'sslkey');
    if (mode === 'verify-ca') ssl.checkServerIdentity = () => undefined;
  }
  return {
    host,
    port,
    database,
    user: decodeURIComponent(u.username) || 'postgres',
    password: u.password ? decodeURIComponent(u.password) : undefined,
    sslMode: mode,
    ssl,
  };
}

/** The connection part of `pg`'s Client and Pool options for a target: the pool and the leader lock's own connection share it. */
export function connectionOf(t: PgTarget): { host: string; port: number; database: string; user: string; password: string | undefined; ssl: false | ConnectionOptions } {
  return { host: t.host, port: t.port, database: t.database, user: t.user, password: t.password, ssl: t.ssl };
}
