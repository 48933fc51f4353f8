import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Readable, Writable } from 'node:stream';
import { errorMessage, VERSION, type Logger } from '../core/index.ts';
import type { Catalog, McpBackend } from './backend.ts';
import { registerResources } from './resources.ts';
import { registerKnowledgeTools } from './tools/knowledge.ts';
import { registerRunTools, type RunTools } from './tools/runs.ts';
import { registerApprovalTools } from './tools/approvals.ts';
import { registerSystemTools } from './tools/system.ts';
import { LineTransport } from './transport.ts';

const EXECUTE = 'Run a workflow declared in workflows.d/ with parameters; waits up to wait_seconds for the result, else returns the run id (poll get_run).';
const AGENT_TASK = 'Have one agent run one capability: agent_type is an agent id or a domain, task_type a capability of it. Waits up to wait_seconds for the result.';
const MAX_LISTED = 40;

function clip(items: string[]): string {
  return items.length > MAX_LISTED ? `${items.slice(0, MAX_LISTED).join('; ')}; … (${items.length - MAX_LISTED} more)` : items.join('; ');
}

/** Tool descriptions name what can be called now, so a reload that changes that is a tools/list_changed. */
export function toolDescriptions(c: Catalog | undefined): { execute: string; agentTask: string } {
  if (!c) return { execute: EXECUTE, agentTask: AGENT_TASK };
  const wfs = c.workflows.map(({ id, spec }) => {
    const inputs = Object.keys(spec.inputs ?? {});
    return `${id}${inputs.length ? ` (inputs: ${inputs.join(', ')})` : ''}`;
  });
  const agents = c.agents.map(({ id, spec }) => `${id}${spec.domain ? ` [${spec.domain}]` : ''}: ${Object.keys(spec.capabilities).join(', ')}`);
  return {
    execute: `${EXECUTE}\nWorkflows: ${wfs.length ? clip(wfs) : 'none declared'}.`,
    agentTask: `${AGENT_TASK}\nAgents: ${agents.length ? clip(agents) : 'none declared'}.`,
  };
}

export interface AmasMcpServer {
  readonly server: McpServer;
  /** Re-reads the catalog; updates tool descriptions (tools/list_changed when they differ) and sends resources/list_changed. */
  refresh(): Promise<void>;
}

export async function createMcpServer(backend: McpBackend, opts: { logger: Logger }): Promise<AmasMcpServer> {
  const server = new McpServer(
    { name: 'amas', version: VERSION },
    {
      instructions:
        'amas runs multi-agent workflows declared in YAML. list_workflows / list_agents show what exists; execute_workflow runs one; get_run and cancel_run follow it; the knowledge tools read and write the shared knowledge base.',
    },
  );
  let current = { execute: EXECUTE, agentTask: AGENT_TASK };
  const describe = async () => {
    try {
      return toolDescriptions(await backend.catalog());
    } catch (err) {
      opts.logger.warn('cannot read the project catalog', { error: errorMessage(err) });
      return toolDescriptions(undefined);
    }
  };
  registerKnowledgeTools(server, backend);
  const tools: RunTools = registerRunTools(server, backend);
  registerSystemTools(server, backend);
  registerApprovalTools(server, backend);
  registerResources(server, backend, opts.logger);
  const apply = (d: typeof current) => {
    current = d;
    tools.executeWorkflow.description = d.execute;
    tools.requestAgentTask.description = d.agentTask;
  };
  apply(await describe());

  return {
    server,
    async refresh() {
      const next = await describe();
      if (next.execute !== current.execute || next.agentTask !== current.agentTask) {
        apply(next);
        if (server.isConnected()) server.sendToolListChanged();
      }
      if (server.isConnected()) server.sendResourceListChanged();
    },
  };
}

/**
 * Serves MCP on stdio until the client closes stdin. Only protocol goes to stdout; the logger
 * must write to stderr.
 */
export async function serveMcp(backend: McpBackend, opts: { logger: Logger; input?: Readable; output?: Writable }): Promise<void> {
  const { server, refresh } = await createMcpServer(backend, opts);
  const off = backend.onChange(() => {
    refresh().catch((err: unknown) => opts.logger.warn('cannot announce the change', { error: errorMessage(err) }));
  });
  const transport = new LineTransport(opts.input, opts.output, undefined, undefined, (m) => backend.mask(m));
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = () => resolve();
  });
  server.server.onerror = (err) => opts.logger.debug('mcp protocol error', { error: errorMessage(err) });
  await server.connect(transport);
  opts.logger.info('amas mcp is serving on stdio', { mode: backend.mode });
  await closed;
  off();
}
