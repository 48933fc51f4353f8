// What the llm executor and its agent loop share: the provider resolved from amas.yaml, and how
// the answer is asked for in the output schema's shape.
import { NonRetriableError, type LlmSpec, type ProviderSpec } from '../../core/index.ts';
import type { ExecutorContext } from '../executor.ts';
import type { ChatEndpoint } from './openai.ts';
import { renderText } from './render.ts';

/** Endpoints+models that answered 400 to response_format json_schema: later calls use plain instructions. */
export const noJsonSchema = new Set<string>();

export interface ResolvedProvider {
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

export function schemaName(capability: string): string {
  const n = capability.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
  return n === '' ? 'output' : n;
}

export function instructions(schema: Record<string, unknown>): string {
  return (
    'Answer with a single JSON value and nothing else: no prose, no code fences. ' +
    `It must satisfy this JSON Schema:\n${JSON.stringify(schema)}`
  );
}

