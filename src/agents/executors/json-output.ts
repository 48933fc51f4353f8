import { compileSchema, type ValidateFunction } from '../../schema/index.ts';
import { NonRetriableError, errorMessage } from '../../core/index.ts';

/** The compiled validator of an output schema (src/schema caches it per schema object and content). */
export function validatorFor(schema: Record<string, unknown>): ValidateFunction {
  const c = compileSchema(schema);
  if (!c.ok) throw new NonRetriableError(`output schema does not compile: ${c.message}`);
  return c.validate;
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
