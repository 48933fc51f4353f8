import { NonRetriableError } from '../../core/index.ts';
import { ExprError, render } from '../../expr/index.ts';
import type { Scope } from '../../expr/index.ts';
import type { Executor } from '../executor.ts';

/**
 * `template: <any value>` — the rendering of the value is the output; no I/O. An expression that
 * cannot be evaluated fails the same way every time, so it is not retried.
 */
export const templateExecutor: Executor<'template'> = (spec, _input, ctx) => {
  try {
    return Promise.resolve(render(spec, ctx.scope as Scope));
  } catch (err) {
    if (err instanceof ExprError) {
      const where = err.path?.length ? ` at ${err.path.join('.')}` : '';
      return Promise.reject(new NonRetriableError(`template${where}: ${err.message}`, { cause: err }));
    }
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
};
