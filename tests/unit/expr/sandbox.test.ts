import { describe, expect, it } from 'vitest';
import { evaluate, ExprError, findReferences, render, type Scope } from '../../../src/expr/index.ts';

const scope: Scope = {
  inputs: { topic: 'x', list: [1, 2], obj: { a: 1 } },
  env: { HOME: '/h' },
};

function rejects(expr: string, s: Scope = scope): ExprError {
  try {
    const v = evaluate(expr, s);
    throw new Error(`expected ${expr} to be refused, got ${String(v)}`);
  } catch (err) {
    expect(err).toBeInstanceOf(ExprError);
    return err as ExprError;
  }
}

describe('sandbox', () => {
  it('refuses the classic Function-constructor escape', () => {
    expect(rejects("constructor.constructor('return process')()").message).toMatch(/not methods/);
    expect(rejects("inputs.topic.constructor.constructor('return process')()").message).toMatch(/not methods/);
    expect(rejects("inputs['constructor']['constructor']").message).toBe("'constructor' is not accessible");
  });

  it('refuses prototype access by dot, by constant key and by computed key', () => {
    expect(rejects('inputs.__proto__').message).toBe("'__proto__' is not accessible");
    expect(rejects("inputs.obj['__pro' + 'to__']").message).toBe("'__proto__' is not accessible");
    expect(rejects('inputs.list.prototype').message).toBe("'prototype' is not accessible");
    expect(rejects('constructor').message).toMatch(/not accessible/);
  });

  it('reads only own properties: inherited methods are simply absent', () => {
    expect(evaluate('inputs.topic.toString', scope)).toBeUndefined();
    expect(evaluate('inputs.obj.hasOwnProperty', scope)).toBeUndefined();
    expect(evaluate('inputs.list.map', scope)).toBeUndefined();
    expect(evaluate('env.valueOf', scope)).toBeUndefined();
    expect(rejects('inputs.topic.toString()').message).toMatch(/not methods/);
  });

  it('does not read properties of non-plain objects', () => {
    const s: Scope = { inputs: { when: new Date(0), map: new Map([['a', 1]]), fn: () => 1 } };
    expect(evaluate('inputs.when.getTime', s)).toBeUndefined();
    expect(evaluate('inputs.map.size', s)).toBeUndefined();
    expect(rejects('inputs.fn', s).message).toMatch(/function cannot be used as a value/);
  });

  it('cannot call values from the scope that happen to be functions', () => {
    const s: Scope = { inputs: { fn: () => 'pwned' } };
    expect(rejects('fn()', s).message).toMatch(/unknown function 'fn'/);
    expect(rejects('inputs.fn()', s).message).toMatch(/not methods/);
  });

  it('findReferences flags blocked names and whole-secrets reads statically', () => {
    const { errors } = findReferences('${{ inputs.__proto__ }} ${{ toJSON(secrets) }} ${{ secrets[inputs.k] }}');
    expect(errors.map((e) => e.message)).toEqual([
      "'__proto__' is not accessible",
      'read secrets by name (secrets.NAME), never as a whole',
      'read secrets by name (secrets.NAME), not by a computed key',
    ]);
  });

  it('render never writes through a __proto__ key of the data', () => {
    const value = JSON.parse('{"__proto__": {"polluted": "${{ inputs.topic }}"}}') as unknown;
    const out = render(value, scope) as Record<string, unknown>;
    expect(Object.hasOwn(out, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });
});
