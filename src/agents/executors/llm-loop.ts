// The agent loop of an `llm` capability with `tools:` (docs/agents.md): the model calls tools,
// amas runs them (the calls of one turn concurrently) and sends the results back, until an answer
// without tool calls — forced into the output schema with repair turns — or `max_turns`. Every
// turn and call goes through the engine's loop port, which journals it before the loop goes on:
// a resumed attempt rebuilds the conversation from the journal instead of asking again.
import { LoopWaiting, NonRetriableError, type AgentLoopPort, type LlmSpec, type LoopCallHow, type LoopCallRecord, type LoopTurnRecord, type ModelToolCall } from '../../core/index.ts';
import { errorLines } from '../../schema/index.ts';
import type { ExecutorContext } from '../executor.ts';
import { checkInput } from '../validate.ts';
import { attemptSignal } from './http-common.ts';
import { parseJsonAnswer, validatorFor } from './json-output.ts';
import { MAX_REPAIR_TURNS } from './llm-limits.ts';
import { instructions, noJsonSchema, resolveProvider, schemaName, type ResolvedProvider } from './llm-provider.ts';
import { buildTools, type LoopTool } from './llm-tools.ts';
import { reportedChat } from './model-calls.ts';
import { assistantMessage, ResponseFormatRejected, type ChatAnswer, type ChatMessage, type ChatRequest, type ChatTool } from './openai.ts';
import { renderText } from './render.ts';

/** Model turns of one loop when the spec does not say (`llm.max_turns`). */
export const DEFAULT_MAX_TURNS = 10;

type Spec = LlmSpec & { tools: NonNullable<LlmSpec['tools']> };

interface PreparedCall {
  record: LoopCallRecord;
  how: LoopCallHow;
  /** Runs nothing with a side effect (a pure tool, or a call refused before it runs). */
  pure: boolean;
}

export async function runAgentLoop(spec: Spec, ctx: ExecutorContext): Promise<unknown> {
  const loop = ctx.loop;
  if (!loop) throw new NonRetriableError('llm: tools need the engine: run this capability as a workflow step');
  const provider = resolveProvider(spec, ctx);
  const schema = ctx.outputSchema;
  const system = [spec.system === undefined ? undefined : renderText(spec.system, ctx, 'llm.system'), schema ? `When you give your final answer (without calling a tool): ${instructions(schema)}` : undefined]
    .filter((s): s is string => !!s && s.trim() !== '')
    .join('\n\n');
  const prompt = renderText(spec.prompt, ctx, 'llm.prompt');
  const maxTurns = spec.max_turns ?? DEFAULT_MAX_TURNS;
  const { signal, toError } = attemptSignal(ctx.signal, ctx.timeoutMs);
  const tools = await buildTools(spec.tools, ctx, loop, signal, toError);
  const run = new LoopRun(spec, ctx, loop, provider, tools, signal, toError);
  const messages: ChatMessage[] = [...(system ? [{ role: 'system' as const, content: system }] : []), { role: 'user', content: prompt }];
  return run.go(messages, maxTurns);
}

class LoopRun {
  private seq = 0;
  private readonly chatTools: ChatTool[];

  constructor(
    private readonly spec: Spec,
    private readonly ctx: ExecutorContext,
    private readonly loop: AgentLoopPort,
    private readonly provider: ResolvedProvider,
    private readonly tools: Map<string, LoopTool>,
    private readonly signal: AbortSignal,
    private readonly toError: (err: unknown) => unknown,
  ) {
    this.chatTools = [...tools.values()].map((t) => t.def);
  }

