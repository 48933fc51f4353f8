// `amas mcp` with no `amas up`: the server opens the project itself and is its one writer.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, connect, copyFixture, data, text, type Connected } from './mcp-helpers.ts';
import { mcpSuite } from './mcp-suite.ts';

describe('amas mcp (local: the project opened by the server)', () => {
  mcpSuite({ mode: 'local' });
});

describe('amas mcp never becomes a second writer', () => {
  let dir = '';
  let first: Connected;
  let second: Connected;
  beforeAll(async () => {
    dir = copyFixture();
    first = await connect(dir);
    // The first server opened the project (and took the lock) before answering.
    expect(data(await call(first.client, 'get_system_status')).mode).toBe('local');
    second = await connect(dir);
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('fails store tools with an error naming the pid that holds the project, but still lists specs', async () => {
    const r = await call(second.client, 'store_knowledge', { category: 'x', content: 1 });
    expect(r.isError).toBe(true);
    expect(text(r)).toContain('AMAS_STORE_LOCKED');
    expect(text(r)).toMatch(/pid \d+/);
    expect(text(r)).toContain('serves no control socket');
    const run = await call(second.client, 'execute_workflow', { workflow_name: 'greet' });
    expect(text(run)).toContain('AMAS_STORE_LOCKED');
    expect(data(await call(second.client, 'list_workflows')).workflows).toHaveLength(3);
    expect(data(await call(second.client, 'validate_spec', { spec: { id: 'v', steps: [{ id: 'a', task: 'greet', with: { name: 'n' } }] } })).ok).toBe(true);
    // The writer is unaffected.
    expect(data(await call(first.client, 'execute_workflow', { workflow_name: 'greet' })).status).toBe('completed');
  });

  it('takes over once the writer has gone', async () => {
    await first.close();
    let r = await call(second.client, 'store_knowledge', { category: 'x', content: 1 });
    // The lock file goes when the first server has closed its store; its exit may lag the close.
    for (let i = 0; i < 50 && r.isError; i++) {
      await new Promise((res) => setTimeout(res, 100));
      r = await call(second.client, 'store_knowledge', { category: 'x', content: 1 });
    }
    expect(r.isError, text(r)).toBeFalsy();
  });
});
