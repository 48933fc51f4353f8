import { AmasError, checkJsonLimits, DEFAULT_JSON_LIMITS, type WorkflowSpec } from '../core/index.ts';
import { compileSchema, errorLines } from '../schema/index.ts';

/**
 * Run inputs: given values merged over the declared defaults, each checked against its schema.
 * An unknown or invalid input is bad usage (exit code 2), named with what was expected.
 */
export function prepareInputs(workflow: WorkflowSpec, given: Record<string, unknown> = {}): Record<string, unknown> {
  // Before anything walks it recursively (the schema check, the journal's JSON): a hostile
  // depth would overflow the stack there, after the run had been acknowledged.
  const tooLarge = checkJsonLimits(given, DEFAULT_JSON_LIMITS);
  if (tooLarge) {
    throw new AmasError('AMAS_INPUT', `workflow ${workflow.id}: the inputs are ${tooLarge.reason}`, {
      exitCode: 2,
      hint: `inputs may be at most ${DEFAULT_JSON_LIMITS.maxBytes / (1024 * 1024)} MiB as JSON, nested at most ${DEFAULT_JSON_LIMITS.maxDepth} levels`,
    });
  }
  const declared = workflow.inputs ?? {};
  const problems: string[] = [];
  for (const k of Object.keys(given)) {
    if (!(k in declared)) {
      const known = Object.keys(declared);
      problems.push(`unknown input "${k}"${known.length ? ` (inputs: ${known.join(', ')})` : ' (this workflow takes no inputs)'}`);
    }
  }
  const out: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(declared)) {
    let value = given[name];
    if (value === undefined && 'default' in schema) value = structuredClone(schema.default);
    if (value === undefined) {
      problems.push(`missing input "${name}"`);
      continue;
    }
    const c = compileSchema(schema);
    if (!c.ok) {
      problems.push(`input "${name}": its schema is invalid: ${c.message}`);
      continue;
    }
    if (!c.validate(value)) {
      // Paths are inside the input: "(root)" is the input itself, so it is left out.
      const why = errorLines(c.validate.errors).map((l) => l.replace(/^\(root\) /, '')).join('; ');
      problems.push(`input "${name}": ${why}`);
      continue;
    }
    out[name] = value;
  }
  if (problems.length) {
    // No hint here: how inputs are passed differs per face (CLI flags, HTTP body, MCP argument),
    // so each face adds its own for AMAS_INPUT.
    throw new AmasError('AMAS_INPUT', `workflow ${workflow.id}: ${problems.join('; ')}`, { exitCode: 2 });
  }
  return out;
}
