// The tools of an agent loop (`llm.tools`), as the model is offered them and as amas runs them:
// capability, agent and workflow entries are resolved and routed by the engine (the loop port);
// MCP tools run on the project's pooled MCP connections, knowledge tools on the knowledge base.
import {
  KNOWLEDGE_TOOL_NAMES,
  mcpToolName,
  NonRetriableError,
  type AgentLoopPort,
  type LlmTool,
  type LoopCallHow,
  type ToolKind,
} from '../../core/index.ts';
import type { ExecutorContext, KnowledgeAccess } from '../executor.ts';
import type { ChatTool } from './openai.ts';

/** One tool of the loop: what the model sees, and how a call with checked arguments runs. */
export interface LoopTool {
  def: ChatTool;
  kind: ToolKind;
  idempotent: boolean;
  /** No side effect, same result when run again (see RoutedTool.pure): may run while its turn is journaled. */
  pure: boolean;
  run(args: unknown): LoopCallHow;
}

const SEARCH_PARAMS = {
  type: 'object',
  required: ['query'],
  additionalProperties: false,
  properties: {
    query: { type: 'string', minLength: 1, description: 'Words to search for; every word must occur (word* matches a prefix).' },
    category: { type: 'string', description: 'Only entries of this category.' },
    limit: { type: 'integer', minimum: 1, maximum: 20, default: 5 },
  },
};

const STORE_PARAMS = {
  type: 'object',
  required: ['category', 'content'],
  additionalProperties: false,
  properties: {
    category: { type: 'string', minLength: 1, description: 'What kind of knowledge this is, e.g. audience_insight.' },
    content: { description: 'The knowledge itself: text or any JSON value.' },
  },
};

function fn(name: string, description: string, parameters: Record<string, unknown>): ChatTool {
  return { type: 'function', function: { name, description, parameters } };
}

function knowledgeOf(ctx: ExecutorContext): KnowledgeAccess {
  if (!ctx.knowledge) throw new Error('the knowledge base is not available to this task');
  return ctx.knowledge;
}

function knowledgeTools(ops: readonly ('search' | 'store')[], ctx: ExecutorContext): LoopTool[] {
  return [...new Set(ops)].map((op): LoopTool => {
    if (op === 'search') {
      return {
        def: fn(KNOWLEDGE_TOOL_NAMES.search, "Searches the project's knowledge base; returns the best matching entries.", SEARCH_PARAMS),
        kind: 'knowledge',
        idempotent: true,
        pure: false,
        run: (args) => ({
          local: async () => {
            const a = args as { query: string; category?: string; limit?: number };
            const kb = knowledgeOf(ctx);
            const q = { ...(a.category === undefined ? {} : { category: a.category }), limit: a.limit ?? 5 };
            return kb.search ? kb.search(a.query, q) : kb.retrieve(q);
          },
        }),
      };
    }
    return {
      def: fn(KNOWLEDGE_TOOL_NAMES.store, "Stores an entry in the project's knowledge base (an identical entry is kept once).", STORE_PARAMS),
      kind: 'knowledge',
      idempotent: true,
      pure: false,
      run: (args) => ({
        local: async () => {
          const a = args as { category: string; content: unknown };
          return knowledgeOf(ctx).store({ category: a.category, content: a.content, metadata: { run_id: ctx.runId, step: ctx.stepId } });
        },
      }),
    };
  });
}

async function mcpTools(entry: Extract<LlmTool, { mcp: unknown }>['mcp'], ctx: ExecutorContext, signal: AbortSignal, toError: (err: unknown) => unknown): Promise<LoopTool[]> {
  const server = typeof entry === 'string' ? entry : entry.server;
  const wanted = typeof entry === 'string' ? undefined : entry.tools;
  // The MCP SDK is loaded only by loops that use an MCP server.
  const { callMcpTool, mcpServerTools } = await import('./mcp.ts');
  const offered = await mcpServerTools(ctx, server, signal, toError);
  if (wanted) {
    const missing = wanted.filter((w) => !offered.some((t) => t.name === w));
    if (missing.length) throw new NonRetriableError(`llm tools: MCP server "${server}" offers no tool ${missing.map((m) => `"${m}"`).join(', ')} (it offers: ${offered.map((t) => t.name).join(', ') || 'none'})`);
  }
  return offered
    .filter((t) => !wanted || wanted.includes(t.name))
    .map((t) => {
      const schema = (t.inputSchema && typeof t.inputSchema === 'object' ? t.inputSchema : { type: 'object' }) as Record<string, unknown>;
      return {
        def: fn(mcpToolName(server, t.name), t.description ?? `${t.name} on MCP server ${server}`, schema),
        kind: 'mcp' as const,
        idempotent: true,
        pure: false,
        run: (args: unknown): LoopCallHow => ({ local: (sig) => callMcpTool(ctx, server, t.name, args, sig, (e) => e) }),
      };
    });
}

/** The loop's tools by model-facing name; throws NonRetriableError for what does not exist or clashes. */
export async function buildTools(tools: readonly LlmTool[], ctx: ExecutorContext, loop: AgentLoopPort, signal: AbortSignal, toError: (err: unknown) => unknown): Promise<Map<string, LoopTool>> {
  const out = new Map<string, LoopTool>();
  const add = (t: LoopTool) => {
    if (out.has(t.def.function.name)) throw new NonRetriableError(`llm tools: two tools are named "${t.def.function.name}" (rename one with as:)`);
    out.set(t.def.function.name, t);
  };
  for (const entry of tools) {
    if ('mcp' in entry) for (const t of await mcpTools(entry.mcp, ctx, signal, toError)) add(t);
    else if ('knowledge' in entry) for (const t of knowledgeTools(entry.knowledge, ctx)) add(t);
    else {
      for (const r of loop.resolve(entry)) {
        add({ def: fn(r.name, r.description, r.parameters), kind: r.kind, idempotent: r.idempotent, pure: r.pure, run: () => ({ route: r.route }) });
      }
    }
  }
  return out;
}
