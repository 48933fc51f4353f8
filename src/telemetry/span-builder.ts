// Spans from stream events (docs/telemetry.md "The span tree"). Every span gets explicit start and
// end times from the events, and its parent is looked up by run and step id, so the tree is right
// however steps interleave. Loaded only with the SDK (pipeline.ts), never when traces are off.
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span, type Tracer } from '@opentelemetry/api';
import type { StepResult } from '../engine/index.ts';
import type { ToolKind, TracedEvent } from './events.ts';

interface Node {
  span: Span;
  ctx: Context;
}
interface StepNode extends Node {
  /** The attempt running now (`invoke_agent <agent>`), ended by a retry or the step's end. */
  agent: (Node & { attempt: number }) | undefined;
  tools: Map<string, Span>;
}
interface RunNode extends Node {
  workflow: string;
  steps: Map<string, StepNode>;
}

/** `gen_ai.tool.type` of the GenAI conventions for each kind of agent-loop tool. */
const TOOL_TYPE: Record<ToolKind, string> = { capability: 'function', agent: 'function', workflow: 'function', mcp: 'extension', knowledge: 'datastore' };

function fail(span: Span, message: string | undefined, type?: string): void {
  span.setStatus({ code: SpanStatusCode.ERROR, ...(message === undefined ? {} : { message }) });
  if (type !== undefined) span.setAttribute('error.type', type);
}

/** The spans of the runs that are going on, built event by event. */
export class SpanBuilder {
  private readonly runs = new Map<string, RunNode>();

  constructor(private readonly tracer: Tracer) {}

  /** Runs with an open span. */
  get openRuns(): number {
    return this.runs.size;
  }

  handle(e: TracedEvent): void {
    switch (e.type) {
      case 'run_started':
        return this.runStarted(e);
      case 'step_started':
        return this.stepStarted(e);
      case 'step_retrying': {
        const step = this.runs.get(e.runId)?.steps.get(e.stepId);
        if (!step?.agent) return;
        fail(step.agent.span, e.error.message, e.error.kind);
        step.agent.span.end(e.at);
        step.agent = undefined;
        return;
      }
      case 'step_finished':
        return this.stepFinished(e.runId, e.stepId, e.result, e.at);
      case 'run_finished':
        return this.runFinished(e);
      case 'model_call':
        return this.modelCall(e);
      case 'tool_call_started': {
        const step = this.runs.get(e.runId)?.steps.get(e.stepId);
        if (!step) return;
        step.tools.set(e.callId, this.toolSpan(step, e, e.at));
        return;
      }
      case 'tool_call_finished': {
        const step = this.runs.get(e.runId)?.steps.get(e.stepId);
        if (!step) return;
        const span = step.tools.get(e.callId) ?? this.toolSpan(step, e, e.at - e.durationMs);
        step.tools.delete(e.callId);
        if (!e.ok) fail(span, e.error, 'tool_error');
        span.end(e.at);
        return;
      }
      // Progress of for_each items and repeat iterations: their attempts' spans already tell it. A
      // wait for a person is time inside the step's span; the approval itself makes no span.
      case 'step_item_finished':
      case 'step_iteration_finished':
      case 'step_repeat_exhausted':
      case 'approval_requested':
      case 'approval_answered':
        return;
      default: {
        const never: never = e;
        void never;
      }
    }
  }

  /** Ends every open span at `at` (the process is stopping: runs left unfinished resume later). */
  endAll(at: number, reason: string): void {
    for (const [runId, run] of this.runs) {
      for (const step of run.steps.values()) this.endStep(step, at, reason);
      run.span.setAttribute('amas.run.status', 'suspended');
      fail(run.span, reason);
      run.span.end(at);
      this.runs.delete(runId);
    }
  }

  private runStarted(e: Extract<TracedEvent, { type: 'run_started' }>): void {
    // A run resumed in the same process starts a new trace; whatever the old one held ends here.
    const old = this.runs.get(e.runId);
    if (old) this.endRun(old, e.at, 'resumed');
    const span = this.tracer.startSpan(
      `run ${e.workflow}`,
      {
        root: true,
        kind: SpanKind.INTERNAL,
        startTime: e.at,
        attributes: { 'amas.run.id': e.runId, 'amas.workflow': e.workflow, 'amas.run.attempt': e.attempt, 'amas.trigger': e.trigger, 'amas.run.steps': e.total },
      },
      ROOT_CONTEXT,
    );
    this.runs.set(e.runId, { span, ctx: trace.setSpan(ROOT_CONTEXT, span), workflow: e.workflow, steps: new Map() });
  }

  private step(run: RunNode, runId: string, stepId: string, at: number): StepNode {
    let step = run.steps.get(stepId);
    if (!step) {
      const span = this.tracer.startSpan(`step ${stepId}`, { kind: SpanKind.INTERNAL, startTime: at, attributes: { 'amas.run.id': runId, 'amas.workflow': run.workflow, 'amas.step.id': stepId } }, run.ctx);
      step = { span, ctx: trace.setSpan(run.ctx, span), agent: undefined, tools: new Map() };
      run.steps.set(stepId, step);
    }
    return step;
  }

