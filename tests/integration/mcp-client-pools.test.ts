import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openProject, type Project } from '../../src/runtime/index.ts';

// Two projects opened in one process, each calling a real stdio MCP server (its own process).
// Each project's agent pool owns its MCP connections: closing one project ends its server and
// leaves the other project's connection (the same server process) in place. Before, one
// process-wide pool was closed as a whole on shutdown, and a project's close closed nothing.

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/mcp-pools');
const SERVER = path.resolve(import.meta.dirname, '../fixtures/executors/mcp-server.mjs');
const dirs: string[] = [];
const open: Project[] = [];

async function project(): Promise<Project> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amas-mcp-pool-'));
  dirs.push(dir);
  fs.cpSync(FIXTURE, dir, { recursive: true });
  const p = await openProject(dir, { store: ':memory:', env: { PATH: process.env['PATH'], MCP_SERVER: SERVER } });
  open.push(p);
  return p;
}

async function echoPid(p: Project): Promise<number> {
  const r = await p.run('echo');
  expect(r.status, r.error).toBe('completed');
  return (r.steps['s']?.output as { pid: number }).pid;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function gone(pid: number): Promise<boolean> {
  const end = Date.now() + 5000;
  while (alive(pid) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return !alive(pid);
}

afterAll(async () => {
  for (const p of open) await p.close();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('MCP client pools per project', () => {
  it('closing one project ends its MCP server and leaves the other project connected', async () => {
    const a = await project();
    const b = await project();
    const pidA = await echoPid(a);
    const pidB = await echoPid(b);
    expect(pidA).not.toBe(pidB);
    expect(a.agents.mcpClients).not.toBe(b.agents.mcpClients);
    // Pooled: a second call reuses the same server process.
    expect(await echoPid(b)).toBe(pidB);

    await a.close();
    expect(await gone(pidA)).toBe(true);
    expect(a.agents.mcpClients.size).toBe(0);

    // B's server was not touched: same process, still answering.
    expect(alive(pidB)).toBe(true);
    expect(b.agents.mcpClients.size).toBe(1);
    expect(await echoPid(b)).toBe(pidB);

    await b.close();
    expect(await gone(pidB)).toBe(true);
  });
});
