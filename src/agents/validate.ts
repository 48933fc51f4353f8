import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsMod from 'ajv-formats';

const addFormats = addFormatsMod.default;

export type JsonSchema = Record<string, unknown>;

/** Outcome of checking a value against a capability contract; `value` has the schema's defaults applied. */
export type ContractCheck = { ok: true; value: unknown } | { ok: false; problems: string[] };

// Two instances: inputs get defaults filled in (useDefaults mutates, so we validate a copy),
// outputs are checked as they are. Non-strict: user schemas may carry annotations ajv does not know.
function makeAjv(useDefaults: boolean): Ajv2020 {
  const ajv = new Ajv2020({ strict: false, allErrors: true, useDefaults, validateFormats: true });
  addFormats(ajv);
  return ajv;
}
let inputAjv: Ajv2020 | undefined;
let outputAjv: Ajv2020 | undefined;

interface Compiled {
  validate: ValidateFunction;
  /** Whether validating can change the value (defaults), i.e. whether a copy is needed. */
  mutates: boolean;
}
const inputCache = new WeakMap<JsonSchema, Compiled>();
const outputCache = new WeakMap<JsonSchema, Compiled>();

function compile(ajv: Ajv2020, schema: JsonSchema, mutates: boolean): Compiled {
  // A reloaded spec is a new object with the same $id; ajv refuses a second schema under one id.
  const id = typeof schema.$id === 'string' ? schema.$id : undefined;
  if (id !== undefined && ajv.getSchema(id)) ajv.removeSchema(id);
  return { validate: ajv.compile(schema), mutates };
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

/** Deep copy of plain data (objects, arrays); anything else is shared. Far cheaper than structuredClone for small inputs. */
function cloneData(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object' || depth > 200) return value;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = cloneData(value[i], depth + 1);
    return out;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const k in value) {
    if (!Object.hasOwn(value, k)) continue;
    const v = cloneData((value as Record<string, unknown>)[k], depth + 1);
    // A JSON key "__proto__" is data: assigning it would set the copy's prototype instead.
    if (k === '__proto__') Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    else out[k] = v;
  }
  return out;
}

/** Validates a task input, returning a copy with the schema's defaults applied (the caller's value is never changed). */
export function checkInput(schema: JsonSchema, input: unknown): ContractCheck {
  let c = inputCache.get(schema);
  if (!c) inputCache.set(schema, (c = compile((inputAjv ??= makeAjv(true)), schema, hasDefaults(schema))));
  const value = c.mutates ? cloneData(input) : input;
  if (c.validate(value)) return { ok: true, value };
  return { ok: false, problems: describeErrors(c.validate.errors) };
}

/** Validates a result as it is. */
export function checkOutput(schema: JsonSchema, output: unknown): ContractCheck {
  let c = outputCache.get(schema);
  if (!c) outputCache.set(schema, (c = compile((outputAjv ??= makeAjv(false)), schema, false)));
  if (c.validate(output)) return { ok: true, value: output };
  return { ok: false, problems: describeErrors(c.validate.errors) };
}

/** One readable line per ajv error, e.g. `/tone must be one of: professional, casual`. */
export function describeErrors(errors: ErrorObject[] | null | undefined): string[] {
  const out: string[] = [];
  for (const e of errors ?? []) {
    const at = e.instancePath === '' ? '(root)' : e.instancePath;
    const p = e.params as Record<string, unknown>;
    let line: string;
    switch (e.keyword) {
      case 'required':
        line = `${at} is missing required property "${String(p.missingProperty)}"`;
        break;
      case 'additionalProperties':
        line = `${at} has unknown property "${String(p.additionalProperty)}"`;
        break;
      case 'enum':
        line = `${at} must be one of: ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
        break;
      default:
        line = `${at} ${e.message ?? e.keyword}`;
    }
    if (!out.includes(line)) out.push(line);
  }
  return out;
}
