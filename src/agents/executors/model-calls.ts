import { errorMessage, systemClock } from '../../core/index.ts';
import type { ExecutorContext } from '../executor.ts';
import { chatCompletion, type ChatAnswer, type ChatEndpoint, type ChatRequest } from './openai.ts';

/**
 * One chat completion, reported through `ctx.reportModelCall` once it answered or failed (the
 * `model_call` event: the TUI, the logs and OpenTelemetry's `chat` spans read it). Costs two clock
 * reads and one small object per request — nothing next to the request itself.
 */
export async function reportedChat(ctx: ExecutorContext, provider: { name: string; endpoint: ChatEndpoint }, req: ChatRequest, signal: AbortSignal): Promise<ChatAnswer> {
  const startedAt = (ctx.clock ?? systemClock).now();
  const t0 = performance.now();
  try {
    const answer = await chatCompletion(provider.endpoint, req, signal, ctx);
    if (ctx.reportModelCall) {
      ctx.reportModelCall({
        provider: provider.name,
        model: req.model,
        ...(answer.model === null ? {} : { responseModel: answer.model }),
        startedAt,
        durationMs: performance.now() - t0,
        ...(answer.usage ? { inputTokens: answer.usage.promptTokens, outputTokens: answer.usage.completionTokens } : {}),
        ...(answer.finishReason === null ? {} : { finishReason: answer.finishReason }),
      });
    }
    return answer;
  } catch (err) {
    ctx.reportModelCall?.({ provider: provider.name, model: req.model, startedAt, durationMs: performance.now() - t0, error: signal.aborted ? `aborted: ${errorMessage(signal.reason ?? err)}` : errorMessage(err) });
    throw err;
  }
}
