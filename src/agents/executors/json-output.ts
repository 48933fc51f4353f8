import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsMod from 'ajv-formats';
import { NonRetriableError, errorMessage } from '../../core/index.ts';

const addFormats = addFormatsMod.default;

// Non-strict: output schemas are user-written and already checked by `amas validate`; here they only judge answers.
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const cache = new WeakMap<object, ValidateFunction>();

/** The compiled validator of an output schema, compiled once per schema object. */
export function validatorFor(schema: Record<string, unknown>): ValidateFunction {
  const hit = cache.get(schema);
  if (hit) return hit;
  // The 2020 build has no draft-07 meta-schema; the keywords an output schema uses mean the same.
  const { $schema, ...rest } = schema;
  const usable = typeof $schema === 'string' && !$schema.includes('2020-12') ? rest : schema;
  let fn: ValidateFunction;
  try {
    if (typeof usable['$id'] === 'string') ajv.removeSchema(usable['$id']); // a reloaded schema may reuse its $id
    fn = ajv.compile(usable);
  } catch (err) {
    throw new NonRetriableError(`output schema does not compile: ${errorMessage(err)}`, { cause: err });
  }
  cache.set(schema, fn);
  return fn;
}

/** ajv errors as short lines a model (or a person) can act on. */
export function formatSchemaErrors(errors: ErrorObject[] | null | undefined, max = 20): string[] {
  const lines = (errors ?? []).slice(0, max).map((e) => {
    const at = e.instancePath === '' ? '(root)' : e.instancePath;
    const p = e.params as Record<string, unknown>;
    const extra =
      e.keyword === 'additionalProperties'
        ? `: '${String(p['additionalProperty'])}'`
        : e.keyword === 'enum'
          ? `: ${JSON.stringify(p['allowedValues'])}`
          : '';
    return `${at} ${e.message ?? e.keyword}${extra}`;
  });
  if ((errors?.length ?? 0) > max) lines.push(`… and ${(errors?.length ?? 0) - max} more`);
  return lines;
}

/**
 * Reads JSON out of a model's answer: the whole text, else a ```json fenced block, else the span
 * from the first `{`/`[` to the last `}`/`]` (models like to add a sentence around it).
 */
export function parseJsonAnswer(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  const candidates: string[] = [text.trim()];
  const fence = /```(?:json|JSON)?\s*\n?([\s\S]*?)```/.exec(text);
  if (fence) candidates.push(fence[1]!.trim());
  const start = text.search(/[[{]/);
  const end = Math.max(text.lastIndexOf('}'), text.lastIndexOf(']'));
  if (start >= 0 && end > start) candidates.push(text.slice(start, end + 1));
  let first = '';
  for (const c of candidates) {
    try {
      return { ok: true, value: JSON.parse(c) as unknown };
    } catch (err) {
      if (first === '') first = errorMessage(err);
    }
  }
  return { ok: false, error: `the answer is not valid JSON (${first || 'empty answer'})` };
}
