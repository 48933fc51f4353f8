import { meanSuffix } from '../../schema/index.ts';
import { checked, writtenStepIds, type Rule } from './base.ts';

/** AMAS306: every name in `needs` is a step of the same workflow. */
export const needsUnknown: Rule = {
  name: 'needs-unknown',
  codes: ['AMAS306'],
  check(ctx) {
    for (const wf of checked(ctx.workflows)) {
      const ids = wf.spec.steps.map((s) => s.id);
      // A step dropped from a partial spec for a schema error is still a step (no cascade).
      const written = writtenStepIds(wf.file);

      wf.spec.steps.forEach((step, i) => {
        (step.needs ?? []).forEach((need, j) => {
          if (ids.includes(need) || written.has(need)) return;
          ctx.at(wf.file, ['steps', i, 'needs', j], 'AMAS306', `step \`${step.id}\` needs unknown step \`${need}\`${meanSuffix(need, [...new Set([...ids, ...written])].filter((x) => x !== step.id))}`);
        });
      });
    }
  },
};

