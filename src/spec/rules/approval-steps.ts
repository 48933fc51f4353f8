import { checkSchema } from '../../schema/index.ts';
import { checked, type Rule } from './base.ts';

/**
 * Keys an approval step cannot use, and why: a person answers it, so there is no agent to pick,
 * nothing to pass in, no attempt to time out or retry, and fan-out/loops are for tasks.
 * (`idempotent` and `concurrency` are left out: the schema fills in their defaults.)
 */
const NOT_FOR_APPROVALS: Readonly<Record<string, string>> = {
  agent: 'no agent runs it: a person answers',
  domain: 'no agent runs it: a person answers',
  with: 'it takes no task input (the prompt says what is asked; `approval.input` is the form)',
  retry: 'there is no attempt to retry',
  timeout: 'the wait is bounded by `approval.timeout` instead',
  for_each: 'one approval is one question (fan out the steps around it)',
  repeat: 'an approval is answered once',
};

/**
 * AMAS340: an approval's `input` form is a JSON Schema of an object. AMAS341: an approval step
 * carries keys that make no sense for it (named, with why). AMAS342 (warning): `on_timeout`
 * without `timeout` never applies.
 */
export const approvalSteps: Rule = {
  name: 'approval-steps',
  codes: ['AMAS340', 'AMAS341', 'AMAS342'],
  check(ctx) {
    for (const wf of checked(ctx.workflows)) {
      wf.spec.steps.forEach((step, i) => {
        const a = step.approval;
        if (a === undefined) return;
        for (const key of Object.keys(NOT_FOR_APPROVALS)) {
          if ((step as unknown as Record<string, unknown>)[key] === undefined) continue;
          ctx.at(wf.file, ['steps', i, key], 'AMAS341', `approval step \`${step.id}\` cannot have \`${key}\`: ${NOT_FOR_APPROVALS[key]}`, { target: 'key', hint: `remove \`${key}\`` });
        }
        if (a.on_timeout !== undefined && a.timeout === undefined) {
          ctx.at(wf.file, ['steps', i, 'approval', 'on_timeout'], 'AMAS342', `\`on_timeout\` of approval step \`${step.id}\` never applies: it has no \`timeout\``, {
            target: 'key',
            hint: 'add `timeout:` (e.g. 24h) to the approval, or remove `on_timeout`',
          });
        }
        if (a.input !== undefined) {
          const type = (a.input as { type?: unknown }).type;
          const check = checkSchema(a.input);
          if (type !== 'object') {
            ctx.at(wf.file, ['steps', i, 'approval', 'input'], 'AMAS340', `the input form of approval step \`${step.id}\` must be a JSON Schema of an object (\`type: object\`), not ${type === undefined ? 'a schema without a type' : `\`type: ${JSON.stringify(type)}\``}`, {
              target: 'key',
              hint: 'its values join the step output by name: write `type: object` with `properties:`',
            });
          } else if (!check.ok) {
            ctx.at(wf.file, ['steps', i, 'approval', 'input'], 'AMAS340', `the input form of approval step \`${step.id}\` is not a valid JSON Schema: ${check.message}`, { target: 'key' });
          }
        }
      });
    }
  },
};
