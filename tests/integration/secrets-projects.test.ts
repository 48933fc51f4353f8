import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openProject, type Project } from '../../src/runtime/index.ts';
import { loadProject } from '../../src/spec/index.ts';

// Per-project secrets: each open project masks its own secrets only, and a reload (a changed
// .env, a newly referenced secret) refreshes them for the runs that follow.

const open: Project[] = [];
afterEach(async () => {
  for (const p of open.splice(0)) await p.close();
});

function makeProject(name: string, secret: string, dotenv: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `amas-${name}-`));
  fs.mkdirSync(path.join(dir, 'agents.d'));
  fs.mkdirSync(path.join(dir, 'workflows.d'));
  fs.writeFileSync(path.join(dir, '.env'), dotenv);
  fs.writeFileSync(
    path.join(dir, 'agents.d/a.yaml'),
    `id: a\ncapabilities:\n  say:\n    run:\n      template: { secret: '\${{ secrets.${secret} }}', text: '\${{ input.text }}' }\n`,
  );
  fs.writeFileSync(path.join(dir, 'workflows.d/say.yaml'), 'id: say\ninputs:\n  text: { type: string }\nsteps:\n  - id: s\n    task: say\n    with: { text: "${{ inputs.text }}" }\noutputs:\n  out: ${{ steps.s.output }}\n');
  return dir;
}

async function openIt(dir: string): Promise<Project> {
  const p = await openProject(dir, { store: ':memory:', env: { PATH: process.env.PATH } });
  open.push(p);
  return p;
}

describe('each project has its own redactor', () => {
  it('two projects in one process do not share secrets', async () => {
    const a = await openIt(makeProject('a', 'A_KEY', 'A_KEY=secret-of-project-a\n'));
    const b = await openIt(makeProject('b', 'B_KEY', 'B_KEY=secret-of-project-b\n'));
    expect(a.redactor).not.toBe(b.redactor);
    // Project a's run carries b's secret as ordinary input: a does not mask it, b's is masked.
    await a.run('say', { text: 'secret-of-project-b' });
    const [runA] = await a.store.runs.list();
    expect(runA!.outputs).toEqual({ out: { secret: '***', text: 'secret-of-project-b' } });
    await b.run('say', { text: 'secret-of-project-a' });
    const [runB] = await b.store.runs.list();
    expect(runB!.outputs).toEqual({ out: { secret: '***', text: 'secret-of-project-a' } });
  });

  it('a reload refreshes the secrets: a changed .env value and a newly referenced name', async () => {
    const dir = makeProject('reload', 'KEY', 'KEY=first-secret-value\nLATER=later-secret-value\n');
    const p = await openIt(dir);
    expect(p.redactor.redact('first-secret-value later-secret-value')).toBe('*** later-secret-value');
    fs.writeFileSync(path.join(dir, '.env'), 'KEY=second-secret-value\nLATER=later-secret-value\n');
    fs.writeFileSync(path.join(dir, 'workflows.d/later.yaml'), "id: later\nsteps:\n  - id: s\n    task: say\n    with: { text: '${{ secrets.LATER }}' }\n");
    const loaded = await loadProject(dir, { env: { PATH: process.env.PATH } });
    expect(loaded.ok).toBe(true);
    p.setModel(loaded.model);
    expect(p.redactor.redact('first-secret-value second-secret-value later-secret-value')).toBe('first-secret-value *** ***');
    expect(p.secrets.scope).toEqual({ KEY: 'second-secret-value', LATER: 'later-secret-value' });
    const r = await p.run('say', { text: 'hi' });
    expect(r.status).toBe('completed');
  });
});
