// A scripted OpenAI-compatible chat-completions server on 127.0.0.1 for agent-loop tests: each
// request is answered by the next scripted function, which sees the request body; every body is
// recorded. Answers are built with `toolCalls` and `final`.
import type { ServerResponse } from 'node:http';
import { sendJson, startServer, type Recorded } from '../unit/executors/server.ts';

export interface ChatBody {
  model: string;
  messages: { role: string; content: string | null; tool_calls?: { id: string; function: { name: string; arguments: string } }[]; tool_call_id?: string }[];
  tools?: { type: 'function'; function: { name: string; description: string; parameters: Record<string, unknown> } }[];
  response_format?: unknown;
}

export type Script = (body: ChatBody) => unknown;

export interface ScriptedServer {
  url: string;
  /** The bodies received, in order. */
  bodies: ChatBody[];
  script: Script[];
  close(): Promise<void>;
}

let ids = 0;

/** An assistant turn calling tools: `[name, args]` pairs (args as an object, or raw text to send malformed JSON). */
export function toolCalls(...calls: [string, unknown][]): unknown {
  return {
    choices: [
      {
        message: { role: 'assistant', content: null, tool_calls: calls.map(([name, args]) => ({ id: `call_${++ids}`, type: 'function', function: { name, arguments: typeof args === 'string' ? args : JSON.stringify(args) } })) },
        finish_reason: 'tool_calls',
      },
    ],
    usage: { prompt_tokens: 10, completion_tokens: 5 },
  };
}

/** A final answer (an object is sent as JSON text). */
export function final(content: unknown): unknown {
  return { choices: [{ message: { role: 'assistant', content: typeof content === 'string' ? content : JSON.stringify(content) }, finish_reason: 'stop' }], usage: { prompt_tokens: 20, completion_tokens: 7 } };
}

/** The tool results a request carries, by tool_call_id order: parsed JSON where it parses. */
export function toolResults(body: ChatBody): unknown[] {
  return body.messages.filter((m) => m.role === 'tool').map((m) => {
    try {
      return JSON.parse(m.content ?? '') as unknown;
    } catch {
      return m.content;
    }
  });
}

export async function startScripted(): Promise<ScriptedServer> {
  const bodies: ChatBody[] = [];
  const script: Script[] = [];
  const srv = await startServer((req: Recorded, res: ServerResponse) => {
    const body = JSON.parse(req.body) as ChatBody;
    bodies.push(body);
    const next = script.shift();
    if (!next) return sendJson(res, 500, { error: { message: 'script exhausted' } });
    sendJson(res, 200, next(body));
  });
  return { url: srv.url, bodies, script, close: () => srv.close() };
}
