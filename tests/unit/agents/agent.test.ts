import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentRuntime, InputContractError, OutputContractError, UnknownCapabilityError, executors } from '../../../src/agents/index.ts';
import type { Executor, ExecutorRegistry } from '../../../src/agents/index.ts';
import { EventBus } from '../../../src/bus/index.ts';
import { ManualClock, NonRetriableError } from '../../../src/core/index.ts';
import { agentSpec, existsSync, taskContext, templateCap } from './helpers.ts';

/** An executor the test finishes by hand: lets a test hold tasks in flight. */
function gate() {
  const pending: { resolve: (v: unknown) => void; reject: (e: Error) => void; input: unknown }[] = [];
  const exec: Executor<'module'> = (_spec, input) => new Promise((resolve, reject) => pending.push({ resolve, reject, input }));
  const registry: ExecutorRegistry = { ...executors, module: exec };
  return { pending, registry };
}

describe('AgentRuntime contracts', () => {
  it('refuses an unknown capability with a clear non-retriable error and reports it', async () => {
    const bus = new EventBus();
    const agent = new AgentRuntime(agentSpec('writer', { write_post: templateCap('x'), edit: templateCap('y') }), { bus });
    const err = await agent.execute('write_poem', {}, taskContext()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnknownCapabilityError);
    expect(err).toBeInstanceOf(NonRetriableError);
    expect((err as Error).message).toBe('agent "writer" has no capability "write_poem" (it has: write_post, edit)');
    await bus.drain();
    const [evt] = bus.history({ type: 'error_occurred' });
    expect(evt).toMatchObject({ priority: 'high', source: 'writer', data: { taskType: 'write_poem', retriable: false } });
    expect(agent.metrics()).toMatchObject({ completed: 0, failed: 1 });
  });

  it('refuses bad input before the executor runs: the command that would create a file never starts', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'amas-agent-'));
    const target = path.join(dir, 'created.txt');
    const cap = {
      input: {
        type: 'object',
        required: ['name', 'count'],
        properties: { name: { type: 'string' }, count: { type: 'integer', minimum: 1 }, mode: { enum: ['a', 'b'] } },
      },
      run: { command: ['touch', '${{ input.name }}'] as [string, ...string[]] },
    };
    const agent = new AgentRuntime(agentSpec('maker', { make: cap }));
    agent.online();
    const err = await agent.execute('make', { name: target, count: 'three', mode: 'c' }, taskContext()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputContractError);
    expect(err).toBeInstanceOf(NonRetriableError);
    expect((err as InputContractError).problems).toEqual(['/count must be integer', '/mode must be one of: "a", "b"']);
    expect((err as Error).message).toMatch(/^bad input for maker\.make: /);
    expect(existsSync(target)).toBe(false);
    expect(agent.status).toBe('idle'); // a refused task says nothing about the agent's health
    // the same capability with a good input does create it: the refusal was what stopped it
    await agent.execute('make', { name: target, count: 3 }, taskContext());
    expect(existsSync(target)).toBe(true);
  });

  it('applies input defaults to a copy, never to the caller’s object', async () => {
    const cap = templateCap(
      { topic: '${{ input.topic }}', tone: '${{ input.tone }}' },
      { input: { type: 'object', properties: { topic: { type: 'string' }, tone: { type: 'string', default: 'professional' } } } },
    );
    const agent = new AgentRuntime(agentSpec('writer', { write: cap }));
    const input = { topic: 'bees' };
    await expect(agent.execute('write', input, taskContext())).resolves.toEqual({ topic: 'bees', tone: 'professional' });
    expect(input).toEqual({ topic: 'bees' });
  });

  it('fails the attempt (retriable) when the result breaks the output contract', async () => {
    const cap = templateCap({ title: 7 }, { output: { type: 'object', required: ['title', 'content'], properties: { title: { type: 'string' } } } });
    const bus = new EventBus();
    const agent = new AgentRuntime(agentSpec('writer', { write: cap }), { bus });
    agent.online();
    const err = await agent.execute('write', {}, taskContext()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutputContractError);
    expect(err).not.toBeInstanceOf(NonRetriableError);
    expect((err as OutputContractError).problems).toEqual(['(root) is missing required property "content"', '/title must be string']);
    expect(agent.status).toBe('error');
    expect(agent.metrics().failed).toBe(1);
    await bus.drain();
    expect(bus.history({ type: 'error_occurred' })[0]?.data).toMatchObject({ retriable: true, errorName: 'OutputContractError' });
  });
});

