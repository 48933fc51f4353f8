import { checked, type Rule } from './base.ts';

const ALWAYS_FALSE = /^\s*(?:\$\{\{\s*false\s*\}\}|false)\s*$/;

/**
 * AMAS313 (warning): a step whose condition is the literal `false` never runs, and neither do the
 * steps that need it (a skipped step skips its dependents) unless they have a condition of their own.
 */
export const unreachable: Rule = {
  name: 'unreachable',
  codes: ['AMAS313'],
  check(ctx) {
    for (const wf of checked(ctx.workflows)) {
      const steps = wf.spec.steps;
      const dead = new Map<string, string>();
      steps.forEach((s, i) => {
        if (typeof s.if === 'string' && ALWAYS_FALSE.test(s.if)) {
          dead.set(s.id, s.id);
          ctx.at(wf.file, ['steps', i, 'if'], 'AMAS313', `step \`${s.id}\` never runs: its condition is always false`);
        }
      });
      // Propagate in rounds; bounded by the number of steps, so cycles cannot loop.
      for (let round = 0, changed = true; changed && round < steps.length; round++) {
        changed = false;
        steps.forEach((s, i) => {
          if (dead.has(s.id) || s.if !== undefined) return;
          const j = (s.needs ?? []).findIndex((n) => dead.has(n));
          if (j < 0) return;
          const need = s.needs![j]!;
          dead.set(s.id, need);
          changed = true;
          ctx.at(wf.file, ['steps', i, 'needs', j], 'AMAS313', `step \`${s.id}\` never runs: it needs \`${need}\`, which never runs`);
        });
      }
    }
  },
};