  async go(messages: ChatMessage[], maxTurns: number): Promise<unknown> {
    let turns = await this.replay(messages);
    for (;;) {
      if (turns >= maxTurns) {
        throw new NonRetriableError(`llm: the agent loop reached max_turns (${maxTurns}) without a final answer (raise llm.max_turns, or narrow the task)`);
      }
      const req = this.request(messages, true);
      const { answer, turn } = await this.ask(req, answerIsFinal);
      turns++;
      if (turn.final) {
        await this.loop.recordTurn(turn, [], true);
        return this.answer(messages, answer, turn);
      }
      const calls = answer.toolCalls.map((tc, i) => this.prepare(tc, i, turn.seq, undefined));
      const pure = calls.every((c) => c.pure);
      const recorded = this.loop.recordTurn(
        turn,
        calls.map((c) => c.record),
        pure,
      );
      messages.push(turn.message);
      if (pure) {
        // Nothing in this turn has a side effect: its calls run while the turn is journaled, so
        // their results usually go in the same write. The turn is journaled before the next request.
        await Promise.all([recorded, this.settle(messages, calls)]);
      } else {
        await recorded;
        await this.settle(messages, calls);
      }
    }
  }

  /**
   * Rebuilds the conversation from the journal: completed turns are not asked again, finished
   * calls not run again; the calls a crash interrupted run now (the engine parks a
   * non-idempotent one as in_doubt before this attempt starts). Returns the turns used.
   */
  private async replay(messages: ChatMessage[]): Promise<number> {
    const { turns, calls } = await this.loop.history();
    const byId = new Map(calls.map((c) => [c.callId, c]));
    let used = 0;
    for (const t of turns) {
      this.seq = Math.max(this.seq, t.seq);
      // Answer turns (and their repairs) are redone: only the acting part of the conversation resumes.
      if (t.final) continue;
      used++;
      messages.push(t.message);
      const prepared = (t.message.tool_calls ?? []).map((tc, i) => this.prepare(tc, i, t.seq, byId.get(`${t.seq}.${i}`)));
      await this.settle(messages, prepared);
    }
    return used;
  }

  /**
   * Runs the calls of one turn that have no result yet, concurrently, then adds every result in
   * order. A call waiting for a person does not stop the others: once they are done (and
   * journaled), the attempt ends with LoopWaiting and the step waits (see AgentLoopPort.runCall).
   */
  private async settle(messages: ChatMessage[], calls: PreparedCall[]): Promise<void> {
    const open = calls.filter((c) => c.record.status === 'running');
    if (open.length === 1) await this.loop.runCall(open[0]!.record, open[0]!.how);
    else if (open.length > 1) {
      const settled = await Promise.allSettled(open.map((c) => this.loop.runCall(c.record, c.how)));
      const waiting: string[] = [];
      for (const r of settled) {
        if (r.status === 'fulfilled') continue;
        if (!(r.reason instanceof LoopWaiting)) throw r.reason;
        waiting.push(...r.reason.calls);
      }
      if (waiting.length) throw new LoopWaiting(waiting);
    }
    for (const c of calls) messages.push({ role: 'tool', tool_call_id: c.record.toolCallId, content: c.record.result ?? '' });
  }

  /** A call as journaled: its arguments checked against the tool's parameters, or the reason it cannot run (sent back for the model to repair). */
  private prepare(tc: ModelToolCall, index: number, turn: number, journaled: LoopCallRecord | undefined): PreparedCall {
    const name = tc.function.name;
    const tool = this.tools.get(name);
    let args: unknown = tc.function.arguments;
    let invalid: string | undefined;
    if (!tool) invalid = `unknown tool "${name}"; the tools are: ${[...this.tools.keys()].join(', ')}`;
    else {
      try {
        args = tc.function.arguments.trim() === '' ? {} : (JSON.parse(tc.function.arguments) as unknown);
        const checked = checkInput(tool.def.function.parameters, args);
        if (checked.ok) args = checked.value;
        else invalid = `the arguments do not match the parameters of "${name}": ${checked.problems.join('; ')}`;
      } catch (err) {
        invalid = `the arguments of "${name}" are not valid JSON (${(err as Error).message})`;
      }
    }
    const record: LoopCallRecord = journaled ?? {
      runId: '',
      loop: '',
      callId: `${turn}.${index}`,
      turn,
      toolCallId: tc.id,
      tool: name,
      kind: tool?.kind ?? 'unknown',
      args,
      idempotent: tool?.idempotent ?? true,
      status: 'running',
      result: undefined,
      startedAt: Date.now(),
      endedAt: undefined,
      durationMs: undefined,
    };
    return invalid !== undefined ? { record, how: { invalid }, pure: true } : { record, how: tool!.run(record.args), pure: tool!.pure };
  }

