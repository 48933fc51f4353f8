// Hot-path cost of the agents and bus layers: what one no-op `template` step pays below the engine.
// Run: npx tsx bench/agents.ts
import { AgentPool } from '../src/agents/index.ts';
import type { TaskContext } from '../src/agents/index.ts';
import { EventBus } from '../src/bus/index.ts';
import { silentLogger } from '../src/core/index.ts';

const N = 100_000;

function ctx(i: number): TaskContext {
  return {
    signal: new AbortController().signal,
    projectDir: process.cwd(),
    project: {},
    runId: 'r',
    workflowId: 'w',
    stepId: `s${i}`,
    attempt: 1,
    idempotencyKey: `r/s${i}`,
    timeoutMs: 300_000,
    scope: { env: {}, secrets: {}, run: { id: 'r', workflow: 'w', attempt: 1 } },
    logger: silentLogger,
  };
}

async function timeIt(label: string, n: number, fn: (i: number) => Promise<unknown> | unknown): Promise<void> {
  for (let i = 0; i < Math.min(n, 5000); i++) await fn(i); // warm up
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) await fn(i);
  const us = Number(process.hrtime.bigint() - t0) / 1000 / n;
  const c = process.cpuUsage(c0);
  console.log(`${label.padEnd(58)} ${us.toFixed(2)} µs/op wall, ${((c.user + c.system) / n).toFixed(2)} µs/op cpu`);
}

const spec = {
  id: 'noop',
  concurrency: 1000,
  capabilities: {
    noop: { run: { template: { ok: true } } },
    checked: {
      input: { type: 'object', properties: { x: { type: 'integer', default: 1 } } },
      output: { type: 'object', required: ['x'] },
      run: { template: { x: '${{ input.x }}' } },
    },
  },
};

const contexts = Array.from({ length: 1000 }, (_, i) => ctx(i));
const plain = new AgentPool();
plain.add(spec);
await timeIt('acquire + execute(template no-op) + release, no bus', N, async (i) => {
  const lease = plain.tryAcquire('noop')!;
  try {
    return await lease.execute('noop', undefined, contexts[i % 1000]!);
  } finally {
    lease.release();
  }
});
await timeIt('same via acquire() (promise)', N, async (i) => {
  const lease = await plain.acquire('noop');
  try {
    return await lease.execute('noop', undefined, contexts[i % 1000]!);
  } finally {
    lease.release();
  }
});
await timeIt('same with input defaults + output schema', N, async (i) => {
  const lease = plain.tryAcquire('checked')!;
  try {
    return await lease.execute('checked', {}, contexts[i % 1000]!);
  } finally {
    lease.release();
  }
});

const bus = new EventBus({ logger: silentLogger, persist: () => {} });
bus.subscribeAll(() => {});
const withBus = new AgentPool({ bus });
withBus.add(spec);
await timeIt('acquire + execute + release, task_complete on a bus', N, async (i) => {
  const lease = withBus.tryAcquire('noop')!;
  try {
    return await lease.execute('noop', undefined, contexts[i % 1000]!);
  } finally {
    lease.release();
  }
});
await bus.drain();

const bus2 = new EventBus({ logger: silentLogger });
let seen = 0;
bus2.subscribe('data_update', () => void seen++);
const t0 = process.hrtime.bigint();
for (let i = 0; i < N; i++) bus2.publish({ type: 'data_update', priority: i % 3 ? 'normal' : 'high', data: i });
const tPub = Number(process.hrtime.bigint() - t0) / 1000 / N;
await bus2.drain();
const tAll = Number(process.hrtime.bigint() - t0) / 1000 / N;
console.log(`${'bus publish'.padEnd(58)} ${tPub.toFixed(2)} µs/op`);
console.log(`${'bus publish + delivery (1 subscriber)'.padEnd(58)} ${tAll.toFixed(2)} µs/op  (${seen} delivered)`);
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
