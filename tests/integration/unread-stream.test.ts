// A project embedded with `openProject` whose event stream nobody reads: the engine builds no
// events for it (no step_started/step_finished objects, no masking, no sequence numbers), which was
// most of a no-op step's cost (bench/README.md). A reader that arrives while a run is going still
// gets that run's remaining events, each with the run's workflow, though the stream never saw the
// run start.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openProject, type Project, type RuntimeEvent } from '../../src/runtime/index.ts';
import { copyProject, ROOT, until } from './up-child.ts';

const FIXTURE = path.join(ROOT, 'tests/fixtures/stream/project');
let project: Project | undefined;
let dir: string | undefined;

afterEach(async () => {
  await project?.close();
  project = undefined;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

async function open(): Promise<Project> {
  dir = copyProject(FIXTURE, 'amas-unread-');
  project = await openProject(dir, { store: ':memory:' });
  return project;
}

describe('an event stream nobody reads', () => {
  it('sequences no events while a run goes from start to end unread', async () => {
    const p = await open();
    const r = await p.run('pipeline');
    expect(r.status).toBe('completed');
    expect(Object.values(r.steps).map((s) => s.status)).toEqual(['completed', 'completed', 'completed']);
    expect(p.stream.lastSeq).toBe(0);
  }, 30_000);

  it('a reader that subscribes mid-run gets the rest of the run, each event with its workflow', async () => {
    const p = await open();
    const h = p.start('pipeline');
    await until(() => p.engine.get(h.id)?.steps.one?.status === 'completed', 'step one to complete');
    expect(p.stream.lastSeq).toBe(0);
    const seen: RuntimeEvent[] = [];
    p.stream.subscribe((e) => seen.push(e), { filter: { runId: h.id } });
    expect((await h.result).status).toBe('completed');
    const types = seen.map((e) => `${e.type}${'stepId' in e ? ` ${e.stepId}` : ''}`);
    expect(types).toEqual(expect.arrayContaining(['step_started three', 'step_finished three', 'run_finished']));
    expect(types).not.toContain('run_started');
    expect(seen.every((e) => e.workflow === 'pipeline')).toBe(true);
    // A workflow filter sees the same events: the workflow came from the engine, not from run_started.
    const byWorkflow = p.stream.since(0, { workflow: 'pipeline', runId: h.id });
    expect(byWorkflow.map((e) => e.seq)).toEqual(seen.map((e) => e.seq));
  }, 30_000);
});
