import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { AmasError, errorMessage } from '../core/index.ts';

/** A successful tool result: the data as structured content and, for older clients, as JSON text. */
export function ok(data: Record<string, unknown>, text?: string): CallToolResult {
  return { content: [{ type: 'text', text: text ?? JSON.stringify(data, null, 2) }], structuredContent: data };
}

/** A tool error the model can read and act on: what went wrong, and the hint when there is one. */
export function fail(message: string, data?: Record<string, unknown>): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: message }], ...(data ? { structuredContent: data } : {}) };
}

/** Hints worded for an MCP client, for errors the engine raises without one (it serves every face). */
const MCP_HINTS: Readonly<Record<string, string>> = {
  AMAS_INPUT: 'pass the workflow inputs as an object in the tool\'s "parameters" argument, e.g. {"name": "value"}',
};

export function errorText(err: unknown): string {
  if (err instanceof AmasError) {
    const hint = err.hint ?? MCP_HINTS[err.code];
    return `${err.code}: ${err.message}${hint ? ` (hint: ${hint})` : ''}`;
  }
  return errorMessage(err);
}

/** Runs a tool body; any throw becomes an error result rather than a JSON-RPC failure. */
export async function guard(body: () => Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    return await body();
  } catch (err) {
    return fail(errorText(err));
  }
}
