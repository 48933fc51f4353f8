import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Every property a schema declares must do something: its name appears in the TypeScript sources
// under src/ (as an identifier or a string) outside the generated files. A property read nowhere
// is a promise the runtime does not keep (reacts_to, checkpoint_interval and daily_tokens were).

const ROOT = path.resolve(import.meta.dirname, '../../..');

/**
 * Properties read generically rather than by name, each with the reason.
 */
const GENERIC = new Map<string, string>([
  ['$schema', 'editor hint; the loader ignores it'],
  ['apiVersion', 'checked by the schema itself (const amas/v1)'],
  ['description', 'documentation text, shown by the catalog and the TUI through the spec objects'],
]);

function walk(node: unknown, out: Map<string, string>, where: string): void {
  if (Array.isArray(node)) {
    node.forEach((n, i) => walk(n, out, `${where}[${i}]`));
    return;
  }
  if (node === null || typeof node !== 'object') return;
  for (const [k, v] of Object.entries(node)) {
    if (k === 'properties' && v !== null && typeof v === 'object' && !Array.isArray(v)) {
      for (const name of Object.keys(v)) if (!out.has(name)) out.set(name, `${where}.properties.${name}`);
    }
    // Examples and defaults hold user data, not property declarations.
    if (k === 'examples' || k === 'default' || k === 'const' || k === 'enum') continue;
    walk(v, out, `${where}.${k}`);
  }
}

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.includes('.generated.') ? [p] : [];
  });
}

describe('every schema property is read somewhere in src/', () => {
  const props = new Map<string, string>();
  for (const f of fs.readdirSync(path.join(ROOT, 'schemas')).filter((n) => n.endsWith('.json'))) {
    walk(JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', f), 'utf8')), props, f);
  }
  const text = sources(path.join(ROOT, 'src'))
    .map((f) => fs.readFileSync(f, 'utf8'))
    .join('\n');

  it('finds the properties (the walk works)', () => {
    expect(props.size).toBeGreaterThan(40);
    expect(props.has('checkpoint_interval')).toBe(true);
  });

  it('has no property that no source reads', () => {
    const escape = (s: string) => s.replace(/[$]/g, '\\$');
    const unread = [...props]
      .filter(([name]) => !GENERIC.has(name))
      // As an identifier (`.name`, `name:`, `{ name }`) or a string ('name', "name", `name`).
      .filter(([name]) => !new RegExp(`(?<![A-Za-z0-9_$])${escape(name)}(?![A-Za-z0-9_$])`).test(text))
      .map(([name, where]) => `${name} (${where})`);
    expect(unread).toEqual([]);
  });
});
