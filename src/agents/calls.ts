/**
 * The one hook through which `amas test` records and replays a project's outgoing calls. The
 * three kinds of call that leave the process — a model request (`chatCompletion`), an `http`
 * executor request and an `mcp` tool call — go through `ExecutorContext.calls` when it is set;
 * when it is unset (every run outside `amas test`) the executors call out directly.
 */
export type CallKind = 'llm' | 'http' | 'mcp';

/** One outgoing call as plain JSON: what a cassette stores and matches on. */
export interface OutgoingCall {
  kind: CallKind;
  /** llm/http: `{ method, url, headers, body }`; mcp: `{ server, tool, arguments }`. */
  request: Record<string, unknown>;
}

/** Where a call was made (for messages). */
export interface CallSite {
  runId: string;
  stepId: string;
  capability: string;
}

/** An HTTP answer as plain JSON (llm and http calls). */
export interface RecordedHttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface CallInterceptor {
  /**
   * Makes `call`: `send` performs it for real and resolves to its answer as plain JSON (an
   * interceptor that replays answers from a recording never calls it). A rejection fails the attempt.
   */
  call(call: OutgoingCall, send: () => Promise<unknown>, site: CallSite): Promise<unknown>;
}
