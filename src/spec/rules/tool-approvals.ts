import { meanSuffix } from '../../schema/index.ts';
import { checked, type Rule, type RuleContext } from './base.ts';
import { loopCapabilities, type LoopCapability } from './loop-tools.ts';
import type { PathSeg } from '../locate.ts';

const OPEN = '${{';

/** The input properties of the capability a tool entry calls (undefined: unknown or open). */
function toolProperties(ctx: RuleContext, t: { capability: string; agent?: string | undefined }): string[] | undefined {
  const pinned = t.agent === undefined ? undefined : ctx.agentById.get(t.agent);
  const agents = pinned ? [pinned] : (ctx.providers.get(t.capability) ?? []);
  const props = (agents[0]?.spec.capabilities[t.capability]?.input as { properties?: Record<string, unknown> } | undefined)?.properties;
  return props ? Object.keys(props) : undefined;
}

/** AMAS343–345: one tool entry's `approval.when`. */
function checkWhen(ctx: RuleContext, loop: LoopCapability, i: number, t: { capability: string; agent?: string | undefined }, when: string): void {
  const path: PathSeg[] = [...loop.llmPath, 'tools', i, 'approval', 'when'];
  if (!when.includes(OPEN)) {
    ctx.at(loop.agent.file, path, 'AMAS343', `\`approval.when\` of tool \`${t.capability}\` holds no \`\${{ … }}\` expression, so it is always true`, {
      hint: 'write the condition as an expression over the call\'s arguments, e.g. "${{ args.amount > 100 }}", or use `approval: required`',
    });
    return;
  }
  const { errors, refs } = ctx.refs(when);
  for (const e of errors) ctx.inValue(loop.agent.file, path, when, e.offset, e.length, 'AMAS401', e.message);
  const props = toolProperties(ctx, t);
  for (const ref of refs) {
    if (ref.root !== 'args') {
      ctx.inValue(loop.agent.file, path, when, ref.offset, ref.root.length, 'AMAS344', `\`${ref.root}\` is not in scope in \`approval.when\`: it is evaluated on the tool call's arguments alone, as \`args\``, {
        hint: `read the call's arguments as args.<name>${props?.length ? ` (${props.join(', ')})` : ''}`,
      });
      continue;
    }
    const first = ref.path[0];
    if (first !== undefined && props && !props.includes(String(first))) {
      ctx.inValue(loop.agent.file, path, when, ref.offset, ref.length, 'AMAS345', `\`args.${String(first)}\` is not a parameter of tool \`${t.capability}\`${meanSuffix(String(first), props)}`, {
        hint: `its parameters (the capability's input properties) are: ${props.join(', ')}`,
      });
    }
  }
}

/**
 * AMAS343–345: a tool's `approval.when` is an expression over the call's arguments (`args`) only,
 * naming parameters the tool has. AMAS346: an agent loop whose tools wait for approval cannot run
 * as a `for_each` item or a `repeat` iteration (each of those ends with its attempt).
 */
export const toolApprovals: Rule = {
  name: 'tool-approvals',
  codes: ['AMAS343', 'AMAS344', 'AMAS345', 'AMAS346'],
  check(ctx) {
    const gated = new Set<string>();
    for (const loop of loopCapabilities(ctx)) {
      loop.tools.forEach((t, i) => {
        if (!('capability' in t) || t.approval === undefined) return;
        gated.add(loop.name);
        if (typeof t.approval === 'object') checkWhen(ctx, loop, i, t, t.approval.when);
      });
    }
    if (gated.size === 0) return;
    for (const wf of checked(ctx.workflows)) {
      wf.spec.steps.forEach((step, i) => {
        if (step.task === undefined || !gated.has(step.task)) return;
        const flow = step.for_each !== undefined ? 'for_each' : step.repeat !== undefined ? 'repeat' : undefined;
        if (!flow) return;
        ctx.at(wf.file, ['steps', i, flow], 'AMAS346', `step \`${step.id}\` runs \`${step.task}\` with \`${flow}\`, but its agent loop has tools that wait for approval, which ${flow === 'for_each' ? 'an item' : 'an iteration'} cannot do`, {
          target: 'key',
          hint: 'run the agent loop in a step of its own, or move the approval to an approval step around it',
        });
      });
    }
  },
};
