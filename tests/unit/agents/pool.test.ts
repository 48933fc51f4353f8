import { describe, expect, it } from 'vitest';
import { AgentPool, UnknownCapabilityError, executors } from '../../../src/agents/index.ts';
import type { AgentLease, Executor, ExecutorRegistry } from '../../../src/agents/index.ts';
import { EventBus } from '../../../src/bus/index.ts';
import { NonRetriableError } from '../../../src/core/index.ts';
import type { CapabilitySpec } from '../../../src/core/index.ts';
import { agentSpec, taskContext, templateCap } from './helpers.ts';

const write: Record<string, CapabilitySpec> = { write: templateCap('${{ input.topic }}') };

function ids(list: { id: string }[]): string[] {
  return list.map((a) => a.id);
}

describe('AgentPool routing', () => {
  it('takes the pinned agent, else an idle one preferring the domain, else the least loaded', () => {
    const pool = new AgentPool();
    pool.add(agentSpec('a', write, { concurrency: 3 }));
    pool.add(agentSpec('b', write, { concurrency: 3, domain: 'Content Creation' }));
    pool.add(agentSpec('c', write, { concurrency: 1 }));
    expect(ids(pool.candidates('write', { agentId: 'c' }))).toEqual(['c']);
    expect(pool.candidates('write', { domain: 'content creation' })[0]!.id).toBe('b');
    const la = pool.tryAcquire('write', { agentId: 'a' })!;
    const lb = pool.tryAcquire('write', { agentId: 'b' })!;
    // c is idle: it wins over the domain agent b that already has work
    expect(ids(pool.candidates('write', { domain: 'Content Creation' }))).toEqual(['c', 'b', 'a']);
    const lc = pool.tryAcquire('write')!;
    expect(lc.agent.id).toBe('c');
    pool.tryAcquire('write', { agentId: 'a' });
    // a has 2/3, b 1/3: least loaded first; c is full and not a candidate
    expect(ids(pool.candidates('write'))).toEqual(['b', 'a']);
    for (const l of [la, lb, lc]) l.release();
  });

  it('spreads equal candidates by least recent use', () => {
    const pool = new AgentPool();
    for (const id of ['a', 'b', 'c']) pool.add(agentSpec(id, write));
    const got: string[] = [];
    for (let i = 0; i < 6; i++) {
      const l = pool.tryAcquire('write')!;
      got.push(l.agent.id);
      l.release();
    }
    expect(got).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
  });

  it('refuses at once what no agent could ever take', async () => {
    const pool = new AgentPool();
    pool.add(agentSpec('a', write));
    await expect(pool.acquire('translate')).rejects.toThrow(/no running agent has capability "translate"/);
    await expect(pool.acquire('write', { agentId: 'zed' })).rejects.toThrow(/no agent "zed" is running/);
    await expect(pool.acquire('translate', { agentId: 'a' })).rejects.toBeInstanceOf(UnknownCapabilityError);
    await expect(pool.acquire('translate')).rejects.toBeInstanceOf(NonRetriableError);
  });
});

