import type { Command } from 'commander';
import { action } from '../action.ts';
import { humanLogger } from '../logger.ts';
import { projectDir } from '../target.ts';

export function registerMcp(program: Command): void {
  program
    .command('mcp')
    .description('serve the project as an MCP server on stdio (tools, resources, change notifications)')
    .argument('[dir]', 'project directory', '.')
    .addHelpText(
      'after',
      `
Speaks the Model Context Protocol on stdin/stdout; nothing else is written to stdout (logs go
to stderr; AMAS_LOG_LEVEL=debug|info|warn|error). Register it with an MCP client, e.g.:

  { "mcpServers": { "amas": { "command": "npx", "args": ["amas", "mcp", "/path/to/project"] } } }

When \`amas up\` runs on the project, every call goes through its control socket; otherwise this
process opens the project itself and is its one writer until it exits (it refuses to be a
second writer). See docs/mcp.md.

Tools: store_knowledge, retrieve_knowledge, search_knowledge, execute_workflow,
create_dynamic_workflow, request_agent_task, get_run, cancel_run, get_system_status,
list_workflows, list_agents, publish_event, validate_spec.
Resources: amas://agents/{id}, amas://workflows/{id} (YAML), amas://runs/{id} (JSON).
`,
    )
    .action(
      action(async (dir: string) => {
        const { serveMcp } = await import('../../mcp/index.ts');
        const { openMcpBackend } = await import('../../runtime/index.ts');
        const logger = humanLogger();
        const backend = openMcpBackend(projectDir(dir), { logger });
        const stop = () => {
          void backend.close().finally(() => process.exit(0));
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        await serveMcp(backend, { logger });
        await backend.close();
        return 0;
      }),
    );
}
