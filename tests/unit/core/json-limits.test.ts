import { describe, expect, it } from 'vitest';
import { checkJsonLimits, DEFAULT_JSON_LIMITS } from '../../../src/core/index.ts';

function nested(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

describe('checkJsonLimits', () => {
  it('accepts ordinary data and counts depth by containers', () => {
    expect(checkJsonLimits({ a: [1, 'x', null, true], b: { c: new Date(0) } })).toBeNull();
    expect(checkJsonLimits(nested(64))).toBeNull();
    expect(checkJsonLimits('plain')).toBeNull();
  });

  it('refuses a 200,000-deep value without overflowing the stack', () => {
    expect(checkJsonLimits(nested(200_000))).toEqual({ reason: 'nested deeper than 64 levels' });
    expect(checkJsonLimits(nested(65))).toEqual({ reason: 'nested deeper than 64 levels' });
    expect(checkJsonLimits(nested(5), { maxDepth: 4 })).toEqual({ reason: 'nested deeper than 4 levels' });
  });

  it('refuses a value larger than maxBytes as JSON, counting UTF-8 bytes', () => {
    expect(DEFAULT_JSON_LIMITS).toEqual({ maxBytes: 8 * 1024 * 1024, maxDepth: 64 });
    expect(checkJsonLimits('x'.repeat(9 * 1024 * 1024))).toEqual({ reason: 'larger than 8 MiB as JSON' });
    expect(checkJsonLimits({ s: 'é'.repeat(600) }, { maxBytes: 1024 })).toEqual({ reason: 'larger than 1 KiB as JSON' });
    expect(checkJsonLimits({ s: 'e'.repeat(600) }, { maxBytes: 1024 })).toBeNull();
    expect(checkJsonLimits(new Array(2000).fill(0), { maxBytes: 1024 })).not.toBeNull();
  });

  it('ends on cycles and shared references instead of looping', () => {
    const a: Record<string, unknown> = {};
    a.self = a;
    expect(checkJsonLimits(a)?.reason).toBe('nested deeper than 64 levels');
    let shared: unknown = [1];
    for (let i = 0; i < 40; i++) shared = [shared, shared]; // 2^40 leaves when written out
    expect(checkJsonLimits(shared, { maxDepth: 100 })?.reason).toBe('larger than 8 MiB as JSON');
  });

  it('names a bigint, which JSON cannot hold', () => {
    expect(checkJsonLimits({ n: 1n })).toEqual({ reason: 'holds a bigint, which JSON cannot represent' });
  });
});
