import { readFileSync } from 'node:fs';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import type { SpecKind } from '../source.ts';
import * as generated from './validators.generated.ts';

const FILES: Record<SpecKind, string> = {
  project: 'project.schema.json',
  agent: 'agent.schema.json',
  workflow: 'workflow.schema.json',
  test: 'test.schema.json',
};

/** schemas/ at the package root: three levels up from both src/spec/schema/ and dist/spec/schema/. */
const SCHEMA_DIR = new URL('../../../schemas/', import.meta.url);

/**
 * The three spec schemas (all errors, defaults, verbose for messages), compiled ahead of time
 * from schemas/ by `npm run gen:types` (scripts/gen-validators.mjs; CI checks they match).
 */
export function specValidators(): Record<SpecKind, ValidateFunction> {
  return generated as unknown as Record<SpecKind, ValidateFunction>;
}

const schemas = new Map<SpecKind, Record<string, unknown>>();

/** The raw schema object of one kind (for key lists in "did you mean"). */
export function specSchema(kind: SpecKind): Record<string, unknown> {
  let s = schemas.get(kind);
  if (!s) {
    s = JSON.parse(readFileSync(new URL(FILES[kind], SCHEMA_DIR), 'utf8')) as Record<string, unknown>;
    schemas.set(kind, s);
  }
  return s;
}
