import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';
import type { KnowledgeEntry } from '../../store/index.ts';
import type { McpBackend } from '../backend.ts';
import { guard, ok } from '../result.ts';
import { anyJson, jsonObject, knowledgeEntry } from '../schemas.ts';

function view(e: KnowledgeEntry) {
  return {
    id: e.id,
    category: e.category,
    agent_id: e.agentId,
    content: e.content,
    metadata: e.metadata,
    confidence: e.confidence,
    source: e.source,
    created_at: e.createdAt,
    expires_at: e.expiresAt,
  };
}

const filters = {
  category: z.string().min(1).optional().describe('Only this category.'),
  agent_id: z.string().min(1).optional().describe('Only entries of this agent.'),
  min_confidence: z.number().min(0).max(1).optional().describe('Only entries at least this confident (0-1).'),
};

export function registerKnowledgeTools(server: McpServer, backend: McpBackend): void {
  server.registerTool(
    'store_knowledge',
    {
      title: 'Store knowledge',
      description:
        'Store an entry in the knowledge base. Identical content already stored in the same category is not stored twice (duplicate: true).',
      inputSchema: z.object({
        category: z.string().min(1).describe('Category, e.g. audience_insights.'),
        content: anyJson('Any JSON value.'),
        agent_id: z.string().min(1).optional().describe('The agent this knowledge belongs to.'),
        confidence: z.number().min(0).max(1).default(1).describe('How sure the writer is, 0-1 (default 1).'),
        metadata: jsonObject('Free-form metadata.').optional(),
        source: z.string().optional().describe('Where the knowledge came from, e.g. a URL or a tool name.'),
        ttl_seconds: z.number().positive().optional().describe('Expire after this many seconds.'),
      }),
      outputSchema: z.object({ id: z.string(), duplicate: z.boolean() }),
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    (a) =>
      guard(async () => {
        if (a.content === undefined) throw new Error('content is required (any JSON value)');
        const r = await backend.storeKnowledge({
          category: a.category,
          content: a.content,
          confidence: a.confidence,
          agentId: a.agent_id ?? null,
          source: a.source ?? 'mcp',
          ...(a.metadata ? { metadata: a.metadata } : {}),
          ...(a.ttl_seconds ? { ttlMs: a.ttl_seconds * 1000 } : {}),
        });
        return ok({ id: r.id, duplicate: r.duplicate });
      }),
  );

  server.registerTool(
    'retrieve_knowledge',
    {
      title: 'Retrieve knowledge',
      description: 'List knowledge entries, newest first, filtered by category and/or agent.',
      inputSchema: z.object({ ...filters, limit: z.number().int().min(1).max(1000).default(20).describe('At most this many entries, newest first (default 20).') }),
      outputSchema: z.object({ entries: z.array(knowledgeEntry), count: z.number() }),
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    (a) =>
      guard(async () => {
        const entries = await backend.retrieveKnowledge({
          limit: a.limit,
          ...(a.category ? { category: a.category } : {}),
          ...(a.agent_id ? { agentId: a.agent_id } : {}),
          ...(a.min_confidence !== undefined ? { minConfidence: a.min_confidence } : {}),
        });
        return ok({ entries: entries.map(view), count: entries.length });
      }),
  );

  server.registerTool(
    'search_knowledge',
    {
      title: 'Search knowledge',
      description: 'Full-text search of the knowledge base (BM25 ranking); each hit has a snippet with the matches in [brackets].',
      inputSchema: z.object({
        query: z.string().min(1).describe('Words to look for.'),
        ...filters,
        limit: z.number().int().min(1).max(200).default(10).describe('At most this many hits, best first (default 10).'),
        include_bookkeeping: z
          .boolean()
          .default(false)
          .describe('Also search the entries amas writes per step and run (task_execution, workflow_execution); naming one as the category does too.'),
      }),
      outputSchema: z.object({ hits: z.array(z.object({ entry: knowledgeEntry, score: z.number(), snippet: z.string() })) }),
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    (a) =>
      guard(async () => {
        const hits = await backend.searchKnowledge(a.query, {
          limit: a.limit,
          ...(a.category ? { category: a.category } : {}),
          ...(a.agent_id ? { agentId: a.agent_id } : {}),
          ...(a.min_confidence !== undefined ? { minConfidence: a.min_confidence } : {}),
          ...(a.include_bookkeeping ? { includeBookkeeping: true } : {}),
        });
        return ok({ hits: hits.map((h) => ({ entry: view(h.entry), score: h.score, snippet: h.snippet })) });
      }),
  );
}
