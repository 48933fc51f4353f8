// Public face of src/mcp: amas as an MCP server (docs/mcp.md). May import core, spec, store (.dependency-cruiser.cjs).
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
export { createMcpServer, serveMcp, toolDescriptions, type AmasMcpServer } from './server.ts';
export { LineTransport, MAX_LINE_BYTES } from './transport.ts';
export { checkWorkflow, validateSpecSource, specText } from './validate.ts';
export { agentTaskWorkflow } from './agent-task.ts';
