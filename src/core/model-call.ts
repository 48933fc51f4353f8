/**
 * One model request as an executor reports it, after it answered or failed. The engine turns it
 * into a `model_call` event (the TUI, the logs, OpenTelemetry's `chat` spans read it); defined
 * here because both the agents layer (which measures it) and the engine (which emits it) need it.
 */
export interface ModelCallReport {
  /** The amas.yaml provider name. */
  provider: string;
  /** The model asked for. */
  model: string;
  /** The model the server says answered, when it says (`model` of the response). */
  responseModel?: string;
  /** Wall-clock ms when the request was sent. */
  startedAt: number;
  durationMs: number;
  /** Tokens as the server reported them; absent when it reported no usage. */
  inputTokens?: number;
  outputTokens?: number;
  /** `finish_reason` of the answer (stop, length, tool_calls…), when it gave one. */
  finishReason?: string;
  /** Why the request failed (masked like every event). */
  error?: string;
}
