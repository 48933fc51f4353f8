import { NonRetriableError, type AssistantMessage, type ModelToolCall } from '../../core/index.ts';
import type { HttpAnswer } from './http-client.ts';
import { BODY_EXCERPT_CHARS, MAX_RESPONSE_BYTES, fetchVia, isJsonContentType, isOk, networkError, statusError, type CallContext } from './http-common.ts';

/** The OpenAI chat-completions protocol, as far as amas speaks it (non-streaming). */
export type ChatMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string | null; tool_calls?: ModelToolCall[] }
  | { role: 'tool'; tool_call_id: string; content: string };

/** A function the model may call (agent loops). */
export interface ChatTool {
  type: 'function';
  function: { name: string; description: string; parameters: Record<string, unknown> };
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  temperature?: number;
  max_tokens?: number;
  /** What OpenAI's reasoning models take instead of max_tokens (providers.X.token_param). */
  max_completion_tokens?: number;
  response_format?: { type: 'json_schema'; json_schema: { name: string; schema: Record<string, unknown>; strict: boolean } };
  tools?: ChatTool[];
}

export interface ChatAnswer {
  content: string | null;
  /** The tool calls of an assistant turn (empty when it answered). */
  toolCalls: ModelToolCall[];
  refusal: string | null;
  finishReason: string | null;
  /** The model the server says answered (`model` of the response), when it says. */
  model: string | null;
  usage: { promptTokens: number; completionTokens: number } | null;
}

export interface ChatEndpoint {
  /** Up to and including /v1, without a trailing slash. */
  baseUrl: string;
  apiKey?: string;
  headers?: Record<string, string>;
}

/** The endpoint answered 400 about `response_format`: it does not support json_schema output. */
export class ResponseFormatRejected extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResponseFormatRejected';
  }
}

/**
 * One chat completion. `ctx` is the calling executor's context: under `amas test` the request goes
 * through its `calls` hook (recorded or replayed) instead of the network.
 */
export async function chatCompletion(endpoint: ChatEndpoint, body: ChatRequest, signal: AbortSignal, ctx?: CallContext): Promise<ChatAnswer> {
  const url = `${endpoint.baseUrl}/chat/completions`;
  const what = `POST ${url}`;
  const headers = new Headers({ 'content-type': 'application/json', accept: 'application/json', ...endpoint.headers });
  if (endpoint.apiKey) headers.set('authorization', `Bearer ${endpoint.apiKey}`);
  let res: HttpAnswer;
  try {
    res = await fetchVia(ctx, 'llm', new URL(url), { method: 'POST', headers, body: JSON.stringify(body), signal, maxBytes: MAX_RESPONSE_BYTES });
  } catch (err) {
    // A replay with no matching recording (amas test) is final, not a network failure to retry.
    if (signal.aborted || err instanceof NonRetriableError) throw err;
    throw networkError(err, what);
  }
  if (!isOk(res)) {
    if (res.status === 400 && body.response_format && /response_format|json_schema/i.test(res.body.slice(0, BODY_EXCERPT_CHARS * 4))) {
      throw new ResponseFormatRejected(`${what} rejected response_format: ${res.body.slice(0, BODY_EXCERPT_CHARS)}`);
    }
    throw statusError(res, what);
  }
  if (res.truncated) throw new Error(`${what}: answer larger than ${MAX_RESPONSE_BYTES} bytes`);
  let data: unknown;
  try {
    data = JSON.parse(res.body);
  } catch {
    const type = res.headers['content-type'];
    throw new Error(`${what}: answer is not JSON${isJsonContentType(type) ? '' : ` (content-type ${type ?? 'none'})`}`);
  }
  return readAnswer(data, what);
}

function readAnswer(data: unknown, what: string): ChatAnswer {
  const d = data as {
    model?: unknown;
    choices?: { message?: { content?: unknown; refusal?: unknown; tool_calls?: unknown }; finish_reason?: unknown }[];
    usage?: { prompt_tokens?: unknown; completion_tokens?: unknown };
    error?: { message?: unknown };
  };
  // Some servers answer 200 with an error object instead of a status code.
  if (d?.error && !d.choices) throw new Error(`${what}: ${String(d.error.message ?? JSON.stringify(d.error))}`);
  const choice = d?.choices?.[0];
  if (!choice?.message) throw new Error(`${what}: answer has no choices[0].message`);
  const content = choice.message.content;
  const u = d.usage;
  return {
    content: typeof content === 'string' ? content : Array.isArray(content) ? joinParts(content) : null,
    toolCalls: readToolCalls(choice.message.tool_calls),
    refusal: typeof choice.message.refusal === 'string' ? choice.message.refusal : null,
    finishReason: typeof choice.finish_reason === 'string' ? choice.finish_reason : null,
    model: typeof d.model === 'string' && d.model !== '' ? d.model : null,
    usage:
      u && (typeof u.prompt_tokens === 'number' || typeof u.completion_tokens === 'number')
        ? { promptTokens: num(u.prompt_tokens), completionTokens: num(u.completion_tokens) }
        : null,
  };
}

/**
 * The assistant's tool calls, kept as the model gave them (they are sent back verbatim). A call
 * without an id gets one from its position, without a function name an empty one: the loop then
 * answers it as an unknown tool, so the model can repair it.
 */
function readToolCalls(raw: unknown): ModelToolCall[] {
  if (!Array.isArray(raw)) return [];
  return raw.map((c: unknown, i) => {
    const call = (c ?? {}) as { id?: unknown; function?: { name?: unknown; arguments?: unknown } };
    const args = call.function?.arguments;
    return {
      id: typeof call.id === 'string' && call.id !== '' ? call.id : `call_${i}`,
      type: 'function',
      function: { name: typeof call.function?.name === 'string' ? call.function.name : '', arguments: typeof args === 'string' ? args : args === undefined ? '' : JSON.stringify(args) },
    };
  });
}

/** The assistant message of an answer, as it goes back into the conversation. */
export function assistantMessage(answer: ChatAnswer): AssistantMessage {
  return answer.toolCalls.length ? { role: 'assistant', content: answer.content, tool_calls: answer.toolCalls } : { role: 'assistant', content: answer.content };
}

/** Content given as parts (`[{type:'text', text}]`), as some compatible servers do. */
function joinParts(parts: unknown[]): string {
  return parts.map((p) => (typeof p === 'string' ? p : typeof (p as { text?: unknown })?.text === 'string' ? (p as { text: string }).text : '')).join('');
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}
