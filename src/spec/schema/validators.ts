import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsMod from 'ajv-formats';
import type { SpecKind } from '../source.ts';

const addFormats = addFormatsMod.default;

const FILES: Record<SpecKind, string> = {
  project: 'project.schema.json',
  agent: 'agent.schema.json',
  workflow: 'workflow.schema.json',
};

/** schemas/ at the package root: three levels up from both src/spec/schema/ and dist/spec/schema/. */
const SCHEMA_DIR = new URL('../../../schemas/', import.meta.url);

let compiled: Record<SpecKind, ValidateFunction> | undefined;

/** The three spec schemas, compiled once per process (strict, all errors, defaults, verbose for messages). */
export function specValidators(): Record<SpecKind, ValidateFunction> {
  if (compiled) return compiled;
  // Strict, except that a `default` inside oneOf (CommandSpec's, kept for editor hover help) may
  // stay: ajv cannot apply it and says so; every other strict-mode complaint still throws.
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    strictSchema: 'log',
    useDefaults: true,
    verbose: true,
    logger: {
      log: () => undefined,
      warn: (...args: unknown[]) => {
        const msg = args.map(String).join(' ');
        if (!/default is ignored/.test(msg)) throw new Error(`amas schema is not strict-clean: ${msg}`);
      },
      error: (...args: unknown[]) => {
        throw new Error(args.map(String).join(' '));
      },
    },
  });
  addFormats(ajv);
  const out = {} as Record<SpecKind, ValidateFunction>;
  for (const kind of Object.keys(FILES) as SpecKind[]) {
    const schema = JSON.parse(readFileSync(new URL(FILES[kind], SCHEMA_DIR), 'utf8')) as object;
    out[kind] = ajv.compile(schema);
  }
  compiled = out;
  return out;
}

/** The raw schema object of one kind (for key lists in "did you mean"). */
export function specSchema(kind: SpecKind): Record<string, unknown> {
  return specValidators()[kind].schema as Record<string, unknown>;
}
