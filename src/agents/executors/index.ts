// The executor kinds an agent capability can `run:` (docs/architecture.md "Layers"). One file per kind; add a kind
// here with one import line and one entry.
import type { ExecutorSpec } from '../../core/index.ts';
import type { Executor } from '../executor.ts';
import { commandExecutor } from './command.ts';
import { templateExecutor } from './template.ts';
import { httpExecutor } from './http.ts';
import { moduleExecutor } from './module.ts';
import type { McpToolInfo, listMcpTools as listMcpToolsNow } from './mcp.ts';

export type ExecutorKind = keyof ExecutorSpec;
export type ExecutorRegistry = { [K in ExecutorKind]?: Executor<K> };

/**
 * An executor whose module is imported on first use: the llm executor's JSON-schema machinery and
 * the MCP SDK (zod and the protocol types, ≈ 11 MB of RSS) are not loaded by projects that do
 * not run them.
 */
function lazy<K extends ExecutorKind>(load: () => Promise<Executor<K>>): Executor<K> {
  let loaded: Executor<K> | undefined;
  return (spec, input, ctx) => (loaded ? loaded(spec, input, ctx) : load().then((ex) => (loaded = ex)(spec, input, ctx)));
}

export const llmExecutor: Executor<'llm'> = lazy(async () => (await import('./llm.ts')).llmExecutor);
export const mcpExecutor: Executor<'mcp'> = lazy(async () => (await import('./mcp.ts')).mcpExecutor);

/** The tools a declared MCP server offers (see mcp.ts); loads the MCP SDK on first call. */
export async function listMcpTools(...args: Parameters<typeof listMcpToolsNow>): Promise<McpToolInfo[]> {
  return (await import('./mcp.ts')).listMcpTools(...args);
}

export const executors: ExecutorRegistry = {
  template: templateExecutor,
  command: commandExecutor,
  http: httpExecutor,
  llm: llmExecutor,
  mcp: mcpExecutor,
  module: moduleExecutor,
};

export { commandExecutor, templateExecutor };
export { httpExecutor, moduleExecutor };
export type { McpToolInfo };
export { closeMcpClients, McpClients } from './mcp-clients.ts';
export { reloadModules, type ModuleContext } from './module.ts';
export { MAX_REPAIR_TURNS } from './llm-limits.ts';
