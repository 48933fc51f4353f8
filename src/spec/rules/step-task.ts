import { meanSuffix } from '../../schema/index.ts';
import { checked, type Rule } from './base.ts';

/** AMAS303: a step's `task` is a capability some agent offers (pinned steps are step-agent's). */
export const stepTask: Rule = {
  name: 'step-task',
  codes: ['AMAS303'],
  check(ctx) {
    for (const wf of checked(ctx.workflows)) {
      wf.spec.steps.forEach((step, i) => {
        if (step.agent !== undefined || step.task === undefined) return;
        if (ctx.providers.has(step.task) || ctx.looseCapabilities.has(step.task)) return;
        const hint = ctx.providers.size === 0 ? 'no agent declares any capability yet; add one under agents.d/' : undefined;
        ctx.at(wf.file, ['steps', i, 'task'], 'AMAS303', `no agent has capability \`${step.task}\` (step \`${step.id}\`)${meanSuffix(step.task, ctx.providers.keys())}`, { hint });
      });
    }
  },
};
