// Shared by the MCP end-to-end suites: a fixture copy per file, an SDK client over stdio to a
// real `node bin/amas mcp` child, and a raw line-level child for malformed-protocol tests.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(ROOT, 'bin/amas');
export const FIXTURE = path.join(ROOT, 'tests/fixtures/mcp/project');

export function copyFixture(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amas-mcp-'));
  fs.cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

export interface Connected {
  client: Client;
  stderr(): string;
  close(): Promise<void>;
}

export async function connect(dir: string): Promise<Connected> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp', dir], stderr: 'pipe', env: { ...process.env, AMAS_LOG_LEVEL: 'debug' } as Record<string, string> });
  let err = '';
  transport.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const client = new Client({ name: 'amas-tests', version: '0' });
  await client.connect(transport);
  return { client, stderr: () => err, close: () => client.close() };
}

export async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

export function text(r: CallToolResult): string {
  return r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
}

export function data<T = Record<string, any>>(r: CallToolResult): T {
  return r.structuredContent as T;
}

/** A child speaking JSON-RPC lines by hand: for what a well-behaved SDK client never sends. */
export class RawChild {
  readonly proc: ChildProcessWithoutNullStreams;
  readonly messages: any[] = [];
  readonly badStdout: string[] = [];
  private buf = '';
  private waiters: (() => void)[] = [];

  constructor(dir: string) {
    this.proc = spawn(process.execPath, [BIN, 'mcp', dir], { stdio: 'pipe' });
    this.proc.stdout.setEncoding('utf8');
    this.proc.stdout.on('data', (chunk: string) => {
      this.buf += chunk;
      let nl: number;
      while ((nl = this.buf.indexOf('\n')) >= 0) {
        const line = this.buf.slice(0, nl);
        this.buf = this.buf.slice(nl + 1);
        try {
          this.messages.push(JSON.parse(line));
        } catch {
          this.badStdout.push(line);
        }
      }
      for (const w of this.waiters.splice(0)) w();
    });
    this.proc.stderr.resume();
  }

  write(line: string | object): void {
    this.proc.stdin.write(`${typeof line === 'string' ? line : JSON.stringify(line)}\n`);
  }

  async until(pred: (msgs: any[]) => boolean, what: string, ms = 15_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!pred(this.messages)) {
      if (this.proc.exitCode !== null) throw new Error(`amas mcp exited (${this.proc.exitCode}) while waiting for ${what}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }

  response(id: number | string | null): any {
    return this.messages.find((m) => m.id === id && ('result' in m || 'error' in m));
  }

  async initialize(): Promise<void> {
    this.write({ jsonrpc: '2.0', id: 'init', method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } } });
    await this.until(() => !!this.response('init'), 'initialize');
    this.write({ jsonrpc: '2.0', method: 'notifications/initialized' });
  }

  async close(): Promise<number | null> {
    this.proc.stdin.end();
    if (this.proc.exitCode !== null) return this.proc.exitCode;
    return new Promise((resolve) => this.proc.once('exit', (code) => resolve(code)));
  }
}
