import { NonRetriableError, type LlmSpec, type ProviderSpec } from '../../core/index.ts';
import type { Executor, ExecutorContext } from '../executor.ts';
import { attemptSignal } from './http-common.ts';
import { errorLines } from '../../schema/index.ts';
import { parseJsonAnswer, validatorFor } from './json-output.ts';
import { reportedChat } from './model-calls.ts';
import { ResponseFormatRejected, type ChatEndpoint, type ChatMessage, type ChatRequest } from './openai.ts';
import { MAX_REPAIR_TURNS } from './llm-limits.ts';
import { renderText } from './render.ts';

export { MAX_REPAIR_TURNS };

/** Endpoints+models that answered 400 to response_format json_schema: later calls use plain instructions. */
const noJsonSchema = new Set<string>();

interface ResolvedProvider {
  name: string;
  endpoint: ChatEndpoint;
  model: string;
  temperature: number | undefined;
  jsonSchema: boolean;
  /** The request field that carries the token limit. */
  tokenParam: 'max_tokens' | 'max_completion_tokens';
}

export function resolveProvider(spec: LlmSpec, ctx: ExecutorContext): ResolvedProvider {
  const name = spec.provider ?? 'default';
  const p: ProviderSpec | undefined = ctx.project.providers?.[name];
  if (!p) {
    const known = Object.keys(ctx.project.providers ?? {});
    throw new NonRetriableError(
      `llm: no provider "${name}" in amas.yaml${known.length ? ` (declared: ${known.join(', ')})` : ' (no providers are declared)'}`,
    );
  }
  const baseUrl = renderText(p.base_url, ctx, `providers.${name}.base_url`).trim().replace(/\/+$/, '');
  if (baseUrl === '') throw new NonRetriableError(`llm: provider "${name}" has an empty base_url (is the variable it reads set?)`);
  if (!/^https?:\/\//i.test(baseUrl)) throw new NonRetriableError(`llm: provider "${name}" base_url is not an http(s) URL`);
  const apiKey = p.api_key === undefined ? undefined : renderText(p.api_key, ctx, `providers.${name}.api_key`);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(p.headers ?? {})) headers[k] = renderText(v, ctx, `providers.${name}.headers.${k}`);
  // amas.yaml's per-capability override beats the agent's own choice: operators re-point models without editing agents.
  const override = p.capabilities?.[ctx.capability];
  const model = override?.model ?? spec.model ?? p.model;
  return {
    name,
    endpoint: { baseUrl, ...(apiKey ? { apiKey } : {}), headers },
    model,
    temperature: override?.temperature ?? spec.temperature,
    jsonSchema: p.json_schema !== false && !noJsonSchema.has(`${baseUrl}\0${model}`),
    tokenParam: p.token_param ?? 'max_tokens',
  };
}

function schemaName(capability: string): string {
  const n = capability.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
  return n === '' ? 'output' : n;
}

function instructions(schema: Record<string, unknown>): string {
  return (
    'Answer with a single JSON value and nothing else: no prose, no code fences. ' +
    `It must satisfy this JSON Schema:\n${JSON.stringify(schema)}`
  );
}

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
