// The names a model sees for the tools of an agent loop (`llm.tools`). Validation (duplicate
// names, unknown tools) and the loop itself must agree on them, so they are made in one place.
import type { LlmTool } from './spec-types.generated.ts';

/** What chat APIs accept as a function name. */
export const TOOL_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** The names of the built-in knowledge-base tools. */
export const KNOWLEDGE_TOOL_NAMES = { search: 'knowledge_search', store: 'knowledge_store' } as const;

/** A name cut to what chat APIs accept: other characters become `_`, at most 64 long. */
export function toolSafeName(raw: string): string {
  const n = raw.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
  return n === '' ? '_' : n;
}

/** An MCP server's tool as the model sees it: `<server>_<tool>`. */
export function mcpToolName(server: string, tool: string): string {
  return toolSafeName(`${server}_${tool}`);
}

/**
 * The model-facing name of a tool entry that names exactly one tool (capability, workflow);
 * undefined for entries that expand to several (agent, mcp, knowledge), whose names come from
 * what they expand to: an agent's capability names, `mcpToolName`, `KNOWLEDGE_TOOL_NAMES`.
 */
export function singleToolName(tool: LlmTool): string | undefined {
  if ('capability' in tool) return tool.as ?? toolSafeName(tool.capability);
  if ('workflow' in tool) return tool.as ?? toolSafeName(tool.workflow);
  return undefined;
}
