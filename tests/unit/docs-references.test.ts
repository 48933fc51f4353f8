// Code and lint messages cite documents that live in the repository (docs/architecture.md and
// friends), never a design document outside it: a "DESIGN §N" reference points nowhere.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : [p];
  });
}

const SOURCES = [...files(path.join(ROOT, 'src')), path.join(ROOT, 'eslint.config.js'), path.join(ROOT, '.dependency-cruiser.cjs')];

describe('document references', () => {
  it('no file under src/ nor the lint configuration cites "DESIGN §"', () => {
    const offenders = SOURCES.filter((f) => /DESIGN §/.test(fs.readFileSync(f, 'utf8'))).map((f) => path.relative(ROOT, f));
    expect(offenders).toEqual([]);
  });

  it('every section of docs/architecture.md that code cites exists', () => {
    const doc = fs.readFileSync(path.join(ROOT, 'docs/architecture.md'), 'utf8');
    const headings = new Set([...doc.matchAll(/^## (.+)$/gm)].map((m) => m[1]!.trim()));
    const cited = new Set<string>();
    for (const f of SOURCES) {
      for (const m of fs.readFileSync(f, 'utf8').matchAll(/docs\/architecture\.md((?: ?\(?"[^"]+",?)+)/g)) {
        for (const q of m[1]!.matchAll(/"([^"]+)"/g)) cited.add(q[1]!);
      }
    }
    expect(cited.size).toBeGreaterThan(3);
    expect([...cited].filter((c) => !headings.has(c))).toEqual([]);
  });
});
