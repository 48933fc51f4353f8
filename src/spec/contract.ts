import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsMod from 'ajv-formats';
import { AmasError } from '../core/index.ts';

const addFormats = addFormatsMod.default;

/**
 * Capability input/output schemas are user data, so they are compiled by a separate, non-strict
 * ajv (unknown keywords are ignored, as editors do) and cached per schema object: hot reload
 * brings new objects, whose old entries the WeakMap lets go.
 */
let ajv: Ajv2020 | undefined;
function contractAjv(): Ajv2020 {
  if (!ajv) {
    ajv = new Ajv2020({ allErrors: true, strict: false, verbose: true, addUsedSchema: false, validateSchema: false });
    addFormats(ajv);
  }
  return ajv;
}

export type Compiled = { ok: true; validate: ValidateFunction } | { ok: false; errors: ErrorObject[]; message: string };
export type SchemaCheck = { ok: true } | { ok: false; errors: ErrorObject[]; message: string };

const byObject = new WeakMap<object, Compiled>();
const checkByObject = new WeakMap<object, SchemaCheck>();
/** Equal schemas in different files (and after a reload) share one compiled function. */
const byContent = new Map<string, Compiled>();
const checkByContent = new Map<string, SchemaCheck>();
const MAX_CONTENT_ENTRIES = 5000;

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  if (map.size >= MAX_CONTENT_ENTRIES) map.delete(map.keys().next().value!);
  map.set(key, value);
}

/** Meta-schema check only (no code generation): cheap enough for every capability of a large project. */
export function checkContractSchema(schema: object): SchemaCheck {
  const hit = checkByObject.get(schema);
  if (hit) return hit;
  const key = JSON.stringify(schema);
  let result = checkByContent.get(key);
  if (!result) {
    const a = contractAjv();
    try {
      const ok = a.validateSchema(schema) as boolean;
      const errors = [...(a.errors ?? [])];
      result = ok && errors.length === 0 ? { ok: true } : { ok: false, errors, message: a.errorsText(errors) };
    } catch (err) {
      // An unknown `$schema` (draft-07 and older) throws instead of failing.
      const $schema = (schema as { $schema?: unknown }).$schema;
      const message = typeof $schema === 'string' ? `\`$schema: ${$schema}\` is not supported; capability schemas are JSON Schema draft 2020-12 (remove \`$schema\`)` : (err as Error).message;
      result = { ok: false, errors: [], message };
    }
    remember(checkByContent, key, result);
  }
  checkByObject.set(schema, result);
  return result;
}

/** Compiles a capability schema once; an invalid schema yields its meta-schema errors. */
export function compileContract(schema: object): Compiled {
  const hit = byObject.get(schema);
  if (hit) return hit;
  const key = JSON.stringify(schema);
  let result = byContent.get(key);
  if (!result) {
    const check = checkContractSchema(schema);
    if (!check.ok) result = check;
    else {
      const a = contractAjv();
      try {
        const validate = a.compile(schema);
        a.removeSchema(schema);
        result = { ok: true, validate };
      } catch (err) {
        result = { ok: false, errors: [], message: (err as Error).message };
      }
    }
    remember(byContent, key, result);
  }
  byObject.set(schema, result);
  return result;
}

/** One line per error: `/path: message`. */
export function errorLines(errors: readonly ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => {
    const where = e.instancePath || '(root)';
    const extra = e.keyword === 'additionalProperties' ? ` \`${String((e.params as { additionalProperty?: unknown }).additionalProperty)}\`` : '';
    return `${where}: ${e.message ?? 'is invalid'}${extra}`;
  });
}

/**
 * A checker for a capability's input or output contract, for the agents layer:
 * `contractValidator(cap.input)(value)`. Non-strict, with formats, cached per schema object.
 * Throws AmasError AMAS207 when the schema itself is invalid (validate reports that earlier).
 */
export function contractValidator(schema: object): (value: unknown) => { ok: true } | { ok: false; errors: string[] } {
  const c = compileContract(schema);
  if (!c.ok) throw new AmasError('AMAS207', `invalid JSON Schema: ${c.message}`, { hint: 'run `amas validate` to see where' });
  const validate = c.validate;
  return (value: unknown) => (validate(value) ? { ok: true } : { ok: false, errors: errorLines(validate.errors) });
}
