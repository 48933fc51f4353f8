import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// `npm ci` warns EBADENGINE when an installed package's `engines.node` excludes the Node the
// user runs; the README and package.json promise the floor in package.json `engines.node`. This
// checks every package of the lockfile against that floor (issue 18: cookie 2 wanted Node 22).

const ROOT = resolve(import.meta.dirname, '../../..');
type Version = [number, number, number];

function parse(v: string): Version {
  const [a = 0, b = 0, c = 0] = v.replace(/^v/, '').split('.').map((x) => (x === 'x' || x === '*' ? 0 : Number.parseInt(x, 10)));
  return [a, b, c];
}
function cmp(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}
/** Does `v` satisfy one comparator (`>=20.19.0`, `^20.19.0`, `~1.2`, `20`, `20.x`, `*`)? */
function comparator(v: Version, c: string): boolean {
  const m = /^(>=|<=|>|<|\^|~|=)?\s*(.*)$/.exec(c.trim())!;
  const op = m[1] ?? '';
  const text = m[2]!;
  if (text === '*' || text === '' || text === 'x') return true;
  const parts = text.split('.').filter((p) => p !== 'x' && p !== '*').length;
  const w = parse(text);
  switch (op) {
    case '>=': return cmp(v, w) >= 0;
    case '>': return cmp(v, w) > 0;
    case '<=': return cmp(v, w) <= 0;
    case '<': return cmp(v, w) < 0;
    case '^': return cmp(v, w) >= 0 && (w[0] > 0 ? v[0] === w[0] : v[0] === 0 && v[1] === w[1]);
    case '~': return cmp(v, w) >= 0 && v[0] === w[0] && (parts < 2 || v[1] === w[1]);
    default: return parts === 1 ? v[0] === w[0] : parts === 2 ? v[0] === w[0] && v[1] === w[1] : cmp(v, w) === 0;
  }
}
function satisfies(v: Version, range: string): boolean {
  return range.split('||').some((set) => set.trim().replace(/([<>=^~]+)\s+/g, '$1').split(/\s+(?=[<>=^~]|\d)/).every((c) => comparator(v, c)));
}

describe('engines', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
  const floor = parse(/>=\s*([\d.]+)/.exec(pkg.engines.node)![1]!);

  it('the range check reads the forms the lockfile uses', () => {
    expect(satisfies([20, 19, 0], '>=22')).toBe(false);
    expect(satisfies([20, 19, 0], '^20.19.0 || >=22.12.0')).toBe(true);
    expect(satisfies([20, 19, 0], '18 || 20 || >=22')).toBe(true);
    expect(satisfies([20, 19, 0], '^20.0.0 || ^22.0.0 || >=24.0.0')).toBe(true);
    expect(satisfies([20, 19, 0], '>= 0.6')).toBe(true);
    expect(satisfies([20, 19, 0], '>=18 <20')).toBe(false);
  });

  it('every locked package accepts the Node floor package.json promises (no EBADENGINE on npm ci)', () => {
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string; engines?: { node?: string } | string[] }> };
    const bad = Object.entries(lock.packages)
      .filter(([, p]) => p.engines && !Array.isArray(p.engines) && p.engines.node !== undefined && !satisfies(floor, p.engines.node))
      .map(([k, p]) => `${k}@${p.version}: node ${(p.engines as { node: string }).node}`);
    expect(bad).toEqual([]);
  });

  it('the README states the same floor', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(`${floor[0]}.${floor[1]}`);
  });
});
