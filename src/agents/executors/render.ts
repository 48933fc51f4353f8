import { NonRetriableError } from '../../core/index.ts';
import { ExprError, render, toText, type Scope } from '../../expr/index.ts';
import type { ExecutorContext } from '../executor.ts';

/**
 * Renders `${{ }}` expressions inside an executor's spec value with the step's scope (input, env,
 * secrets, run). An expression that cannot be evaluated fails the same way every time: not retried.
 */
export function renderIn(value: unknown, ctx: Pick<ExecutorContext, 'scope'>, what = 'spec'): unknown {
  try {
    return render(value, ctx.scope as Scope);
  } catch (err) {
    if (err instanceof ExprError) {
      const where = err.path?.length ? `.${err.path.join('.')}` : '';
      throw new NonRetriableError(`${what}${where}: ${err.message}`, { cause: err });
    }
    throw err;
  }
}

/** Renders a value that must come out as text (URLs, header values, prompts). */
export function renderText(value: string, ctx: Pick<ExecutorContext, 'scope'>, what = 'spec'): string {
  return toText(renderIn(value, ctx, what));
}
