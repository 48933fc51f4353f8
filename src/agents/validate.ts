import { compileSchema, errorLines } from '../schema/index.ts';

export type JsonSchema = Record<string, unknown>;

/** Outcome of checking a value against a capability contract; `value` has the schema's defaults applied. */
export type ContractCheck = { ok: true; value: unknown } | { ok: false; problems: string[] };

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
  const c = compileSchema(schema, { defaults: true });
  if (!c.ok) return { ok: false, problems: [`the input schema is invalid: ${c.message}`] };
  const value = c.mutates ? cloneData(input) : input;
  if (c.validate(value)) return { ok: true, value };
  return { ok: false, problems: errorLines(c.validate.errors) };
}

/** Validates a result as it is. */
export function checkOutput(schema: JsonSchema, output: unknown): ContractCheck {
  const c = compileSchema(schema);
  if (!c.ok) return { ok: false, problems: [`the output schema is invalid: ${c.message}`] };
  if (c.validate(output)) return { ok: true, value: output };
  return { ok: false, problems: errorLines(c.validate.errors) };
}
