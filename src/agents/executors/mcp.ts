import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { NonRetriableError, errorMessage, silentLogger, type McpServerSpec, type ProjectSpec } from '../../core/index.ts';
import type { Executor, ExecutorContext } from '../executor.ts';
import { attemptSignal } from './http-common.ts';
import { connectMcp, defaultMcpClients, type McpConnection } from './mcp-clients.ts';
import { renderIn, renderText } from './render.ts';

export { closeMcpClients } from './mcp-clients.ts';

/**
 * The server spec with its expressions (argv, env values, headers, url) rendered. Only `env` and
 * `secrets` are in scope: a server is shared by every call, so it cannot depend on one task's input.
 */
function renderServer(name: string, server: McpServerSpec, scope: Record<string, unknown>): McpServerSpec {
  const ctx = { scope: { env: scope['env'], secrets: scope['secrets'] } };
  const at = `mcp_servers.${name}`;
  const map = (o: Record<string, string>, key: string) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, renderText(v, ctx, `${at}.${key}.${k}`)]));
  const out: McpServerSpec = {};
  if (server.command) out.command = server.command.map((a) => renderText(a, ctx, `${at}.command`)) as [string, ...string[]];
  if (server.cwd !== undefined) out.cwd = renderText(server.cwd, ctx, `${at}.cwd`);
  if (server.url !== undefined) out.url = renderText(server.url, ctx, `${at}.url`);
  if (server.env) out.env = map(server.env, 'env');
  if (server.headers) out.headers = map(server.headers, 'headers');
  return out;
}

function serverSpec(project: ProjectSpec, name: string): McpServerSpec {
  const server = project.mcp_servers?.[name];
  if (!server) {
    const known = Object.keys(project.mcp_servers ?? {});
    throw new NonRetriableError(`mcp: no server "${name}" under mcp_servers in amas.yaml${known.length ? ` (declared: ${known.join(', ')})` : ''}`);
  }
  return server;
}

interface ToolResult {
  content?: { type: string; text?: string }[];
  structuredContent?: unknown;
  isError?: boolean;
}

