import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsMod from 'ajv-formats';

const addFormats = addFormatsMod.default;

/**
 * User-written schemas (capability contracts, workflow inputs, llm output schemas) are data, so
 * they are compiled by non-strict ajv instances (unknown keywords are ignored, as editors do)
 * that never register a schema under its `$id` (`addUsedSchema: false`): a reloaded spec brings
 * a new object with the same `$id`, which a registering instance refuses ("already exists").
 * Two instances: one fills in `default`s (it mutates the value, so callers validate a copy), one
 * checks values as they are. `verbose` keeps the failing schema on each error for the messages.
 */
function makeAjv(useDefaults: boolean): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: false, verbose: true, addUsedSchema: false, validateSchema: false, useDefaults });
  addFormats(ajv);
  return ajv;
}
let plain: Ajv2020 | undefined;
let filling: Ajv2020 | undefined;
const instance = (defaults: boolean): Ajv2020 => (defaults ? (filling ??= makeAjv(true)) : (plain ??= makeAjv(false)));

export type SchemaCheck = { ok: true } | { ok: false; errors: ErrorObject[]; message: string };
export type Compiled =
  | {
      ok: true;
      validate: ValidateFunction;
      /** Whether validating can change the value (defaults filled in), i.e. whether to validate a copy. */
      mutates: boolean;
    }
  | { ok: false; errors: ErrorObject[]; message: string };

/** Per object (the common case: the same spec object again), then per content (equal schemas in other files, or after a reload). */
const MAX_CONTENT_ENTRIES = 5000;
class SchemaCache<V> {
  private readonly byObject = new WeakMap<object, V>();
  private readonly byContent = new Map<string, V>();
  get(schema: object, make: (key: string) => V): V {
    const hit = this.byObject.get(schema);
    if (hit !== undefined) return hit;
    const key = JSON.stringify(schema);
    let v = this.byContent.get(key);
    if (v === undefined) {
      v = make(key);
      if (this.byContent.size >= MAX_CONTENT_ENTRIES) this.byContent.delete(this.byContent.keys().next().value!);
      this.byContent.set(key, v);
    }
    this.byObject.set(schema, v);
    return v;
  }
}
const checks = new SchemaCache<SchemaCheck>();
const compiled = [new SchemaCache<Compiled>(), new SchemaCache<Compiled>()] as const;

const isDraft2020 = (s: unknown): boolean => typeof s !== 'string' || s.includes('2020-12');

/**
 * The meta-schema check only (no code generation): cheap enough for every capability of a large
 * project. A `$schema` other than draft 2020-12 is reported, not followed.
 */
export function checkSchema(schema: object): SchemaCheck {
  return checks.get(schema, () => {
    const $schema = (schema as { $schema?: unknown }).$schema;
    if (!isDraft2020($schema)) {
      return { ok: false, errors: [], message: `\`$schema: ${String($schema)}\` is not supported; capability schemas are JSON Schema draft 2020-12 (remove \`$schema\`)` };
    }
    const a = instance(false);
    try {
      const ok = a.validateSchema(schema) as boolean;
      const errors = [...(a.errors ?? [])];
      return ok && errors.length === 0 ? { ok: true } : { ok: false, errors, message: a.errorsText(errors) };
    } catch (err) {
      return { ok: false, errors: [], message: (err as Error).message };
    }
  });
}

/**
 * Compiles a schema once per content: `defaults: true` fills in declared defaults while
 * validating. An invalid schema yields its meta-schema errors instead of throwing. An older
 * `$schema` (draft-07) is dropped here — the keywords such a schema uses mean the same — while
 * `checkSchema` reports it where a spec file is checked.
 */
export function compileSchema(schema: object, opts: { defaults?: boolean } = {}): Compiled {
  const defaults = opts.defaults === true;
  return compiled[defaults ? 1 : 0].get(schema, () => {
    const { $schema, ...rest } = schema as { $schema?: unknown };
    if (!isDraft2020($schema)) schema = rest;
    const check = checkSchema(schema);
    if (!check.ok) return check;
    const a = instance(defaults);
    try {
      const validate = a.compile(schema);
      // ajv keeps every compiled schema object in its own cache; ours holds what is still used.
      a.removeSchema(schema);
      return { ok: true, validate, mutates: defaults && hasDefaults(schema) };
    } catch (err) {
      return { ok: false, errors: [], message: (err as Error).message };
    }
  });
}

function hasDefaults(node: unknown, depth = 0): boolean {
  if (depth > 64 || node === null || typeof node !== 'object') return false;
  if (Array.isArray(node)) return node.some((n) => hasDefaults(n, depth + 1));
  for (const [k, v] of Object.entries(node)) {
    if (k === 'default') return true;
    if (hasDefaults(v, depth + 1)) return true;
  }
  return false;
}
