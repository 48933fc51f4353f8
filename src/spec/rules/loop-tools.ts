// What the agent-loop rules share: the capabilities whose `llm` has `tools:` (agent loops), what
// kind each tool entry is, and the model-facing names a tool list expands to. Names come from
// src/core/tool-names.ts, the same functions the loop uses, so validation and runtime agree.
import { KNOWLEDGE_TOOL_NAMES, mcpToolName, singleToolName, toolSafeName, type LlmTool } from '../../core/index.ts';
import type { PathSeg } from '../locate.ts';
import { checked, type AgentEntry, type CapabilitySpec, type RuleContext } from './base.ts';

/** One `llm` capability with `tools:`. */
export interface LoopCapability {
  agent: AgentEntry;
  name: string;
  cap: CapabilitySpec;
  tools: readonly LlmTool[];
  /** The path of the `llm` mapping in the agent's file. */
  llmPath: PathSeg[];
}

export type ToolKind = 'capability' | 'agent' | 'mcp' | 'workflow' | 'knowledge';

/** A tool entry's kind; `capability` first, since a capability tool may also carry `agent:` (its pin). */
export function toolKind(t: LlmTool): ToolKind {
  if ('capability' in t) return 'capability';
  if ('agent' in t) return 'agent';
  if ('mcp' in t) return 'mcp';
  if ('workflow' in t) return 'workflow';
  return 'knowledge';
}

/** Every agent loop of the checked agents (or of all agents, for the delegation graph). */
export function loopCapabilities(ctx: RuleContext, all = false): LoopCapability[] {
  const out: LoopCapability[] = [];
  for (const agent of all ? ctx.agents : checked(ctx.agents)) {
    for (const [name, cap] of Object.entries(agent.spec.capabilities)) {
      const tools = cap.run.llm?.tools;
      if (tools) out.push({ agent, name, cap, tools, llmPath: ['capabilities', name, 'run', 'llm'] });
    }
  }
  return out;
}

/** The capability names an agent tool offers: those listed under `capabilities:` that the agent has, else all. */
export function agentToolCapabilities(agent: AgentEntry, listed: readonly string[] | undefined): string[] {
  const own = agent.spec.capabilities;
  return listed ? listed.filter((c) => Object.hasOwn(own, c)) : Object.keys(own);
}

/** One tool as the model will see it, and where its name comes from in the file. */
export interface NamedTool {
  /** The model-facing name. */
  name: string;
  /**
   * The part of the name the project chose, as written (a capability or workflow name, `as:`, the
   * server of `<server>_<tool>`: an MCP tool's own name is the server's, and the loop makes it safe).
   */
  own: string;
  /** Index in the `tools` list. */
  index: number;
  /** Where to point at the name (relative to the file). */
  path: PathSeg[];
  /** What the name stands for, for messages: "capability `x`", "agent `w`'s `x`", … */
  origin: string;
}

/**
 * The names one `tools` list gives the model. An `mcp: <server>` entry (every tool of a server) has
 * names only the running server knows, so it expands to nothing here; unknown agents likewise.
 */
export function toolNames(ctx: RuleContext, loop: LoopCapability): NamedTool[] {
  const out: NamedTool[] = [];
  loop.tools.forEach((t, i) => {
    const at = [...loop.llmPath, 'tools', i];
    if ('capability' in t || 'workflow' in t) {
      const [kind, target] = 'capability' in t ? (['capability', t.capability] as const) : (['workflow', t.workflow] as const);
      const name = singleToolName(t)!;
      out.push({ name, own: t.as ?? target, index: i, path: [...at, t.as !== undefined ? 'as' : kind], origin: `${kind} \`${target}\`` });
    } else if ('agent' in t) {
      const agent = ctx.agentById.get(t.agent);
      if (!agent) return;
      for (const c of agentToolCapabilities(agent, t.capabilities)) {
        const j = t.capabilities?.indexOf(c);
        out.push({ name: toolSafeName(c), own: c, index: i, path: j === undefined ? [...at, 'agent'] : [...at, 'capabilities', j], origin: `agent \`${t.agent}\`'s \`${c}\`` });
      }
    } else if ('mcp' in t) {
      const m = t.mcp;
      if (typeof m === 'string' || !m.tools) return;
      m.tools.forEach((tool, j) => {
        out.push({ name: mcpToolName(m.server, tool), own: m.server, index: i, path: [...at, 'mcp', 'tools', j], origin: `MCP server \`${m.server}\`'s \`${tool}\`` });
      });
    } else {
      t.knowledge.forEach((op, j) => {
        const name = KNOWLEDGE_TOOL_NAMES[op];
        out.push({ name, own: name, index: i, path: [...at, 'knowledge', j], origin: `knowledge \`${op}\`` });
      });
    }
  });
  return out;
}
