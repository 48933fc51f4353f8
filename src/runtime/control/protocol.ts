/** Newline-delimited JSON-RPC 2.0 on the control socket: one message per line. */
export interface RpcRequest {
  jsonrpc: '2.0';
  id?: number | string | null;
  method: string;
  params?: unknown;
}

export interface RpcErrorBody {
  code: number;
  message: string;
  data?: { code?: string; hint?: string; exitCode?: number };
}

export type RpcResponse =
  | { jsonrpc: '2.0'; id: number | string | null; result: unknown }
  | { jsonrpc: '2.0'; id: number | string | null; error: RpcErrorBody };

export const RPC_PARSE_ERROR = -32700;
export const RPC_INVALID_REQUEST = -32600;
export const RPC_METHOD_NOT_FOUND = -32601;
export const RPC_INVALID_PARAMS = -32602;
export const RPC_APP_ERROR = -32000;

/** Longest reply line the client accepts (a run's detail can be large); beyond it the connection is closed. */
export const MAX_LINE_BYTES = 32 * 1024 * 1024;

/** Longest request line the runtime accepts: an oversized one gets an error reply and the connection is closed. */
export const MAX_REQUEST_BYTES = 8 * 1024 * 1024;

/**
 * Splits a stream of text into lines without holding more than one partial line, and never
 * more than `maxBytes` (UTF-8) of it: past that, `onOverflow` is called and the rest ignored.
 * Only the new chunk is searched for a newline, so a long line costs linear time.
 */
export class LineSplitter {
  private parts: string[] = [];
  private bytes = 0;
  private overflowed = false;
  constructor(
    private readonly onLine: (line: string) => void,
    private readonly onOverflow: () => void,
    private readonly maxBytes = MAX_LINE_BYTES,
  ) {}
  push(chunk: string): void {
    if (this.overflowed) return;
    let start = 0;
    let nl = chunk.indexOf('\n');
    while (nl >= 0) {
      const piece = chunk.slice(start, nl);
      if (this.tooLong(piece)) return;
      this.parts.push(piece);
      const line = this.parts.join('');
      this.parts = [];
      this.bytes = 0;
      if (line.trim()) this.onLine(line);
      if (this.overflowed) return;
      start = nl + 1;
      nl = chunk.indexOf('\n', start);
    }
    const rest = chunk.slice(start);
    if (rest && !this.tooLong(rest)) this.parts.push(rest);
  }
  private tooLong(piece: string): boolean {
    this.bytes += Buffer.byteLength(piece);
    if (this.bytes <= this.maxBytes) return false;
    this.parts = [];
    this.overflowed = true;
    this.onOverflow();
    return true;
  }
}
