import { meanSuffix } from '../../schema/index.ts';
import { listNames } from '../source.ts';
import { checked, type Rule } from './base.ts';

/** AMAS302/AMAS304: a pinned `agent:` exists and offers the step's `task`. */
export const stepAgent: Rule = {
  name: 'step-agent',
  codes: ['AMAS302', 'AMAS304'],
  check(ctx) {
    for (const wf of checked(ctx.workflows)) {
      wf.spec.steps.forEach((step, i) => {
        if (step.agent === undefined) return;
        const agent = ctx.agentById.get(step.agent);
        if (!agent) {
          if (ctx.looseAgentIds.has(step.agent)) return;
          ctx.at(wf.file, ['steps', i, 'agent'], 'AMAS302', `unknown agent \`${step.agent}\` in step \`${step.id}\`${meanSuffix(step.agent, ctx.agentById.keys())}`);
          return;
        }
        // Approval and sub-workflow steps have no capability; their own rules say what `agent` may mean there.
        if (step.task === undefined) return;
        const caps = Object.keys(agent.spec.capabilities);
        if (caps.includes(step.task)) return;
        const mean = meanSuffix(step.task, caps);
        const others = (ctx.providers.get(step.task) ?? []).map((a) => a.spec.id);
        const hint = others.length > 0 ? `${listNames(others, 'and')} offer${others.length === 1 ? 's' : ''} it; pin the step to ${others.length === 1 ? 'it' : 'one of them'} or remove \`agent\`` : `${step.agent} offers ${listNames(caps, 'and')}`;
        ctx.at(wf.file, ['steps', i, 'task'], 'AMAS304', `agent \`${step.agent}\` has no capability \`${step.task}\`${mean}`, { hint });
      });
    }
  },
};
