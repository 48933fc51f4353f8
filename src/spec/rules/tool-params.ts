import type { Rule } from './base.ts';
import { agentToolCapabilities, loopCapabilities, type LoopCapability } from './loop-tools.ts';
import type { AgentEntry, CapabilitySpec, RuleContext } from './base.ts';
import type { PathSeg } from '../locate.ts';

/**
 * AMAS322: chat APIs take a tool's arguments as one JSON object, so a capability offered as a tool
 * needs an `input` schema of `type: object` (its parameters). A capability without `input` is a
 * tool without parameters (the loop offers an empty object schema and calls it with `{}`), which is
 * fine; one whose input is a string, an array, … could never be called with what the model sends.
 * Workflow tools take the workflow's `inputs` (always an object), MCP tools their server's object
 * schema, knowledge tools built-ins.
 */
export const toolParams: Rule = {
  name: 'tool-params',
  codes: ['AMAS322'],
  check(ctx) {
    for (const loop of loopCapabilities(ctx)) {
      loop.tools.forEach((t, i) => {
        const at: PathSeg[] = [...loop.llmPath, 'tools', i];
        if ('capability' in t) {
          const pinned = t.agent === undefined ? undefined : ctx.agentById.get(t.agent);
          const agents = pinned ? [pinned] : (ctx.providers.get(t.capability) ?? []);
          // one report per entry: the first agent whose capability has no object input
          for (const a of agents) {
            const cap = a.spec.capabilities[t.capability];
            if (cap && !objectInput(cap)) {
              report(ctx, loop, [...at, 'capability'], a, t.capability, cap);
              break;
            }
          }
        } else if ('agent' in t) {
          const agent = ctx.agentById.get(t.agent);
          if (!agent) return;
          for (const c of agentToolCapabilities(agent, t.capabilities)) {
            const cap = agent.spec.capabilities[c]!;
            if (objectInput(cap)) continue;
            const j = t.capabilities?.indexOf(c);
            report(ctx, loop, j === undefined ? [...at, 'agent'] : [...at, 'capabilities', j], agent, c, cap);
          }
        }
      });
    }
  },
};

/** `input` is absent (no parameters) or a schema whose top level is `type: object`. */
function objectInput(cap: CapabilitySpec): boolean {
  return cap.input === undefined || cap.input.type === 'object';
}

function report(ctx: RuleContext, loop: LoopCapability, path: PathSeg[], agent: AgentEntry, name: string, cap: CapabilitySpec): void {
  const type = cap.input?.type;
  const what = typeof type === 'string' ? `\`type: ${type}\`` : 'no `type: object`';
  ctx.at(loop.agent.file, path, 'AMAS322', `capability \`${name}\` of agent \`${agent.spec.id}\` cannot be a tool of \`${loop.name}\`: its \`input\` schema has ${what}, and a tool's arguments are an object`, {
    hint: `give \`${name}\` (${agent.file.rel}) \`input: { type: object, properties: { … } }\`, or no \`input\` for a tool without parameters`,
  });
}
