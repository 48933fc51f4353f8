import type { Readable, Writable } from 'node:stream';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { JSONRPCMessageSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { DEFAULT_MAX_JSON_DEPTH, jsonRpcIdOf, jsonTextTooDeep } from '../core/index.ts';

/** Longest request line; a longer one is discarded up to its newline and answered with an error. */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

const PARSE_ERROR = -32700;
const INVALID_REQUEST = -32600;

/**
 * Newline-delimited JSON-RPC on stdio, like the SDK's StdioServerTransport, but hardened for a
 * long-lived server: a line that is not JSON or not JSON-RPC gets the JSON-RPC error response
 * (-32700 / -32600) instead of silence, and an oversized line is skipped instead of closing the
 * transport (the SDK's ReadBuffer throws past 10 MB and the server goes deaf). The MCP protocol
 * itself (initialize, tools, resources, notifications) stays the SDK's.
 */
export class LineTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private chunks: Buffer[] = [];
  private size = 0;
  private skipping = false;
  private closed = false;

  constructor(
    private readonly input: Readable = process.stdin,
    private readonly output: Writable = process.stdout,
    private readonly maxLineBytes = MAX_LINE_BYTES,
    private readonly maxDepth = DEFAULT_MAX_JSON_DEPTH,
    /** Masks the project's secrets in every outgoing message (results, notifications, resources) before it is serialized. */
    private readonly mask: <T>(message: T) => T = (m) => m,
  ) {}

  async start(): Promise<void> {
    this.input.on('data', this.onData);
    this.input.on('error', this.onInputError);
    this.input.once('end', this.onEnd);
    this.input.once('close', this.onEnd);
  }

  send(message: JSONRPCMessage): Promise<void> {
    return this.write(message);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.input.off('data', this.onData);
    this.input.off('error', this.onInputError);
    this.input.off('end', this.onEnd);
    this.input.off('close', this.onEnd);
    this.input.pause();
    this.chunks = [];
    this.onclose?.();
  }

  private write(message: unknown): Promise<void> {
    return new Promise((resolve) => {
      if (this.closed || this.output.destroyed) return resolve();
      if (this.output.write(`${JSON.stringify(this.mask(message))}\n`)) resolve();
      else this.output.once('drain', resolve);
    });
  }

  private readonly onEnd = () => void this.close();
  private readonly onInputError = (err: Error) => this.onerror?.(err);

  private readonly onData = (chunk: Buffer | string) => {
    let buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    let nl = buf.indexOf(0x0a);
    while (nl >= 0) {
      const head = buf.subarray(0, nl);
      buf = buf.subarray(nl + 1);
      if (this.skipping) {
        this.skipping = false;
        void this.write({ jsonrpc: '2.0', id: null, error: { code: INVALID_REQUEST, message: `request line longer than ${this.maxLineBytes} bytes` } });
      } else {
        this.chunks.push(head);
        const line = Buffer.concat(this.chunks).toString('utf8').replace(/\r$/, '');
        this.chunks = [];
        this.size = 0;
        if (line.trim()) this.handleLine(line);
      }
      nl = buf.indexOf(0x0a);
    }
    if (this.skipping || buf.length === 0) return;
    this.size += buf.length;
    if (this.size > this.maxLineBytes) {
      this.chunks = [];
      this.size = 0;
      this.skipping = true;
      this.onerror?.(new Error(`request line longer than ${this.maxLineBytes} bytes: skipped`));
      return;
    }
    this.chunks.push(buf);
  };

  private handleLine(line: string): void {
    // Before anything parses it: tools validate, store and echo their arguments, and each of
    // those recurses — a 200,000-deep argument would overflow the stack there.
    if (jsonTextTooDeep(line, this.maxDepth)) {
      this.onerror?.(new Error(`a request nested deeper than ${this.maxDepth} levels: refused`));
      void this.write(tooDeepAnswer(line, this.maxDepth));
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      this.onerror?.(new Error('parse error: a line that is not JSON'));
      void this.write({ jsonrpc: '2.0', id: null, error: { code: PARSE_ERROR, message: 'Parse error: not JSON' } });
      return;
    }
    const parsed = JSONRPCMessageSchema.safeParse(json);
    if (!parsed.success) {
      const raw = (json && typeof json === 'object' ? (json as { id?: unknown }).id : undefined) ?? null;
      const id = typeof raw === 'string' || typeof raw === 'number' ? raw : null;
      this.onerror?.(new Error('invalid request: not a JSON-RPC 2.0 message'));
      // As JSON-RPC 2.0 §5 asks (its example: {"method": 1} gets an answer with id null).
      const what = json && typeof json === 'object' && !Array.isArray(json) ? 'not a JSON-RPC 2.0 message' : 'expected a JSON-RPC 2.0 object';
      void this.write({ jsonrpc: '2.0', id, error: { code: INVALID_REQUEST, message: `Invalid Request: ${what}` } });
      return;
    }
    this.onmessage?.(parsed.data);
  }
}

/**
 * The answer to a message refused for its depth, under the caller's own id: a tool call gets an
 * error result (what a client shows its model), anything else a JSON-RPC error.
 */
function tooDeepAnswer(line: string, maxDepth: number): unknown {
  const id = jsonRpcIdOf(line);
  const message = `arguments nested deeper than ${maxDepth} levels`;
  if (id !== null && /"method"\s*:\s*"tools\/call"/.test(line)) {
    return { jsonrpc: '2.0', id, result: { isError: true, content: [{ type: 'text', text: `refused: ${message}` }] } };
  }
  return { jsonrpc: '2.0', id, error: { code: INVALID_REQUEST, message: `Invalid Request: ${message}` } };
}
