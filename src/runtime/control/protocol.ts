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

/** Longest line either side accepts; beyond it the connection is closed (a hostile or broken peer). */
export const MAX_LINE_BYTES = 32 * 1024 * 1024;

/** Splits a byte stream into lines without holding more than one partial line. */
export class LineSplitter {
  private buf = '';
  constructor(private readonly onLine: (line: string) => void, private readonly onOverflow: () => void) {}
  push(chunk: string): void {
    this.buf += chunk;
    let nl = this.buf.indexOf('\n');
    while (nl >= 0) {
      const line = this.buf.slice(0, nl);
      this.buf = this.buf.slice(nl + 1);
      if (line.trim()) this.onLine(line);
      nl = this.buf.indexOf('\n');
    }
    if (this.buf.length > MAX_LINE_BYTES) {
      this.buf = '';
      this.onOverflow();
    }
  }
}
