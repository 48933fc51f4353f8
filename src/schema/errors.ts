import type { ErrorObject } from 'ajv';
import { meanSuffix } from './suggest.ts';

/**
 * ajv errors as short lines a person (or a model) can act on, one per distinct problem:
 * `/tone must be one of: "a", "b"`, `(root) is missing required property "topic"`,
 * `/extra… has unknown property "nmae"; did you mean \`name\`?`. At most `max` lines, then a count.
 * (Spec files get located diagnostics instead: src/spec/schema/errors.ts.)
 */
export function errorLines(errors: readonly ErrorObject[] | null | undefined, max = 20): string[] {
  const out: string[] = [];
  for (const e of errors ?? []) {
    const line = errorLine(e);
    if (!out.includes(line)) out.push(line);
  }
  if (out.length <= max) return out;
  return [...out.slice(0, max), `… and ${out.length - max} more`];
}

function errorLine(e: ErrorObject): string {
  const at = e.instancePath === '' ? '(root)' : e.instancePath;
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return `${at} is missing required property "${String(p.missingProperty)}"`;
    case 'additionalProperties': {
      const name = String(p.additionalProperty);
      const props = (e.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
      return `${at} has unknown property "${name}"${props ? meanSuffix(name, Object.keys(props)) : ''}`;
    }
    case 'enum':
      return `${at} must be one of: ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return `${at} ${e.message ?? e.keyword}`;
  }
}