/** `structuredContent` when the tool gives it; else its text content, parsed when it is JSON. */
export function toolOutput(result: ToolResult): unknown {
  if (result.structuredContent !== undefined && result.structuredContent !== null) return result.structuredContent;
  const content = result.content ?? [];
  if (content.length === 0) return null;
  if (!content.every((c) => c.type === 'text' && typeof c.text === 'string')) return content;
  const text = content.map((c) => c.text).join('\n');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** `mcp: { server, tool, arguments }` — one tool call on a pooled connection to the declared server. */
export const mcpExecutor: Executor<'mcp'> = async (spec, input, ctx) => {
  const args = spec.arguments === undefined ? input : renderIn(spec.arguments, ctx, 'mcp.arguments');
  const { signal, toError } = attemptSignal(ctx.signal, ctx.timeoutMs);
  return callMcpTool(ctx, spec.server, spec.tool, args, signal, toError);
};

/** The pooled connection to a declared server, its spec's expressions rendered. */
async function connection(ctx: ExecutorContext, serverName: string, signal: AbortSignal, toError: (err: unknown) => unknown) {
  const server = renderServer(serverName, serverSpec(ctx.project, serverName), ctx.scope);
  const clients = ctx.mcpClients ?? defaultMcpClients;
  const conn = await raceAbort(clients.get(ctx.projectDir, serverName, server, ctx.logger), signal).catch((err: unknown) => {
    throw toError(err);
  });
  return { conn, clients };
}

/**
 * One tool call on a server's pooled connection: what the `mcp` executor and agent loops' MCP
 * tools both go through. Returns the tool's output (see `toolOutput`); throws on a tool error.
 */
export async function callMcpTool(ctx: ExecutorContext, serverName: string, tool: string, args: unknown, signal: AbortSignal, toError: (err: unknown) => unknown): Promise<unknown> {
  if (args !== undefined && (args === null || typeof args !== 'object' || Array.isArray(args))) {
    throw new NonRetriableError(`mcp: arguments of tool "${tool}" must be an object, got ${Array.isArray(args) ? 'an array' : typeof args}`);
  }
  const what = `mcp: tool "${tool}" on server "${serverName}"`;
  const toolArgs = (args ?? {}) as Record<string, unknown>;
  // The real call: connect (pooled) and call the tool. Under `amas test` the hook decides whether it runs.
  const send = async (): Promise<ToolResult> => {
    const { conn, clients } = await connection(ctx, serverName, signal, toError);
    try {
      const timeout = Number.isFinite(ctx.timeoutMs) && ctx.timeoutMs > 0 ? ctx.timeoutMs : undefined;
      return (await conn.client.callTool({ name: tool, arguments: toolArgs }, undefined, { signal, ...(timeout ? { timeout } : {}) })) as ToolResult;
    } catch (err) {
      if (signal.aborted) throw toError(err);
      if (err instanceof McpError && (err.code === ErrorCode.InvalidParams || err.code === ErrorCode.MethodNotFound)) {
        throw new NonRetriableError(`${what}: ${err.message}`, { cause: err });
      }
      if (conn.closed || !(err instanceof McpError) || err.code === ErrorCode.ConnectionClosed) {
        // The server died or the transport broke: the next call starts a fresh connection.
        clients.drop(ctx.projectDir, serverName, conn);
        const tail = conn.stderrTail.length ? ` — server stderr: ${conn.stderrTail.join(' | ')}` : '';
        throw new Error(`${what} failed, connection lost: ${errorMessage(err)}${tail}`, { cause: err });
      }
      throw new Error(`${what} failed: ${errorMessage(err)}`, { cause: err });
    }
  };
  const result = ctx.calls
    ? ((await ctx.calls.call({ kind: 'mcp', request: { server: serverName, tool, arguments: toolArgs } }, send, {
        runId: ctx.runId,
        stepId: ctx.stepId,
        capability: ctx.capability,
      })) as ToolResult)
    : await send();

  if (result.isError) {
    const text = (result.content ?? []).map((c) => (typeof c.text === 'string' ? c.text : '')).join('\n').trim();
    const msg = `${what} reported an error: ${text || 'no details'}`;
    // The SDK reports argument validation failures this way; retrying the same arguments cannot help.
    if (/^MCP error -32602\b/.test(text)) throw new NonRetriableError(msg);
    throw new Error(msg);
  }
  return toolOutput(result);
}

/** Tool lists per live connection: an agent loop lists a server once, not on every attempt. */
const listed = new WeakMap<object, Promise<McpToolInfo[]>>();

/** The tools a declared server offers, over its pooled connection (listed once per connection). */
export async function mcpServerTools(ctx: ExecutorContext, serverName: string, signal: AbortSignal, toError: (err: unknown) => unknown): Promise<McpToolInfo[]> {
  const { conn } = await connection(ctx, serverName, signal, toError);
  let tools = listed.get(conn);
  if (!tools) {
    tools = listAll(conn.client);
    listed.set(conn, tools);
    tools.catch(() => listed.delete(conn));
  }
  return raceAbort(tools, signal).catch((err: unknown) => {
    throw toError(err);
  });
}

async function listAll(client: McpConnection['client'], timeoutMs = 30_000): Promise<McpToolInfo[]> {
  const tools: McpToolInfo[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.listTools(cursor ? { cursor } : undefined, { timeout: timeoutMs });
    for (const t of page.tools) tools.push({ name: t.name, ...(t.description ? { description: t.description } : {}), inputSchema: t.inputSchema });
    cursor = page.nextCursor;
  } while (cursor);
  return tools;
}

function raceAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export interface McpToolInfo {
  name: string;
  description?: string;
  inputSchema: unknown;
}

/**
 * The tools a declared server offers, over a fresh connection that is closed afterwards (for
 * `amas validate --online`). `scope` supplies env and the project's secrets for expressions in
 * the server spec.
 */
export async function listMcpTools(
  project: ProjectSpec,
  serverName: string,
  opts: { projectDir?: string; scope: Record<string, unknown>; timeoutMs?: number },
): Promise<McpToolInfo[]> {
  const projectDir = opts.projectDir ?? process.cwd();
  const server = renderServer(serverName, serverSpec(project, serverName), opts.scope);
  const conn = await connectMcp(projectDir, serverName, server, silentLogger);
  try {
    return await listAll(conn.client, opts.timeoutMs);
  } finally {
    await conn.client.close().catch(() => undefined);
  }
}
