import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeMcpClients, listMcpTools, mcpExecutor } from '../../../src/agents/executors/mcp.ts';
import { NonRetriableError, type ProjectSpec } from '../../../src/core/index.ts';
// @ts-expect-error -- a plain .mjs fixture without types
import { buildServer } from '../../fixtures/executors/mcp-server.mjs';
import { makeContext } from './context.ts';

// A real streamable-HTTP MCP server (stateful sessions) in this process, on 127.0.0.1.
let http: Server;
let url = '';
const sessions = new Map<string, StreamableHTTPServerTransport>();
let initializations = 0;
const authSeen: (string | undefined)[] = [];

beforeAll(async () => {
  http = createServer((req, res) => {
    authSeen.push(req.headers.authorization);
    const sid = req.headers['mcp-session-id'];
    const known = typeof sid === 'string' ? sessions.get(sid) : undefined;
    if (known) return void known.handleRequest(req, res);
    if (sid !== undefined) {
      res.writeHead(404, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32001, message: 'Session not found' }, id: null }));
    }
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        initializations++;
        sessions.set(id, transport);
      },
    });
    void (buildServer() as { connect(t: unknown): Promise<void> }).connect(transport).then(() => transport.handleRequest(req, res));
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`;
});
afterAll(async () => {
  await closeMcpClients();
  for (const t of sessions.values()) await t.close();
  http.closeAllConnections();
  await new Promise((r) => http.close(r));
});

const project = () => ({ mcp_servers: { remote: { url, headers: { Authorization: 'Bearer ${{ secrets.MCP_TOKEN }}' } } } }) as unknown as ProjectSpec;
const ctx = () => makeContext({ project: project(), scope: { input: {}, env: {}, secrets: { MCP_TOKEN: 'remote-token' } } });

describe('mcp executor over streamable HTTP', () => {
  it('calls tools over one session, sending the declared headers', async () => {
    const a = await mcpExecutor({ server: 'remote', tool: 'echo' }, { text: 'one' }, ctx());
    const b = await mcpExecutor({ server: 'remote', tool: 'json_text', arguments: { n: 5 } }, {}, ctx());
    expect(a).toMatchObject({ echoed: 'one' });
    expect(b).toMatchObject({ doubled: 10 });
    expect(initializations).toBe(1);
    expect(authSeen.every((h) => h === 'Bearer remote-token')).toBe(true);
  });

  it('fails a tool error and keeps the session', async () => {
    await expect(mcpExecutor({ server: 'remote', tool: 'fail' }, {}, ctx())).rejects.toThrow(/the widget exploded/);
    await expect(mcpExecutor({ server: 'remote', tool: 'echo' }, { text: 5 }, ctx())).rejects.toBeInstanceOf(NonRetriableError);
    expect(initializations).toBe(1);
  });

  it('after the server forgets the session, the call fails and the next one opens a new session', async () => {
    sessions.clear();
    const err = await mcpExecutor({ server: 'remote', tool: 'echo' }, { text: 'lost' }, ctx()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(NonRetriableError);
    expect(await mcpExecutor({ server: 'remote', tool: 'echo' }, { text: 'back' }, ctx())).toMatchObject({ echoed: 'back' });
    expect(initializations).toBe(2);
  });

  it('lists tools over HTTP', async () => {
    const tools = await listMcpTools(project(), 'remote', { scope: { env: {}, secrets: { MCP_TOKEN: 'remote-token' } } });
    expect(tools.map((t) => t.name)).toContain('echo');
  });
});