describe('AgentPool wait queue', () => {
  it('waits when every capable agent is busy and serves waiters first come, first served', async () => {
    const pool = new AgentPool();
    pool.add(agentSpec('solo', write, { concurrency: 1 }));
    const first = await pool.acquire('write');
    const order: string[] = [];
    const second = pool.acquire('write').then((l) => (order.push('second'), l));
    const third = pool.acquire('write').then((l) => (order.push('third'), l));
    expect(pool.waiting).toBe(2);
    expect(pool.tryAcquire('write')).toBeUndefined();
    first.release();
    const l2 = await second;
    expect(order).toEqual(['second']);
    expect(pool.waiting).toBe(1);
    l2.release();
    (await third).release();
    expect(order).toEqual(['second', 'third']);
    expect(pool.active).toBe(0);
  });

  it('respects the concurrency limit of each agent', async () => {
    const pool = new AgentPool();
    const agent = pool.add(agentSpec('duo', write, { concurrency: 2 }));
    const l1 = await pool.acquire('write');
    const l2 = await pool.acquire('write');
    let third: AgentLease | undefined;
    const waiting = pool.acquire('write').then((l) => (third = l));
    await Promise.resolve();
    expect(third).toBeUndefined();
    expect(agent.load).toBe(2);
    expect(agent.status).toBe('working');
    l2.release();
    l2.release(); // idempotent
    await waiting;
    expect(third!.agent).toBe(agent);
    expect(agent.load).toBe(2);
    l1.release();
    third!.release();
    expect(agent.load).toBe(0);
    expect(agent.status).toBe('idle');
  });

  it('does not let a waiter pinned to a busy agent block others', async () => {
    const pool = new AgentPool();
    pool.add(agentSpec('a', write));
    pool.add(agentSpec('b', write));
    const la = await pool.acquire('write', { agentId: 'a' });
    const pinned = pool.acquire('write', { agentId: 'a' });
    const free = await pool.acquire('write');
    expect(free.agent.id).toBe('b');
    la.release();
    expect((await pinned).agent.id).toBe('a');
  });

  it('rejects a waiting acquire when its signal aborts, and forgets it', async () => {
    const pool = new AgentPool();
    pool.add(agentSpec('solo', write));
    const held = await pool.acquire('write');
    const ac = new AbortController();
    const waiting = pool.acquire('write', {}, ac.signal);
    const next = pool.acquire('write');
    ac.abort(new Error('step timed out'));
    await expect(waiting).rejects.toThrow('step timed out');
    expect(pool.waiting).toBe(1);
    held.release();
    expect((await next).agent.id).toBe('solo');
    const already = new AbortController();
    already.abort(new Error('gone'));
    await expect(pool.acquire('write', {}, already.signal)).rejects.toThrow('gone');
  });

  it('bounds slots across all agents with maxConcurrent', async () => {
    const pool = new AgentPool({ maxConcurrent: 2 });
    pool.add(agentSpec('a', write, { concurrency: 5 }));
    pool.add(agentSpec('b', { other: templateCap(1) }, { concurrency: 5 }));
    const l1 = await pool.acquire('write');
    await pool.acquire('other');
    const waitingWrite = pool.acquire('write');
    const waitingOther = pool.acquire('other');
    expect(pool.waiting).toBe(2);
    l1.release(); // room under the global limit: the oldest waiter gets it, whatever its capability
    expect((await waitingWrite).agent.id).toBe('a');
    expect(pool.waiting).toBe(1);
    void waitingOther;
  });

  it('serves waiters when a new agent with the capability arrives', async () => {
    const pool = new AgentPool();
    pool.add(agentSpec('a', write));
    await pool.acquire('write');
    const waiting = pool.acquire('write');
    pool.add(agentSpec('b', write));
    expect((await waiting).agent.id).toBe('b');
  });
});

describe('AgentPool reload and removal', () => {
  function gate() {
    const pending: ((v: unknown) => void)[] = [];
    const exec: Executor<'module'> = () => new Promise((resolve) => pending.push(resolve));
    const registry: ExecutorRegistry = { ...executors, module: exec };
    return { pending, registry };
  }

  it('replace: the old agent finishes its task in flight; new work goes to the new spec', async () => {
    const bus = new EventBus();
    const { pending, registry } = gate();
    const pool = new AgentPool({ bus, executors: registry });
    const old = pool.add(agentSpec('w', { job: { run: { module: 'v1' } } }));
    const running = pool.run('job', null, taskContext());
    await Promise.resolve();
    const fresh = pool.replace(agentSpec('w', { job: { run: { template: 'v2' } } }));
    expect(pool.get('w')).toBe(fresh);
    expect(old.isAccepting).toBe(false);
    expect(old.status).toBe('working');
    await expect(pool.run('job', null, taskContext())).resolves.toBe('v2');
    pending[0]!('v1-result');
    await expect(running).resolves.toBe('v1-result');
    expect(old.status).toBe('offline');
    await bus.drain();
    const states = bus.history({ type: 'system_status' }).map((e) => `${(e.data as { state: string; reason: string }).state}:${(e.data as { reason: string }).reason}`);
    expect(states).toEqual(['online:started', 'online:reloaded']);
  });

  it('remove: resolves once the task in flight is done, announces offline, rejects waiters nobody can serve', async () => {
    const bus = new EventBus();
    const { pending, registry } = gate();
    const pool = new AgentPool({ bus, executors: registry });
    pool.add(agentSpec('w', { job: { run: { module: 'm' } } }));
    const running = pool.run('job', null, taskContext());
    await Promise.resolve();
    const waiting = pool.acquire('job');
    let removed = false;
    const removal = pool.remove('w').then(() => (removed = true));
    await expect(waiting).rejects.toThrow(/no running agent has capability "job"/);
    expect(removed).toBe(false);
    pending[0]!('ok');
    await running;
    await removal;
    await bus.drain();
    expect(bus.history({ type: 'system_status' }).map((e) => (e.data as { state: string }).state)).toEqual(['online', 'offline']);
    expect(pool.list()).toEqual([]);
  });

  it('close rejects waiters and takes every agent offline', async () => {
    const pool = new AgentPool();
    pool.add(agentSpec('a', write));
    const held = await pool.acquire('write');
    const waiting = pool.acquire('write');
    const closing = pool.close();
    await expect(waiting).rejects.toThrow(/shutting down/);
    held.release();
    await closing;
    expect(held.agent.status).toBe('offline');
  });
});

