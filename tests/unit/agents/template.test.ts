import { describe, expect, it } from 'vitest';
import { templateExecutor } from '../../../src/agents/index.ts';
import type { ExecutorContext } from '../../../src/agents/index.ts';
import { NonRetriableError, memoryLogger } from '../../../src/core/index.ts';

function ctx(scope: Record<string, unknown>): ExecutorContext {
  return {
    signal: new AbortController().signal,
    projectDir: process.cwd(),
    project: {},
    agentId: 'a',
    capability: 'c',
    runId: 'r',
    workflowId: 'w',
    stepId: 's',
    attempt: 1,
    idempotencyKey: 'r/s',
    timeoutMs: 1000,
    scope,
    logger: memoryLogger([]),
  };
}

describe('template executor', () => {
  it('renders a value deeply: whole expressions keep their type, embedded ones become text', async () => {
    const spec = { title: 'About ${{ input.topic }}', tags: '${{ input.tags }}', count: '${{ input.n * 2 }}', nested: ['${{ run.id }}', 3] };
    const out = await templateExecutor(spec, {}, ctx({ input: { topic: 'bees', tags: ['a', 'b'], n: 21 }, run: { id: 'run-1', workflow: 'w', attempt: 1 } }));
    expect(out).toEqual({ title: 'About bees', tags: ['a', 'b'], count: 42, nested: ['run-1', 3] });
  });

  it('turns an expression error into a non-retriable failure naming where it is', async () => {
    const err = await templateExecutor({ a: { b: '${{ nosuch.thing }}' } }, {}, ctx({ input: {} })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NonRetriableError);
    expect((err as Error).message).toMatch(/^template at a\.b: unknown name 'nosuch'/);
  });
});
