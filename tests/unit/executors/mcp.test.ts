import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeMcpClients, listMcpTools, mcpExecutor } from '../../../src/agents/executors/mcp.ts';
import { NonRetriableError, type ProjectSpec } from '../../../src/core/index.ts';
import { makeContext } from './context.ts';

const fixtures = resolve('tests/fixtures/executors');
const project = {
  mcp_servers: {
    local: { command: [process.execPath, resolve(fixtures, 'mcp-server.mjs')], env: { GREETING: 'hello-env' }, cwd: 'modules' },
    missing: { command: ['/nonexistent/amas-mcp-server'] },
  },
} as ProjectSpec;
const ctx = (over: Parameters<typeof makeContext>[0] = {}) => makeContext({ project, projectDir: fixtures, ...over });
const call = (tool: string, input: unknown = {}, over: Parameters<typeof makeContext>[0] = {}) =>
  mcpExecutor({ server: 'local', tool }, input, ctx(over));

afterAll(() => closeMcpClients());

describe('mcp executor over stdio', () => {
  it('returns structuredContent, with the task input as the default arguments', async () => {
    const out = (await call('echo', { text: 'hi' })) as { echoed: string; pid: number };
    expect(out.echoed).toBe('hi');
    expect(out.pid).toBeGreaterThan(0);
  });

  it('reuses one connection (one server process) across calls', async () => {
    const a = (await call('echo', { text: 'a' })) as { pid: number };
    const b = (await call('json_text', { n: 2 })) as { pid: number; doubled: number };
    expect(b).toEqual({ doubled: 4, pid: a.pid });
  });

  it('uses explicit arguments over the input', async () => {
    const out = await mcpExecutor({ server: 'local', tool: 'json_text', arguments: { n: 21 } }, { n: 1 }, ctx());
    expect(out).toMatchObject({ doubled: 42 });
  });

  it('returns non-JSON text content as text', async () => {
    expect(await call('plain_text')).toBe('hello from the tool');
  });

  it('starts the server with the declared env and cwd', async () => {
    expect(await call('env', { name: 'GREETING' })).toEqual({ value: 'hello-env', cwd: resolve(fixtures, 'modules') });
  });

  it('fails the attempt when the tool reports isError, with its message', async () => {
    const err = await call('fail').catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/tool "fail" on server "local" reported an error: the widget exploded/);
    expect(err).not.toBeInstanceOf(NonRetriableError);
    await expect(call('throws')).rejects.toThrow(/handler threw/);
  });

  it('fails finally on arguments the tool rejects and on an unknown tool', async () => {
    await expect(call('echo', { text: 5 })).rejects.toBeInstanceOf(NonRetriableError);
    const unknown = await call('no_such_tool').catch((e: unknown) => e);
    expect((unknown as Error).message).toMatch(/no_such_tool/);
  });

  it('fails a call in flight when the server crashes, then reconnects on the next call', async () => {
    const before = (await call('echo', { text: 'x' })) as { pid: number };
    const err = await call('crash').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(NonRetriableError);
    expect((err as Error).message).toMatch(/connection lost/);
    expect((err as Error).message).toMatch(/simulated crash/);
    const after = (await call('echo', { text: 'y' })) as { pid: number; echoed: string };
    expect(after.echoed).toBe('y');
    expect(after.pid).not.toBe(before.pid);
  });

  it('cancels a call on timeout and keeps the connection usable', async () => {
    const first = (await call('echo', { text: 'a' })) as { pid: number };
    await expect(call('wait', {}, { timeoutMs: 200 })).rejects.toThrow(/timed out after 200 ms/);
    expect(((await call('echo', { text: 'b' })) as { pid: number }).pid).toBe(first.pid);
  });

  it('reports a server program that does not exist as non-retriable', async () => {
    const err = await mcpExecutor({ server: 'missing', tool: 'x' }, {}, ctx()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NonRetriableError);
    expect((err as Error).message).toMatch(/cannot connect to server "missing"/);
  });

  it('reports an undeclared server as non-retriable', async () => {
    await expect(mcpExecutor({ server: 'nope', tool: 'x' }, {}, ctx())).rejects.toThrow(/no server "nope".*declared: local, missing/);
  });

  it('lists the tools of a server for validate --online', async () => {
    const tools = await listMcpTools(project, 'local', { projectDir: fixtures, scope: { env: { ...process.env }, secrets: {} } });
    expect(tools.map((t) => t.name).sort()).toEqual(['crash', 'echo', 'env', 'fail', 'json_text', 'plain_text', 'throws', 'wait']);
    expect(tools.find((t) => t.name === 'echo')!.inputSchema).toMatchObject({ type: 'object', properties: { text: { type: 'string' } } });
  });
});