describe('AgentPool.run end to end', () => {
  it('routes, validates and runs a real template capability', async () => {
    const pool = new AgentPool();
    pool.add(
      agentSpec('writer', {
        title: templateCap({ title: 'On ${{ input.topic }}', words: '${{ input.words }}' }, {
          input: { type: 'object', required: ['topic'], properties: { topic: { type: 'string' }, words: { type: 'integer', default: 300 } } },
          output: { type: 'object', required: ['title'], properties: { words: { type: 'integer' } } },
        }),
      }),
    );
    await expect(pool.run('title', { topic: 'bees' }, taskContext())).resolves.toEqual({ title: 'On bees', words: 300 });
    await expect(pool.run('title', { words: 3 }, taskContext())).rejects.toThrow('bad input for writer.title: (root) is missing required property "topic"');
    expect(pool.active).toBe(0);
  });
});

describe('AgentPool.describe', () => {
  it('reports the executor kind when all capable agents agree, and the declared timeout and retry', () => {
    const pool = new AgentPool();
    pool.add(agentSpec('a', { write: templateCap('x', { timeout: '30s', retry: { attempts: 2 } }), shell: { run: { command: ['true'] } } }));
    pool.add(agentSpec('b', { write: { run: { command: ['echo'] } } }));
    expect(pool.describe('write', 'a')).toEqual({ kind: 'template', timeout: '30s', retry: { attempts: 2 } });
    expect(pool.describe('write')?.kind).toBeUndefined();
    expect(pool.describe('shell')?.kind).toBe('command');
    expect(pool.describe('nothing')).toBeUndefined();
    expect(pool.describe('shell', 'b')).toBeUndefined();
  });
});

describe('AgentPool serving task_request events', () => {
  it('runs a targeted request and answers the requester; refuses an unknown capability the same way', async () => {
    const bus = new EventBus();
    const pool = new AgentPool({ bus });
    pool.add(agentSpec('writer', { title: templateCap('Title: ${{ input.topic }}') }));
    pool.serveTaskRequests(bus, () => taskContext());
    const answers: unknown[] = [];
    bus.subscribe('task_complete', (e) => void answers.push(['ok', e.data]), { agentId: 'cli' });
    bus.subscribe('error_occurred', (e) => void answers.push(['err', e.data]), { agentId: 'cli' });
    bus.publish({ type: 'task_request', source: 'cli', target: 'writer', data: { capability: 'title', taskId: 't1', input: { topic: 'bees' } } });
    await bus.drain();
    bus.publish({ type: 'task_request', source: 'cli', target: 'writer', data: { taskType: 'poem', taskId: 't2' } });
    await bus.drain();
    expect(answers).toEqual([
      ['ok', expect.objectContaining({ taskId: 't1', taskType: 'title', result: 'Title: bees', agentId: 'writer' })],
      ['err', expect.objectContaining({ taskId: 't2', taskType: 'poem', retriable: false, error: 'agent "writer" has no capability "poem" (it has: title)' })],
    ]);
    expect(bus.deadLetters()).toEqual([]);
  });
});
