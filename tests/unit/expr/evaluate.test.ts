import { describe, expect, it } from 'vitest';
import { evaluate, ExprError, type Scope } from '../../../src/expr/index.ts';

const scope: Scope = {
  inputs: { topic: 'AI agents', count: 3, tags: ['a', 'b'], empty: '' },
  steps: {
    draft: { output: { title: 'Hello', word_count: 420, meta: { lang: 'en' } }, status: 'succeeded' },
    'fetch-data': { output: { rows: [{ id: 1 }, { id: 2 }] }, status: 'succeeded' },
  },
  env: { HOME: '/home/u' },
  run: { id: 'r1', workflow: 'publish-post', attempt: 2 },
};

function evalError(expr: string, s: Scope = scope): { message: string; at: string } {
  try {
    evaluate(expr, s);
  } catch (err) {
    expect(err).toBeInstanceOf(ExprError);
    const e = err as ExprError;
    return { message: e.message, at: expr.slice(e.offset, e.offset + e.length) };
  }
  throw new Error(`expected ${expr} to fail`);
}

describe('evaluate', () => {
  it('reads static and constant-key member paths', () => {
    expect(evaluate('steps.draft.output.title', scope)).toBe('Hello');
    expect(evaluate("steps['fetch-data'].output.rows[1].id", scope)).toBe(2);
    expect(evaluate('steps.fetch-data.output.rows.length', scope)).toBe(2);
    expect(evaluate('inputs.tags[inputs.count - 3]', scope)).toBe('a');
    expect(evaluate('run.attempt', scope)).toBe(2);
  });

  it('is null-safe: missing properties and roots absent from the scope are undefined', () => {
    expect(evaluate('steps.nope.output.title', scope)).toBeUndefined();
    expect(evaluate('inputs.tags[9]', scope)).toBeUndefined();
    expect(evaluate('input.x', scope)).toBeUndefined();
    expect(evaluate('steps?.draft?.output?.title', scope)).toBe('Hello');
  });

  it('reports an unknown root with the nearest known one', () => {
    expect(evalError('inptus.topic')).toMatchObject({ at: 'inptus', message: expect.stringContaining("did you mean 'inputs'") });
  });

  it('computes comparisons, logic, ternaries and ??', () => {
    expect(evaluate('steps.draft.output.word_count > 300', scope)).toBe(true);
    expect(evaluate("steps.draft.status == 'succeeded' && inputs.count >= 3", scope)).toBe(true);
    expect(evaluate('inputs.empty || "fallback"', scope)).toBe('fallback');
    expect(evaluate('inputs.empty ?? "fallback"', scope)).toBe('');
    expect(evaluate('inputs.missing ?? "fallback"', scope)).toBe('fallback');
    expect(evaluate("inputs.count > 2 ? 'many' : 'few'", scope)).toBe('many');
    expect(evaluate('!inputs.empty', scope)).toBe(true);
    expect(evaluate('"b" < "c"', scope)).toBe(true);
  });

  it('compares structurally and treats null and missing as equal', () => {
    expect(evaluate("inputs.tags == ['a', 'b']", scope)).toBe(true);
    expect(evaluate('steps.draft.output.meta == steps.draft.output.meta', scope)).toBe(true);
    expect(evaluate('inputs.missing == null', scope)).toBe(true);
    expect(evaluate("inputs.count != '3'", scope)).toBe(true);
  });

  it('does arithmetic on numbers and concatenation with strings', () => {
    expect(evaluate('inputs.count * 2 + 1', scope)).toBe(7);
    expect(evaluate('inputs.count % 2', scope)).toBe(1);
    expect(evaluate('-inputs.count', scope)).toBe(-3);
    expect(evaluate("'n=' + inputs.count", scope)).toBe('n=3');
  });

  it('gives clear errors for type mismatches, located at the operation', () => {
    expect(evalError('inputs.topic * 2')).toMatchObject({ at: 'inputs.topic * 2', message: "'*' needs two numbers, got string and number" });
    expect(evalError('inputs.count > "2"').message).toBe("cannot compare number with string using '>'");
    expect(evalError('inputs.missing > 300').message).toMatch(/cannot compare undefined with number/);
    expect(evalError('inputs.count / 0').message).toBe('division by zero');
    expect(evalError('inputs.count + inputs.tags').message).toMatch(/'\+' needs two numbers or a string/);
    expect(evalError('-inputs.topic').message).toMatch(/needs a number/);
  });

  it('calls the built-in functions', () => {
    expect(evaluate("contains(inputs.topic, 'agent')", scope)).toBe(true);
    expect(evaluate("contains(inputs.tags, 'b')", scope)).toBe(true);
    expect(evaluate("startsWith(inputs.topic, 'AI')", scope)).toBe(true);
    expect(evaluate("endsWith(inputs.topic, 'x')", scope)).toBe(false);
    expect(evaluate("join(inputs.tags, ', ')", scope)).toBe('a, b');
    expect(evaluate("split('a,b', ',')", scope)).toEqual(['a', 'b']);
    expect(evaluate('lower(inputs.topic) + upper("x") + trim("  y ")', scope)).toBe('ai agentsXy');
    expect(evaluate('len(inputs.tags) + len(inputs.topic) + len(steps.draft.output)', scope)).toBe(14);
    expect(evaluate('toJSON(steps.draft.output.meta)', scope)).toBe('{"lang":"en"}');
    expect(evaluate('fromJSON(\'{"a":[1]}\').a[0]', scope)).toBe(1);
    expect(evaluate("format('{0} #{1} {{x}}', inputs.topic, run.attempt)", scope)).toBe('AI agents #2 {x}');
    expect(evaluate("default(inputs.missing, 'd')", scope)).toBe('d');
    expect(evaluate('coalesce(inputs.missing, null, 5)', scope)).toBe(5);
    expect(evaluate("number('42') + 1", scope)).toBe(43);
    expect(evaluate('string(42)', scope)).toBe('42');
    expect(evaluate('keys(steps.draft.output.meta)', scope)).toEqual(['lang']);
    expect(evaluate('round(2.345, 2) + min(3, 1) + max(1, 2)', scope)).toBeCloseTo(5.35);
  });

  it('locates function misuse at the call and unknown functions at the name', () => {
    expect(evalError("contans(inputs.topic, 'x')")).toMatchObject({ at: 'contans', message: expect.stringContaining("did you mean 'contains'") });
    expect(evalError('lower(inputs.count)')).toMatchObject({ at: 'lower(inputs.count)', message: 'lower() expects a string as argument 1, got number' });
    expect(evalError('lower()').message).toBe('lower() takes 1 argument, got 0');
    expect(evalError("fromJSON('{bad')").message).toMatch(/^fromJSON\(\):/);
    expect(evalError("format('{1}', 'a')").message).toMatch(/has no value/);
  });

  it('calls knowledge(category, limit) through the scope only', () => {
    const calls: unknown[][] = [];
    const s: Scope = { knowledge: (category, limit) => (calls.push([category, limit]), [{ category }]) };
    expect(evaluate("knowledge('leads', 2)[0].category", s)).toBe('leads');
    expect(calls).toEqual([['leads', 2]]);
    expect(evalError("knowledge('leads')", {}).message).toBe('knowledge() is not available here');
    expect(evalError('knowledge(1)', s).message).toMatch(/category string/);
    expect(evalError("knowledge('x', 0)", s).message).toMatch(/positive integer/);
    expect(evalError('knowledge', s).message).toMatch(/is a function/);
  });
});