  private stepStarted(e: Extract<TracedEvent, { type: 'step_started' }>): void {
    const run = this.runs.get(e.runId);
    if (!run) return;
    const step = this.step(run, e.runId, e.stepId, e.at);
    if (step.agent) step.agent.span.end(e.at);
    const attributes: Attributes = {
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': e.agent,
      'amas.run.id': e.runId,
      'amas.workflow': run.workflow,
      'amas.step.id': e.stepId,
      'amas.attempt': e.attempt,
      'amas.max_attempts': e.maxAttempts,
    };
    const span = this.tracer.startSpan(`invoke_agent ${e.agent}`, { kind: SpanKind.INTERNAL, startTime: e.at, attributes }, step.ctx);
    step.agent = { span, ctx: trace.setSpan(step.ctx, span), attempt: e.attempt };
  }

  private stepFinished(runId: string, stepId: string, result: StepResult, at: number): void {
    const run = this.runs.get(runId);
    if (!run) return;
    // A skipped step never started: it still gets its (empty) span, so the tree shows every step.
    const step = this.step(run, runId, stepId, at);
    step.span.setAttribute('amas.step.status', result.status);
    if (result.status === 'skipped') step.span.setAttribute('amas.step.skip_reason', result.reason);
    if (result.attempt > 0) step.span.setAttribute('amas.attempt', result.attempt);
    if (result.error) {
      if (step.agent) fail(step.agent.span, result.error.message, result.error.kind);
      fail(step.span, result.error.message, result.error.kind);
    }
    this.endStep(step, at, undefined);
    run.steps.delete(stepId);
  }

  private endStep(step: StepNode, at: number, reason: string | undefined): void {
    for (const span of step.tools.values()) {
      if (reason !== undefined) fail(span, reason);
      span.end(at);
    }
    step.tools.clear();
    if (step.agent) {
      if (reason !== undefined) fail(step.agent.span, reason);
      step.agent.span.end(at);
      step.agent = undefined;
    }
    if (reason !== undefined) {
      step.span.setAttribute('amas.step.status', 'unfinished');
      fail(step.span, reason);
    }
    step.span.end(at);
  }

  private endRun(run: RunNode, at: number, reason: string | undefined): void {
    for (const step of run.steps.values()) this.endStep(step, at, reason);
    run.steps.clear();
    if (reason !== undefined) fail(run.span, reason);
    run.span.end(at);
  }

  private runFinished(e: Extract<TracedEvent, { type: 'run_finished' }>): void {
    const run = this.runs.get(e.runId);
    if (!run) return;
    const r = e.result;
    run.span.setAttribute('amas.run.status', r.status);
    if (r.usage) {
      run.span.setAttribute('gen_ai.usage.input_tokens', r.usage.prompt);
      run.span.setAttribute('gen_ai.usage.output_tokens', r.usage.completion);
    }
    if (r.status !== 'completed' && r.status !== 'running') fail(run.span, r.error ?? r.status, r.status);
    // Steps still open here were cancelled with the run, or wait for a person (in doubt).
    const end = Math.max(e.at, r.endedAt ?? e.at);
    this.endRun(run, end, run.steps.size > 0 ? (r.error ?? `run ${r.status}`) : undefined);
    this.runs.delete(e.runId);
  }

  private parentOf(runId: string, stepId: string): Context | undefined {
    const run = this.runs.get(runId);
    const step = run?.steps.get(stepId);
    return step?.agent?.ctx ?? step?.ctx ?? run?.ctx;
  }

  private modelCall(e: Extract<TracedEvent, { type: 'model_call' }>): void {
    const parent = this.parentOf(e.runId, e.stepId);
    if (!parent) return;
    const attributes: Attributes = {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': e.provider,
      'gen_ai.system': e.provider,
      'gen_ai.request.model': e.model,
      'amas.run.id': e.runId,
      'amas.step.id': e.stepId,
      'amas.attempt': e.attempt,
    };
    if (e.agent !== '') attributes['gen_ai.agent.name'] = e.agent;
    if (e.responseModel !== undefined) attributes['gen_ai.response.model'] = e.responseModel;
    if (e.inputTokens !== undefined) attributes['gen_ai.usage.input_tokens'] = e.inputTokens;
    if (e.outputTokens !== undefined) attributes['gen_ai.usage.output_tokens'] = e.outputTokens;
    if (e.finishReason !== undefined) attributes['gen_ai.response.finish_reasons'] = [e.finishReason];
    const span = this.tracer.startSpan(`chat ${e.model}`, { kind: SpanKind.CLIENT, startTime: e.startedAt, attributes }, parent);
    if (e.error !== undefined) fail(span, e.error, 'model_error');
    span.end(e.startedAt + e.durationMs);
  }

  private toolSpan(step: StepNode, e: { runId: string; stepId: string; callId: string; tool: string; kind: ToolKind }, at: number): Span {
    const attributes: Attributes = {
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': e.tool,
      'gen_ai.tool.call.id': e.callId,
      'gen_ai.tool.type': TOOL_TYPE[e.kind],
      'amas.tool.kind': e.kind,
      'amas.run.id': e.runId,
      'amas.step.id': e.stepId,
    };
    return this.tracer.startSpan(`execute_tool ${e.tool}`, { kind: SpanKind.INTERNAL, startTime: at, attributes }, step.agent?.ctx ?? step.ctx);
  }
}
