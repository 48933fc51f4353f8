import { meanSuffix } from '../../schema/index.ts';
import { checked, type Rule } from './base.ts';

/** AMAS306: every name in `needs` is a step of the same workflow. */
export const needsUnknown: Rule = {
  name: 'needs-unknown',
  codes: ['AMAS306'],
  check(ctx) {
    for (const wf of checked(ctx.workflows)) {
      const ids = wf.spec.steps.map((s) => s.id);
      wf.spec.steps.forEach((step, i) => {
        (step.needs ?? []).forEach((need, j) => {
          if (ids.includes(need)) return;
          ctx.at(wf.file, ['steps', i, 'needs', j], 'AMAS306', `step \`${step.id}\` needs unknown step \`${need}\`${meanSuffix(need, ids.filter((x) => x !== step.id))}`);
        });
      });
    }
  },
};