  private request(messages: ChatMessage[], withTools: boolean, jsonSchema?: Record<string, unknown>): ChatRequest {
    const { provider, spec } = this;
    const req: ChatRequest = { model: provider.model, messages };
    if (withTools) req.tools = this.chatTools;
    if (provider.temperature !== undefined) req.temperature = provider.temperature;
    if (spec.max_tokens !== undefined) req[provider.tokenParam] = spec.max_tokens;
    if (jsonSchema) req.response_format = { type: 'json_schema', json_schema: { name: schemaName(this.ctx.capability), schema: jsonSchema, strict: false } };
    return req;
  }

  /** One model request, its usage reported, as a turn record (journaled by the caller). */
  private async ask(req: ChatRequest, isFinal: (a: ChatAnswer) => boolean): Promise<{ answer: ChatAnswer; turn: LoopTurnRecord }> {
    const t0 = performance.now();
    let answer: ChatAnswer;
    try {
      // Through the model_call hook, like every model request (events, traces).
      answer = await reportedChat(this.ctx, this.provider, req, this.signal);
    } catch (err) {
      throw this.toError(err);
    }
    if (answer.usage) this.ctx.reportUsage?.(answer.usage);
    const turn: LoopTurnRecord = {
      runId: '',
      loop: '',
      seq: ++this.seq,
      attempt: this.ctx.attempt,
      final: isFinal(answer),
      message: assistantMessage(answer),
      promptTokens: answer.usage?.promptTokens ?? 0,
      completionTokens: answer.usage?.completionTokens ?? 0,
      durationMs: performance.now() - t0,
      at: Date.now(),
    };
    return { answer, turn };
  }

  /** The final answer: as text without an output schema, else parsed, validated and repaired (no tools offered). */
  private async answer(messages: ChatMessage[], first: ChatAnswer, firstTurn: LoopTurnRecord): Promise<unknown> {
    const schema = this.ctx.outputSchema;
    if (!schema) {
      if (first.content === null) throw new Error(`llm: the model gave no answer${first.refusal ? ` (refusal: ${first.refusal})` : ''}`);
      return first.content;
    }
    const validate = validatorFor(schema);
    let useJsonSchema = this.provider.jsonSchema;
    let answer = first;
    let turn = firstTurn;
    let problems: string[] = [];
    for (let repair = 0; ; repair++) {
      const text = answer.content;
      if (text === null) problems = [answer.refusal ? `the model refused: ${answer.refusal}` : 'the answer was empty'];
      else {
        const parsed = parseJsonAnswer(text);
        if (!parsed.ok) problems = [parsed.error];
        else if (validate(parsed.value)) return parsed.value;
        else problems = errorLines(validate.errors);
        if (answer.finishReason === 'length') problems.push('the answer was cut off by the token limit: answer more briefly');
      }
      if (repair >= MAX_REPAIR_TURNS) break;
      messages.push(turn.message, {
        role: 'user',
        content: `Your answer does not satisfy the required JSON Schema:\n${problems.map((p) => `- ${p}`).join('\n')}\nReply again with only the corrected JSON value.`,
      });
      try {
        ({ answer, turn } = await this.ask(this.request(messages, false, useJsonSchema ? schema : undefined), () => true));
      } catch (err) {
        if (!(err instanceof ResponseFormatRejected) || !useJsonSchema) throw err;
        // Not every compatible server knows json_schema: the instructions in the system message remain.
        noJsonSchema.add(`${this.provider.endpoint.baseUrl}\0${this.provider.model}`);
        useJsonSchema = false;
        ({ answer, turn } = await this.ask(this.request(messages, false), () => true));
      }
      await this.loop.recordTurn(turn, [], true);
    }
    throw new Error(`llm: no valid answer after ${MAX_REPAIR_TURNS + 1} tries: ${problems.join('; ')}`);
  }
}

const answerIsFinal = (a: ChatAnswer): boolean => a.toolCalls.length === 0;
