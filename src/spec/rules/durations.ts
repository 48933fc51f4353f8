import { parseDuration } from '../../core/index.ts';
import type { PathSeg } from '../locate.ts';
import type { SourceFile } from '../source.ts';
import { checked, type Rule, type RuleContext } from './base.ts';

function zero(ctx: RuleContext, file: SourceFile, value: string | undefined, path: PathSeg[], what: string): void {
  if (value === undefined) return;
  let ms: number;
  try {
    ms = parseDuration(value);
  } catch {
    return; // the schema reported it
  }
  if (ms === 0) ctx.at(file, path, 'AMAS204', `${what} of \`${value}\` would end every attempt at once`, { hint: 'give a duration above zero, or leave the key out for the default' });
}

/** AMAS204: timeouts and wall budgets are above zero (their syntax is the schema's job). */
export const durations: Rule = {
  name: 'durations',
  codes: ['AMAS204'],
  check(ctx) {
    if (ctx.projectFile) zero(ctx, ctx.projectFile, ctx.project.runtime?.default_timeout, ['runtime', 'default_timeout'], '`default_timeout`');
    for (const a of checked(ctx.agents)) {
      for (const [name, cap] of Object.entries(a.spec.capabilities)) zero(ctx, a.file, cap.timeout, ['capabilities', name, 'timeout'], 'a timeout');
    }
    for (const w of checked(ctx.workflows)) {
      zero(ctx, w.file, w.spec.timeout, ['timeout'], 'a timeout');
      zero(ctx, w.file, w.spec.budget?.wall, ['budget', 'wall'], 'a wall budget');
      w.spec.steps.forEach((s, i) => zero(ctx, w.file, s.timeout, ['steps', i, 'timeout'], 'a timeout'));
    }
  },
};
