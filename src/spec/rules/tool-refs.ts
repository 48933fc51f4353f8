import { meanSuffix } from '../../schema/index.ts';
import type { Rule } from './base.ts';
import { loopCapabilities } from './loop-tools.ts';

/**
 * AMAS318/319: every tool of an agent loop names something the project has — a capability some
 * agent offers, an agent, an MCP server of amas.yaml, a workflow — and a pinned or narrowed agent
 * really has the capabilities named.
 */
export const toolRefs: Rule = {
  name: 'tool-refs',
  codes: ['AMAS318', 'AMAS319'],
  check(ctx) {
    const servers = Object.keys(ctx.project.mcp_servers ?? {});
    const workflows = new Set(ctx.workflows.map((w) => w.spec.id));
    const agentKnown = (id: string) => ctx.agentById.has(id) || ctx.looseAgentIds.has(id);
    for (const loop of loopCapabilities(ctx)) {
      const file = loop.agent.file;
      const of = `in the tools of capability \`${loop.name}\``;
      loop.tools.forEach((t, i) => {
        const at = [...loop.llmPath, 'tools', i];
        if ('capability' in t) {
          const known = ctx.providers.has(t.capability) || ctx.looseCapabilities.has(t.capability);
          if (!known) {
            ctx.at(file, [...at, 'capability'], 'AMAS318', `unknown capability \`${t.capability}\` ${of}${meanSuffix(t.capability, ctx.providers.keys())}`, {
              hint: 'a capability tool names a capability some agent under agents.d/ offers',
            });
          }
          if (t.agent === undefined) return;
          const pinned = ctx.agentById.get(t.agent);
          if (!pinned) {
            if (!agentKnown(t.agent)) ctx.at(file, [...at, 'agent'], 'AMAS318', `unknown agent \`${t.agent}\` ${of}${meanSuffix(t.agent, ctx.agentById.keys())}`);
            return;
          }
          if (known && !Object.hasOwn(pinned.spec.capabilities, t.capability)) {
            const others = (ctx.providers.get(t.capability) ?? []).map((a) => `\`${a.spec.id}\``);
            ctx.at(file, [...at, 'agent'], 'AMAS319', `agent \`${t.agent}\` has no capability \`${t.capability}\` (pinned ${of})`, {
              hint: others.length > 0 ? `${others.join(', ')} offers it; pin the tool to it or remove \`agent\`` : undefined,
            });
          }
        } else if ('agent' in t) {
          const agent = ctx.agentById.get(t.agent);
          if (!agent) {
            if (!agentKnown(t.agent)) ctx.at(file, [...at, 'agent'], 'AMAS318', `unknown agent \`${t.agent}\` ${of}${meanSuffix(t.agent, ctx.agentById.keys())}`);
            return;
          }
          const own = Object.keys(agent.spec.capabilities);
          t.capabilities?.forEach((c, j) => {
            if (Object.hasOwn(agent.spec.capabilities, c)) return;
            ctx.at(file, [...at, 'capabilities', j], 'AMAS319', `agent \`${t.agent}\` has no capability \`${c}\` (delegated ${of})${meanSuffix(c, own)}`, {
              hint: `\`${t.agent}\` offers ${own.map((n) => `\`${n}\``).join(', ')}`,
            });
          });
        } else if ('mcp' in t) {
          const server = typeof t.mcp === 'string' ? t.mcp : t.mcp.server;
          if (servers.includes(server)) return;
          const path = typeof t.mcp === 'string' ? [...at, 'mcp'] : [...at, 'mcp', 'server'];
          ctx.at(file, path, 'AMAS318', `unknown MCP server \`${server}\` ${of}${meanSuffix(server, servers)}`, {
            hint: servers.length === 0 ? 'amas.yaml declares no mcp_servers' : `amas.yaml declares ${servers.join(', ')}`,
          });
        } else if ('workflow' in t) {
          if (workflows.has(t.workflow)) return;
          ctx.at(file, [...at, 'workflow'], 'AMAS318', `unknown workflow \`${t.workflow}\` ${of}${meanSuffix(t.workflow, workflows)}`, {
            hint: workflows.size === 0 ? 'the project has no workflows under workflows.d/' : undefined,
          });
        }
      });
    }
  },
};
