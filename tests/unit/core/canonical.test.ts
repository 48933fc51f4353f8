import { createHash } from 'node:crypto';
import { expect, test } from 'vitest';
import { canonicalHash, canonicalJson, writeJson } from '../../../src/core/index.ts';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** Deterministic pseudo-random JSON-ish values, including what JSON.stringify drops or turns into null. */
function randomValue(seed: { n: number }, depth: number): unknown {
  const r = () => (seed.n = (seed.n * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = Math.floor(r() * (depth > 0 ? 12 : 8));
  switch (pick) {
    case 0:
      return null;
    case 1:
      return r() < 0.5;
    case 2:
      return [0, -0, 1.5, 1e21, -7, Number.NaN, Number.POSITIVE_INFINITY][Math.floor(r() * 7)];
    case 3:
      return ['', 'a', 'é\u2028"\\', '\u{1F600}', 'x'.repeat(50)][Math.floor(r() * 5)];
    case 4:
      return undefined;
    case 5:
      return () => 1;
    case 6:
      return Math.floor(r() * 1000);
    case 7:
      return 'k' + Math.floor(r() * 10);
    case 8:
    case 9:
      return Array.from({ length: Math.floor(r() * 5) }, () => randomValue(seed, depth - 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = Math.floor(r() * 6); i > 0; i--) o[['b', 'a', 'Z', 'é', '10', '2', 'a b'][Math.floor(r() * 7)]!] = randomValue(seed, depth - 1);
      return o;
    }
  }
}

/** The plain definition canonicalJson must keep to: JSON.stringify with a key-sorting replacer. */
function reference(value: unknown): string {
  const sortKeys = (_k: string, v: unknown): unknown => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const o = v as Record<string, unknown>;
    return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
  };
  return JSON.stringify(value, sortKeys) ?? 'null';
}

test('written in pieces, the JSON is the same as in one go, sorted or not, at every depth', () => {
  const seed = { n: 42 };
  for (let i = 0; i < 3000; i++) {
    const v = randomValue(seed, 4);
    const canonical = canonicalJson(v);
    expect(canonical).toBe(reference(v));
    const plain = JSON.stringify(v) ?? 'null';
    for (const depth of [0, 1, 2, 5]) {
      expect(canonicalHash(v, depth)).toBe(sha(canonical));
      let out = '';
      writeJson(v, (p) => (out += p), { sorted: false, depth });
      expect(out).toBe(plain);
    }
  }
});

test('canonicalJson sorts keys at every level and keeps JSON.stringify semantics', () => {
  expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }, undefined], c: null, u: undefined } })).toBe('{"a":{"c":null,"d":[{"y":2,"z":1},null]},"b":1}');
  expect(canonicalJson(undefined)).toBe('null');
  expect(canonicalJson({ at: new Date(0) })).toBe('{"at":"1970-01-01T00:00:00.000Z"}');
  expect(canonicalHash({ at: new Date(0) })).toBe(sha('{"at":"1970-01-01T00:00:00.000Z"}'));
});
