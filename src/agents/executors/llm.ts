import type { Executor } from '../executor.ts';
import { attemptSignal } from './http-common.ts';
import { errorLines } from '../../schema/index.ts';
import { parseJsonAnswer, validatorFor } from './json-output.ts';
import { reportedChat } from './model-calls.ts';
import { ResponseFormatRejected, type ChatMessage, type ChatRequest } from './openai.ts';
import { MAX_REPAIR_TURNS } from './llm-limits.ts';
import { renderText } from './render.ts';
import { runAgentLoop } from './llm-loop.ts';
import { instructions, noJsonSchema, resolveProvider, schemaName } from './llm-provider.ts';

export { MAX_REPAIR_TURNS, resolveProvider };

function buildMessages(system: string | undefined, prompt: string, schema: Record<string, unknown> | undefined, plain: boolean): ChatMessage[] {
  const sys = [system, schema && plain ? instructions(schema) : undefined].filter((s): s is string => !!s && s.trim() !== '');
  return [...(sys.length ? [{ role: 'system' as const, content: sys.join('\n\n') }] : []), { role: 'user', content: prompt }];
}

/**
 * `llm: { provider, model, system, prompt, temperature, max_tokens }` — one chat completion, forced
 * to the capability's output schema when it has one. Returns the validated JSON value, or the answer
 * text when the capability declares no output schema.
 */
export const llmExecutor: Executor<'llm'> = async (spec, _input, ctx) => {
  if (spec.tools) return runAgentLoop({ ...spec, tools: spec.tools }, ctx);
  const provider = resolveProvider(spec, ctx);
  const system = spec.system === undefined ? undefined : renderText(spec.system, ctx, 'llm.system');
  const prompt = renderText(spec.prompt, ctx, 'llm.prompt');
  const schema = ctx.outputSchema;
  const validate = schema ? validatorFor(schema) : undefined;
  let useJsonSchema = !!schema && provider.jsonSchema;
  let messages = buildMessages(system, prompt, schema, !useJsonSchema);
  const { signal, toError } = attemptSignal(ctx.signal, ctx.timeoutMs);
  const totals = { promptTokens: 0, completionTokens: 0 };

  let problems: string[] = [];
  for (let turn = 0; turn <= MAX_REPAIR_TURNS; ) {
    const req: ChatRequest = { model: provider.model, messages };
    if (provider.temperature !== undefined) req.temperature = provider.temperature;
    if (spec.max_tokens !== undefined) req[provider.tokenParam] = spec.max_tokens;
    if (schema && useJsonSchema) req.response_format = { type: 'json_schema', json_schema: { name: schemaName(ctx.capability), schema, strict: false } };

    let answer;
    try {
      answer = await reportedChat(ctx, provider, req, signal);
    } catch (err) {
      if (err instanceof ResponseFormatRejected && useJsonSchema) {
        // Not every compatible server knows json_schema: fall back to instructions, remembered for this endpoint.
        ctx.logger.warn('llm provider rejected response_format json_schema; using plain instructions', { provider: provider.name });
        noJsonSchema.add(`${provider.endpoint.baseUrl}\0${provider.model}`);
        useJsonSchema = false;
        messages = buildMessages(system, prompt, schema, true);
        continue;
      }
      throw toError(err);
    }
    if (answer.usage) {
      totals.promptTokens += answer.usage.promptTokens;
      totals.completionTokens += answer.usage.completionTokens;
      ctx.reportUsage?.(answer.usage);
    }
    const text = answer.content;
    if (!schema || !validate) {
      if (text === null) throw new Error(`llm: the model gave no answer${answer.refusal ? ` (refusal: ${answer.refusal})` : ''}`);
      return text;
    }

    if (text === null) {
      problems = [answer.refusal ? `the model refused: ${answer.refusal}` : 'the answer was empty'];
    } else {
      const parsed = parseJsonAnswer(text);
      if (!parsed.ok) problems = [parsed.error];
      else if (validate(parsed.value)) {
        ctx.logger.debug('llm answer accepted', { turns: turn + 1, ...totals });
        return parsed.value;
      } else problems = errorLines(validate.errors);
      if (answer.finishReason === 'length') problems.push('the answer was cut off by the token limit: answer more briefly');
    }
    turn++;
    if (turn > MAX_REPAIR_TURNS) break;
    ctx.logger.info('llm answer rejected; asking again', { turn, problems });
    messages = [
      ...messages,
      { role: 'assistant', content: text ?? '' },
      {
        role: 'user',
        content:
          `Your answer does not satisfy the required JSON Schema:\n${problems.map((p) => `- ${p}`).join('\n')}\n` +
          'Reply again with only the corrected JSON value.',
      },
    ];
  }
  throw new Error(`llm: no valid answer after ${MAX_REPAIR_TURNS + 1} tries: ${problems.join('; ')}`);
};
