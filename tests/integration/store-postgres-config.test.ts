// Selecting the PostgreSQL store through the real CLI: store.url and AMAS_STORE_URL are
// validated, the URL's password is a credential masked in every output, and a project that
// selects PostgreSQL uses it (never silently the embedded store): an unreachable server is a clear error.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = path.resolve(import.meta.dirname, '../../bin/amas');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const PASSWORD = 'Pg-Password-In-Test-7731';

function project(amasYaml: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amas-pgcfg-'));
  dirs.push(dir);
  fs.mkdirSync(path.join(dir, 'agents.d'));
  fs.mkdirSync(path.join(dir, 'workflows.d'));
  fs.writeFileSync(path.join(dir, 'amas.yaml'), amasYaml);
  fs.writeFileSync(path.join(dir, 'agents.d/a.yaml'), "id: a\ncapabilities:\n  say:\n    run:\n      template: { text: '${{ input.text }}' }\n");
  fs.writeFileSync(path.join(dir, 'workflows.d/say.yaml'), 'id: say\ninputs:\n  text: { type: string }\nsteps:\n  - id: s\n    task: say\n    with: { text: "${{ inputs.text }}" }\noutputs:\n  out: ${{ steps.s.output }}\n');
  return dir;
}

function amas(args: string[], env: Record<string, string> = {}): { status: number | null; out: string } {
  const { AMAS_STORE_URL: _ignored, ...base } = process.env;
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...base, NO_COLOR: '1', ...env }, timeout: 30_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('store.url and AMAS_STORE_URL', () => {
  it('validate reports a non-PostgreSQL store.url as an error at its place', () => {
    const dir = project('name: p\nstore:\n  url: redis://cache.internal/0\n');
    const r = amas(['validate', dir]);
    expect(r.status).toBe(1);
    expect(r.out).toContain('amas.yaml:3:8: error AMAS801: store.url must be a PostgreSQL URL (postgres://…): its scheme is redis');
  });

  it('validate warns about a password written in amas.yaml; run on an unreachable server fails without printing it', () => {
    const dir = project(`name: p\nstore:\n  url: postgres://amas:${PASSWORD}@127.0.0.1:1/amas\n`);
    const v = amas(['validate', dir]);
    expect(v.status).toBe(0);
    expect(v.out).toContain('warning AMAS802: store.url holds a password written in the file');
    const r = amas(['run', 'say', dir, '--input', 'text=hi']);
    expect(r.status).toBe(1);
    expect(r.out).toContain('AMAS_STORE_PG_CONNECT: cannot connect to PostgreSQL at 127.0.0.1:1, database "amas" as "amas"');
    expect(r.out).not.toContain(PASSWORD);
    expect(r.out).not.toMatch(/\n\s+at /);
    // Nothing fell back to an embedded store.
    expect(fs.existsSync(path.join(dir, '.amas/amas.db'))).toBe(false);
  });

  it('AMAS_STORE_URL selects PostgreSQL too; embedded-only commands refuse it showing the URL with its password masked', () => {
    const dir = project('name: p\n');
    const env = { AMAS_STORE_URL: `postgres://amas:${PASSWORD}@127.0.0.1:1/amas` };
    const r = amas(['run', 'say', dir, '--input', 'text=hi'], env);
    expect(r.status).toBe(1);
    expect(r.out).toContain('AMAS_STORE_PG_CONNECT');
    expect(r.out).not.toContain(PASSWORD);
    const b = amas(['backup', dir], env);
    expect(b.status).toBe(2);
    expect(b.out).toContain('amas backup works on the embedded store; AMAS_STORE_URL (postgres://amas:***@127.0.0.1:1/amas) puts this project');
    expect(b.out).not.toContain(PASSWORD);
  });

  it("the store URL's password is a credential: a run that prints it shows *** instead", () => {
    const dir = project('name: p\n');
    // --store names the embedded store explicitly, so the run goes ahead with AMAS_STORE_URL set.
    const r = amas(['run', 'say', dir, '--input', `text=the password is ${PASSWORD}`, '--store', path.join(dir, 'local.db'), '--json'], {
      AMAS_STORE_URL: `postgres://amas:${PASSWORD}@127.0.0.1:1/amas`,
    });
    expect(r.status).toBe(0);
    expect(r.out).toContain('the password is ***');
    expect(r.out).not.toContain(PASSWORD);
    const runs = amas(['runs', 'list', dir, '--store', path.join(dir, 'local.db'), '--json'], { AMAS_STORE_URL: `postgres://amas:${PASSWORD}@127.0.0.1:1/amas` });
    expect(runs.out).not.toContain(PASSWORD);
  });
});
