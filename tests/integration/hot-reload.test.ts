import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/core/index.ts';
import { FIXTURES, reloadingProject } from './reload-harness.ts';

// Hot reload with real files and the real watcher (chokidar on the project root), while a run
// is in flight: a command step that waits for a file the test creates at the end.

const FIXTURE = path.join(FIXTURES, 'reload');
const p = reloadingProject('reload');
const { file, write, until } = p;
const agentIds = (s: Snapshot) => s.agents.map((a) => a.id).sort();
const workflow = (s: Snapshot, id: string) => s.workflows.find((w) => w.id === id);
/** Each reload stamps lastReload.at; waiting for a newer one means "the change was seen". */
const reloadedAfter = (t: number) => (s: Snapshot) => (s.lastReload?.at ?? 0) > t;

function hello(description: string, extra = ''): string {
  return `apiVersion: amas/v1\nid: hello\ndescription: ${description}\nsteps:\n  - id: greet\n    task: say\n${extra}`;
}

const BETA = `apiVersion: amas/v1
id: beta
capabilities:
  shout:
    input: { type: object }
    output: { type: object }
    run:
      template: { text: HELLO }
`;

describe('hot reload with the real watcher, a run in flight', () => {
  it('adds, changes, rejects, fixes and deletes specs; the run finishes on its pinned spec', async () => {
    const run = p.rt.startRun({ workflow: 'slow', inputs: {}, origin: { kind: 'manual' } });
    expect(run.kind).toBe('started');
    await until((s) => s.agents.find((a) => a.id === 'alpha')?.inFlight === 1, 'the slow step to run');
    let t = Date.now();

    // Add an agent.
    write('agents.d/beta.yaml', BETA);
    let s = await until((x) => agentIds(x).includes('beta'), 'beta to be added');
    expect(s.lastReload?.ok).toBe(true);

    // Change a workflow.
    t = s.lastReload!.at;
    write('workflows.d/hello.yaml', hello('version 2'));
    s = await until((x) => workflow(x, 'hello')?.description === 'version 2', 'hello v2');

    // Break it: an unknown key. The last good spec stays; the diagnostics name file and line.
    t = s.lastReload!.at;
    write('workflows.d/hello.yaml', hello('version 3 (broken)', '    bogus_key: 1\n'));
    s = await until(reloadedAfter(t), 'the broken reload');
    expect(s.lastReload?.ok).toBe(false);
    const diag = s.lastReload!.diagnostics.find((d) => d.severity === 'error');
    expect(diag).toMatchObject({ file: 'workflows.d/hello.yaml', line: 7 });
    expect(diag?.message).toMatch(/bogus_key/);
    expect(workflow(s, 'hello')?.description).toBe('version 2');
    expect(agentIds(s)).toEqual(['alpha', 'beta']);
    // …and a system_status event says so.
    await until((x) => x.events.some((e) => e.type === 'system_status' && e.summary.startsWith('reload rejected')), 'the reload_failed event');

    // Fix it with a rename-over save (write a temp file, rename it onto the spec).
    t = p.rt.getSnapshot().lastReload!.at;
    write('workflows.d/hello.yaml.tmp~', hello('version 4'));
    fs.renameSync(file('workflows.d/hello.yaml.tmp~'), file('workflows.d/hello.yaml'));
    s = await until((x) => x.lastReload?.ok === true && workflow(x, 'hello')?.description === 'version 4', 'the fix');

    // Change the workflow that is running: the run keeps the spec it started with.
    write(
      'workflows.d/slow.yaml',
      'apiVersion: amas/v1\nid: slow\ndescription: version 2\nsteps:\n  - id: wait\n    task: say\n  - id: extra\n    task: say\n    needs: [wait]\n',
    );
    s = await until((x) => workflow(x, 'slow')?.description === 'version 2', 'slow v2');

    // Delete agents.d/ (the workflows' capabilities disappear: rejected, last good kept)…
    t = s.lastReload!.at;
    fs.rmSync(file('agents.d'), { recursive: true });
    s = await until(reloadedAfter(t), 'the reload after agents.d/ went away');
    expect(s.lastReload?.ok).toBe(false);
    expect(agentIds(s)).toEqual(['alpha', 'beta']);
    // …and re-create it without beta: the watcher still sees it; beta is removed.
    fs.mkdirSync(file('agents.d'));
    fs.cpSync(path.join(FIXTURE, 'agents.d/alpha.yaml'), file('agents.d/alpha.yaml'));
    s = await until((x) => x.lastReload?.ok === true && agentIds(x).join() === 'alpha', 'agents.d re-created');

    // Delete a workflow.
    fs.rmSync(file('workflows.d/hello.yaml'));
    s = await until((x) => workflow(x, 'hello') === undefined, 'hello deleted');
    expect(s.lastReload?.ok).toBe(true);
    expect(s.workflows.map((w) => w.id)).toEqual(['slow']);

    // Release the run: it ends on its pinned spec (one step, the command), not on slow v2.
    write('release', '');
    const result = await p.rt.waitFor(run.runId);
    expect(result?.status).toBe('completed');
    expect(Object.keys(result!.steps)).toEqual(['wait']);
    expect(result!.steps.wait).toMatchObject({ status: 'completed', output: { released: true } });

    // New runs use the current spec.
    const again = p.rt.startRun({ workflow: 'slow', inputs: {}, origin: { kind: 'manual' } });
    const r2 = await p.rt.waitFor(again.runId);
    expect(Object.keys(r2!.steps).sort()).toEqual(['extra', 'wait']);
    expect(r2?.status).toBe('completed');
  });
});
