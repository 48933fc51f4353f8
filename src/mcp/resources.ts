import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from '../core/index.ts';
import type { McpBackend } from './backend.ts';
import { errorText } from './result.ts';

const RECENT_RUNS = 50;
// -32002 is the MCP spec's "resource not found".
const NOT_FOUND = -32002;

/**
 * A JSON-RPC error for the SDK to send: a plain Error with a numeric `code`. The SDK's own
 * `McpError` puts "MCP error <code>: " into its message, and the client's `McpError` adds the
 * prefix again, so clients would read it twice.
 */
class ResourceError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'ResourceError';
  }
}

function one(v: string | string[] | undefined): string {
  return decodeURIComponent(Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
}

/** Agents and workflows as their YAML files, runs as JSON: `amas://agents/{id}`, `amas://workflows/{id}`, `amas://runs/{id}`. */
export function registerResources(server: McpServer, backend: McpBackend, logger: Logger): void {
  const specs = (kind: 'agents' | 'workflows') =>
    server.registerResource(
      kind,
      new ResourceTemplate(`amas://${kind}/{id}`, {
        list: async () => {
          const catalog = await backend.catalog();
          return {
            resources: catalog[kind].map((e) => ({
              uri: `amas://${kind}/${e.id}`,
              name: e.id,
              title: `${kind === 'agents' ? 'agent' : 'workflow'} ${e.id} (${e.file})`,
              ...(e.spec.description ? { description: e.spec.description } : {}),
              mimeType: 'application/yaml',
            })),
          };
        },
      }),
      { description: `Each ${kind === 'agents' ? 'agent of agents.d/' : 'workflow of workflows.d/'} as its YAML file.`, mimeType: 'application/yaml' },
      async (uri, vars) => {
        const id = one(vars.id);
        const entry = (await backend.catalog())[kind].find((e) => e.id === id);
        if (!entry) throw new ResourceError(NOT_FOUND, `no ${kind === 'agents' ? 'agent' : 'workflow'} "${id}"`);
        return { contents: [{ uri: uri.href, mimeType: 'application/yaml', text: entry.text }] };
      },
    );
  specs('agents');
  specs('workflows');

  server.registerResource(
    'runs',
    new ResourceTemplate('amas://runs/{id}', {
      list: async () => {
        let runs: Awaited<ReturnType<McpBackend['listRuns']>> = [];
        try {
          runs = await backend.listRuns(RECENT_RUNS);
        } catch (err) {
          // The specs stay listable when the store is out of reach (held by another writer).
          logger.warn('cannot list runs', { error: errorText(err) });
        }
        return {
          resources: runs.map((r) => ({ uri: `amas://runs/${r.run_id}`, name: r.run_id, title: `run of ${r.workflow}: ${r.status}`, mimeType: 'application/json' })),
        };
      },
    }),
    { description: `Runs (the ${RECENT_RUNS} most recent are listed) with status, step results and outputs.`, mimeType: 'application/json' },
    async (uri, vars) => {
      const id = one(vars.id);
      let run;
      try {
        run = await backend.getRun(id);
      } catch (err) {
        throw new ResourceError(ErrorCode.InternalError, errorText(err));
      }
      if (!run) throw new ResourceError(NOT_FOUND, `no run "${id}"`);
      return { contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(run, null, 2) }] };
    },
  );
}
