import { resolve } from 'node:path';
// Types only at load time: the SDK (and zod under it) costs ~25 MB of RSS, loaded on first connect.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { NonRetriableError, VERSION, errorMessage, type Logger, type McpServerSpec } from '../../core/index.ts';

/** How long connecting (spawn + initialize handshake) may take before the attempt fails. */
export const MCP_CONNECT_TIMEOUT_MS = 30_000;
const STDERR_TAIL_LINES = 5;

/** One live connection to one declared MCP server. */
export interface McpConnection {
  readonly client: Client;
  readonly serverName: string;
  /** Set once the transport closed (the process died, the server went away, or we closed it). */
  closed: boolean;
  /** Last lines the stdio server wrote to stderr: shown when it dies. */
  readonly stderrTail: string[];
  /** The server spec it was made from: a changed spec (hot reload) gets a new connection. */
  readonly specKey: string;
  pid(): number | null;
}

interface PoolEntry {
  specKey: string;
  ready: Promise<McpConnection>;
}

/**
 * One project's pooled MCP connections, owned by its agent pool and closed with it: two projects
 * in one process each close only their own servers.
 */
export class McpClients {
  private readonly pool = new Map<string, PoolEntry>();

  /**
   * The pooled connection to `serverName` of the project in `projectDir`, connecting (or reconnecting
   * after a crash, or after its spec changed) when needed. Concurrent callers share one handshake.
   */
  get(projectDir: string, serverName: string, server: McpServerSpec, logger: Logger): Promise<McpConnection> {
    const { pool } = this;
    const key = `${projectDir}\0${serverName}`;
    const specKey = JSON.stringify(server);
    const entry = pool.get(key);
    if (entry && entry.specKey === specKey) {
      return entry.ready.then((c) => (c.closed ? reconnect() : c));
    }
    if (entry) void entry.ready.then((c) => c.client.close()).catch(() => undefined);
    return reconnect();

    function reconnect(): Promise<McpConnection> {
      const current = pool.get(key);
      // Another caller may already have replaced the dead connection.
      if (current && current !== entry && current.specKey === specKey) return current.ready;
      const ready = connectMcp(projectDir, serverName, server, logger, () => {
        if (pool.get(key)?.ready === ready) pool.delete(key);
      });
      const fresh: PoolEntry = { specKey, ready };
      pool.set(key, fresh);
      ready.catch(() => {
        if (pool.get(key) === fresh) pool.delete(key);
      });
      return ready;
    }
  }

  /** Forgets a connection that failed in a way that makes it unusable (the next call reconnects). */
  drop(projectDir: string, serverName: string, conn: McpConnection): void {
    const key = `${projectDir}\0${serverName}`;
    const entry = this.pool.get(key);
    if (entry) {
      void entry.ready.then((c) => {
        if (c === conn && this.pool.get(key) === entry) this.pool.delete(key);
      });
    }
    conn.closed = true;
    void conn.client.close().catch(() => undefined);
  }

  /** Live (or connecting) servers, for tests and status views. */
  get size(): number {
    return this.pool.size;
  }

  /** Closes every connection of this pool (stdio servers are terminated). */
  async close(): Promise<void> {
    const entries = [...this.pool.values()];
    this.pool.clear();
    await Promise.all(
      entries.map(async (e) => {
        try {
          const c = await e.ready;
          c.closed = true;
          await c.client.close();
        } catch {
          // a connection that never came up has nothing to close
        }
      }),
    );
  }
}

/**
 * The pool an executor uses when its caller gave none (an executor called directly, as the
 * unit tests do). A project's agents always bring their own.
 */
export const defaultMcpClients = new McpClients();

/** Closes the connections of the default pool only: projects close their own with their agent pool. */
export function closeMcpClients(): Promise<void> {
  return defaultMcpClients.close();
}

/** A new connection (not pooled): used by the pool and by one-shot checks such as `validate --online`. */
export async function connectMcp(
  projectDir: string,
  serverName: string,
  server: McpServerSpec,
  logger: Logger,
  onClose?: () => void,
): Promise<McpConnection> {
  const [{ Client }, { StdioClientTransport, getDefaultEnvironment }, { StreamableHTTPClientTransport }] = await Promise.all([
    import('@modelcontextprotocol/sdk/client/index.js'),
    import('@modelcontextprotocol/sdk/client/stdio.js'),
    import('@modelcontextprotocol/sdk/client/streamableHttp.js'),
  ]);
  const client = new Client({ name: 'amas', version: VERSION });
  const stderrTail: string[] = [];
  let pid: () => number | null = () => null;
  let transport: StdioClientTransport | StreamableHTTPClientTransport;
  if (server.command) {
    const [command, ...args] = server.command;
    const stdio = new StdioClientTransport({
      command,
      args,
      // Only the SDK's short list of ordinary variables (HOME, LOGNAME, PATH, SHELL, TERM, USER)
      // plus what amas.yaml maps: never amas's own AMAS_* nor a secret it does not map (docs/security.md).
      env: { ...getDefaultEnvironment(), ...server.env },
      cwd: resolve(projectDir, server.cwd ?? '.'),
      stderr: 'pipe',
    });
    // The pipe must be drained or a chatty server blocks; keep a short tail for crash messages.
    let partial = '';
    stdio.stderr?.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        if (line.trim() === '') continue;
        logger.debug('mcp server stderr', { server: serverName, line: line.slice(0, 2000) });
        stderrTail.push(line.slice(0, 500));
        if (stderrTail.length > STDERR_TAIL_LINES) stderrTail.shift();
      }
    });
    pid = () => stdio.pid;
    transport = stdio;
  } else if (server.url) {
    let url: URL;
    try {
      url = new URL(server.url);
    } catch {
      throw new NonRetriableError(`mcp: server "${serverName}" url is not a valid URL`);
    }
    transport = new StreamableHTTPClientTransport(url, { requestInit: { headers: { ...server.headers } } });
  } else {
    throw new NonRetriableError(`mcp: server "${serverName}" has neither command nor url`);
  }

  const conn: McpConnection = { client, serverName, closed: false, stderrTail, specKey: JSON.stringify(server), pid: () => pid() };
  client.onclose = () => {
    conn.closed = true;
    onClose?.();
  };
  client.onerror = (err) => logger.debug('mcp transport error', { server: serverName, error: errorMessage(err) });
  try {
    await client.connect(transport, { timeout: MCP_CONNECT_TIMEOUT_MS });
  } catch (err) {
    conn.closed = true;
    await client.close().catch(() => undefined);
    const code = (err as NodeJS.ErrnoException).code;
    const tail = stderrTail.length ? ` — stderr: ${stderrTail.join(' | ')}` : '';
    const msg = `mcp: cannot connect to server "${serverName}": ${errorMessage(err)}${tail}`;
    // A program that does not exist will not appear by retrying.
    throw code === 'ENOENT' || code === 'EACCES' ? new NonRetriableError(msg, { cause: err }) : new Error(msg, { cause: err });
  }
  return conn;
}