describe('AgentRuntime lifecycle and metrics', () => {
  it('announces going online and offline with its capabilities', async () => {
    const bus = new EventBus();
    const agent = new AgentRuntime(
      agentSpec('writer', { write_post: templateCap('x', { description: 'Write a post' }) }, { domain: 'Content', concurrency: 2 }),
      { bus },
    );
    expect(agent.status).toBe('offline');
    agent.online();
    expect(agent.status).toBe('idle');
    await agent.offline();
    expect(agent.status).toBe('offline');
    await bus.drain();
    const events = bus.history({ type: 'system_status' }).map((e) => e.data);
    expect(events).toEqual([
      expect.objectContaining({ agentId: 'writer', state: 'online', domain: 'Content', concurrency: 2, capabilities: [{ name: 'write_post', description: 'Write a post', executor: 'template' }] }),
      expect.objectContaining({ agentId: 'writer', state: 'offline' }),
    ]);
  });

  it('publishes task_complete to the requester with task id, type, result and duration', async () => {
    const clock = new ManualClock();
    const bus = new EventBus({ clock });
    const { pending, registry } = gate();
    const agent = new AgentRuntime(agentSpec('worker', { crunch: { run: { module: './x.mjs#f' } } }), { bus, clock, executors: registry });
    const got: unknown[] = [];
    bus.subscribe('task_complete', (e) => void got.push(e.data), { agentId: 'engine' });
    const running = agent.execute('crunch', { n: 1 }, taskContext({ taskId: 'task-9', requester: 'engine' }));
    clock.advance(1500);
    pending[0]!.resolve({ sum: 3 });
    await expect(running).resolves.toEqual({ sum: 3 });
    await bus.drain();
    expect(got).toEqual([expect.objectContaining({ taskId: 'task-9', taskType: 'crunch', agentId: 'worker', result: { sum: 3 }, durationMs: 1500 })]);
  });

  it('moves idle → working → error → idle and keeps completed, failed, average and p95', async () => {
    const clock = new ManualClock();
    const { pending, registry } = gate();
    const agent = new AgentRuntime(agentSpec('worker', { crunch: { run: { module: 'm' } } }), { clock, executors: registry });
    agent.online();
    expect(agent.metrics()).toMatchObject({ completed: 0, failed: 0, avgMs: 0, p95Ms: 0, lastActivity: undefined });
    for (let i = 1; i <= 20; i++) {
      const t = agent.execute('crunch', i, taskContext());
      expect(agent.status).toBe('working');
      expect(agent.inFlight).toBe(1);
      clock.advance(i * 10); // 10, 20, … 200 ms
      if (i === 20) pending.shift()!.reject(new Error('boom'));
      else pending.shift()!.resolve(i);
      await t.catch(() => undefined);
    }
    expect(agent.status).toBe('error');
    const m = agent.metrics();
    expect(m.completed).toBe(19);
    expect(m.failed).toBe(1);
    expect(m.avgMs).toBe(105); // mean of 10..200
    expect(m.p95Ms).toBe(190); // 19th of 20 sorted
    expect(m.lastActivity).toBe(clock.now());
    const ok = agent.execute('crunch', 0, taskContext());
    pending.shift()!.resolve(0);
    await ok;
    expect(agent.status).toBe('idle');
  });

  it('bounds the duration window', async () => {
    const clock = new ManualClock();
    const { pending, registry } = gate();
    const agent = new AgentRuntime(agentSpec('w', { c: { run: { module: 'm' } } }), { clock, executors: registry, metricsWindow: 4 });
    for (const d of [1000, 1000, 1000, 10, 20, 30, 40]) {
      const t = agent.execute('c', null, taskContext());
      clock.advance(d);
      pending.shift()!.resolve(null);
      await t;
    }
    expect(agent.metrics()).toMatchObject({ completed: 7, avgMs: 25, p95Ms: 40, windowSize: 4 });
  });

  it('goes offline only after its tasks in flight finish', async () => {
    const bus = new EventBus();
    const { pending, registry } = gate();
    const agent = new AgentRuntime(agentSpec('w', { c: { run: { module: 'm' } } }), { bus, executors: registry });
    agent.online();
    const task = agent.execute('c', null, taskContext());
    let off = false;
    const going = agent.offline('removed').then(() => {
      off = true;
    });
    expect(agent.isAccepting).toBe(false);
    expect(agent.tryTakeSlot()).toBe(false);
    await new Promise((r) => setImmediate(r));
    expect(off).toBe(false);
    expect(agent.status).toBe('working');
    pending[0]!.resolve('done');
    await task;
    await going;
    expect(agent.status).toBe('offline');
    await bus.drain();
    expect(bus.history({ type: 'system_status' }).map((e) => (e.data as { state: string }).state)).toEqual(['online', 'offline']);
  });
});
