import { describe, expect, it } from 'vitest';
import { jsonRpcIdOf, jsonTextDepth, jsonTextTooDeep } from '../../../src/core/index.ts';

describe('jsonTextDepth', () => {
  it('counts arrays and objects, not brackets inside strings', () => {
    expect(jsonTextDepth('1')).toBe(0);
    expect(jsonTextDepth('{"a":[1,{"b":2}]}')).toBe(3);
    expect(jsonTextDepth('{"a":"[[[[{{{{","b":"\\"[[["}')).toBe(1);
    expect(jsonTextDepth('["\\\\",[[]]]')).toBe(3);
  });

  it('stops as soon as the limit is passed, on 200,000 levels too', () => {
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    expect(jsonTextDepth(deep, 64)).toBe(65);
    expect(jsonTextTooDeep(deep, 64)).toBe(true);
    expect(jsonTextTooDeep('[[[]]]', 3)).toBe(false);
    expect(jsonTextTooDeep('[[[[]]]]', 3)).toBe(true);
  });
});

describe('jsonRpcIdOf', () => {
  it('reads the top-level id wherever it is, ignoring nested ones', () => {
    expect(jsonRpcIdOf('{"jsonrpc":"2.0","id":7,"method":"x"}')).toBe(7);
    expect(jsonRpcIdOf('{"method":"x","params":{"id":1,"a":[{"id":2}]},"id":"r-9"}')).toBe('r-9');
    expect(jsonRpcIdOf(`{"params":${'['.repeat(1000)}${']'.repeat(1000)},"id":42}`)).toBe(42);
    expect(jsonRpcIdOf('{"params":{"id":3}}')).toBeNull();
    expect(jsonRpcIdOf('{"x":"\\"id\\":5"}')).toBeNull();
    expect(jsonRpcIdOf('[1,2]')).toBeNull();
  });
});
