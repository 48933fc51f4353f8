import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BusEvent } from '../../src/bus/index.ts';
import { openProject, type Project } from '../../src/runtime/index.ts';

// task_request events run a capability as an agent task outside any workflow: targeted at an
// agent, or broadcast and routed to a capable one; the answer is a task_complete (or an
// error_occurred) targeted at the requester. Before, nothing served them.
let dir: string;
let p: Project;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amas-taskreq-'));
  fs.writeFileSync(path.join(dir, 'amas.yaml'), 'apiVersion: amas/v1\nname: taskreq\n');
  fs.mkdirSync(path.join(dir, 'agents.d'));
  fs.writeFileSync(
    path.join(dir, 'agents.d/greeter.yaml'),
    'apiVersion: amas/v1\nid: greeter\ncapabilities:\n  greet:\n    input: { type: object, required: [name], properties: { name: { type: string } } }\n    run:\n      template: { text: "hello ${{ input.name }}" }\n',
  );
  p = await openProject(dir, { store: ':memory:' });
});
afterAll(async () => {
  await p?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function answer(): Promise<BusEvent> {
  return new Promise((resolve) => {
    const offs: (() => void)[] = [];
    const done = (e: BusEvent): void => {
      offs.forEach((o) => o());
      resolve(e);
    };
    offs.push(p.bus.subscribe('task_complete', done, { agentId: 'tester' }), p.bus.subscribe('error_occurred', done, { agentId: 'tester' }));
  });
}

describe('task_request events', () => {
  it('a request targeted at an agent runs its capability and answers the requester', async () => {
    const got = answer();
    p.bus.publish({ type: 'task_request', source: 'tester', target: 'greeter', data: { capability: 'greet', input: { name: 'Ada' }, taskId: 't1' } });
    const e = await got;
    expect(e.type).toBe('task_complete');
    expect(e.data).toMatchObject({ taskId: 't1', taskType: 'greet', agentId: 'greeter', result: { text: 'hello Ada' } });
  });

  it('a broadcast request is routed to a capable agent', async () => {
    const got = answer();
    p.bus.publish({ type: 'task_request', source: 'tester', data: { capability: 'greet', input: { name: 'Lin' }, taskId: 't2' } });
    expect((await got).data).toMatchObject({ taskId: 't2', agentId: 'greeter', result: { text: 'hello Lin' } });
  });

  it('a request for a capability no agent has is answered with error_occurred', async () => {
    const got = answer();
    p.bus.publish({ type: 'task_request', source: 'tester', data: { capability: 'fly', input: {}, taskId: 't3' } });
    const e = await got;
    expect(e.type).toBe('error_occurred');
    expect(e.data).toMatchObject({ taskId: 't3', taskType: 'fly' });
  });
});
