// Public face of src/mcp: amas as an MCP server (docs/mcp.md). May import core, spec, store (.dependency-cruiser.cjs).
import type { Readable, Writable } from 'node:stream';
import type { Logger } from '../core/index.ts';
import type { McpBackend } from './backend.ts';
import type { AmasMcpServer } from './server.ts';
export type {
  ApprovalAnswerInput,
  Catalog,
  CatalogEntry,
  DiagnosticView,
  DynamicOutcome,
  EventInput,
  McpBackend,
  RunStepView,
  RunSummary,
  RunView,
  SpecKind,
  ValidationReport,
} from './backend.ts';
export { FINAL_STATUSES } from './backend.ts';
export type { AmasMcpServer } from './server.ts';
export { checkWorkflow, validateSpecSource, specText } from './validate.ts';
export { agentTaskWorkflow } from './agent-task.ts';

// The MCP SDK and zod (about half a second of CPU to load) come in only when amas serves MCP:
// every CLI command that opens a project imports this folder through the runtime.

/** Builds amas's MCP server over `backend` (see ./server.ts). */
export async function createMcpServer(backend: McpBackend, opts: { logger: Logger }): Promise<AmasMcpServer> {
  return (await import('./server.ts')).createMcpServer(backend, opts);
}

/** Serves MCP on stdio until the client closes stdin (see ./server.ts). */
export async function serveMcp(backend: McpBackend, opts: { logger: Logger; input?: Readable; output?: Writable }): Promise<void> {
  return (await import('./server.ts')).serveMcp(backend, opts);
}
