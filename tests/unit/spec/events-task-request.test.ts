import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../../src/spec/index.ts';

// task_request is served by agents but published by nothing in amas itself, so a trigger waiting
// for it without an agent that `produces` it gets AMAS505 (it used to be exempt, so it never fired).
function project(produces: boolean): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'amas-505-'));
  fs.mkdirSync(path.join(d, 'agents.d'));
  fs.mkdirSync(path.join(d, 'workflows.d'));
  fs.writeFileSync(path.join(d, 'amas.yaml'), 'apiVersion: amas/v1\nname: t\n');
  fs.writeFileSync(path.join(d, 'agents.d/a.yaml'), `apiVersion: amas/v1\nid: a\n${produces ? 'produces: [task_request]\n' : ''}capabilities:\n  say:\n    run:\n      template: hi\n`);
  fs.writeFileSync(path.join(d, 'workflows.d/w.yaml'), 'apiVersion: amas/v1\nid: w\non:\n  - event: task_request\nsteps:\n  - id: s\n    task: say\n');
  return d;
}

describe('AMAS505 for task_request', () => {
  it('warns when no agent produces task_request, and not when one does', async () => {
    const bare = await loadProject(project(false));
    expect(bare.diagnostics.filter((d) => d.code === 'AMAS505')).toHaveLength(1);
    const produced = await loadProject(project(true));
    expect(produced.diagnostics.filter((d) => d.code === 'AMAS505')).toHaveLength(0);
  });
});
