// The executor kinds an agent capability can `run:` (DESIGN §1). One file per kind; add a kind
// here with one import line and one entry.
import type { ExecutorSpec } from '../../core/index.ts';
import type { Executor } from '../executor.ts';
import { commandExecutor } from './command.ts';
import { templateExecutor } from './template.ts';
import { httpExecutor } from './http.ts';
import { llmExecutor } from './llm.ts';
import { mcpExecutor } from './mcp.ts';
import { moduleExecutor } from './module.ts';

export type ExecutorKind = keyof ExecutorSpec;
export type ExecutorRegistry = { [K in ExecutorKind]?: Executor<K> };

export const executors: ExecutorRegistry = {
  template: templateExecutor,
  command: commandExecutor,
  http: httpExecutor,
  llm: llmExecutor,
  mcp: mcpExecutor,
  module: moduleExecutor,
};

export { commandExecutor, templateExecutor };
export { httpExecutor, llmExecutor, mcpExecutor, moduleExecutor };
export { closeMcpClients, listMcpTools, type McpToolInfo } from './mcp.ts';
export { reloadModules, type ModuleContext } from './module.ts';
export { MAX_REPAIR_TURNS } from './llm.ts';
