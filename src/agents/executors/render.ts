import type { ExecutorContext } from '../executor.ts';

/** Renders `${{ }}` expressions inside an executor's spec value with the step's scope (input, env, secrets, run). */
export function renderIn(value: unknown, ctx: Pick<ExecutorContext, 'scope'>): unknown {
  void ctx; // PENDING src/expr render(): replaced by `return render(value, ctx.scope)` when it lands.
  return value;
}

/** Renders a value that must come out as text (URLs, header values, prompts). */
export function renderText(value: string, ctx: Pick<ExecutorContext, 'scope'>): string {
  const out = renderIn(value, ctx);
  if (out === undefined || out === null) return '';
  return typeof out === 'string' ? out : JSON.stringify(out);
}
