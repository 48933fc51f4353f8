import { checkSchema as metaCheck } from '../../schema/index.ts';
import type { PathSeg } from '../locate.ts';
import { mapSchemaErrors } from '../schema/errors.ts';
import type { SourceFile } from '../source.ts';
import { checked, type Rule, type RuleContext } from './base.ts';

function checkSchema(ctx: RuleContext, file: SourceFile, data: unknown, schema: object, path: PathSeg[], what: string): void {
  const c = metaCheck(schema);
  if (c.ok) return;
  const prefix = `${what} is not a valid JSON Schema: `;
  if (c.errors.length === 0) {
    ctx.at(file, path, 'AMAS207', `${prefix}${c.message}`, { target: 'key' });
    return;
  }
  for (const d of mapSchemaErrors(c.errors, { file, data, basePath: path, code: 'AMAS207', prefix })) ctx.report(d);
}

/** AMAS207: capability input/output schemas and workflow input schemas compile as JSON Schema 2020-12. */
export const capabilitySchemas: Rule = {
  name: 'capability-schemas',
  codes: ['AMAS207'],
  check(ctx) {
    for (const a of checked(ctx.agents)) {
      for (const [name, cap] of Object.entries(a.spec.capabilities)) {
        if (cap.input) checkSchema(ctx, a.file, a.spec, cap.input, ['capabilities', name, 'input'], `the input schema of \`${name}\``);
        if (cap.output) checkSchema(ctx, a.file, a.spec, cap.output, ['capabilities', name, 'output'], `the output schema of \`${name}\``);
      }
    }
    for (const w of checked(ctx.workflows)) {
      for (const [name, schema] of Object.entries(w.spec.inputs ?? {})) {
        checkSchema(ctx, w.file, w.spec, schema, ['inputs', name], `the schema of input \`${name}\``);
      }
    }
  },
};
