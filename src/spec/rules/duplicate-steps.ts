import { checked, type Rule } from './base.ts';

/** AMAS305: step ids are unique within a workflow. */
export const duplicateSteps: Rule = {
  name: 'duplicate-steps',
  codes: ['AMAS305'],
  check(ctx) {
    for (const wf of checked(ctx.workflows)) {
      const seen = new Map<string, number>();
      wf.spec.steps.forEach((step, i) => {
        const prev = seen.get(step.id);
        if (prev === undefined) seen.set(step.id, i);
        else ctx.at(wf.file, ['steps', i, 'id'], 'AMAS305', `step id \`${step.id}\` is already used by step #${prev + 1} of workflow \`${wf.spec.id}\``);
      });
    }
  },
};
