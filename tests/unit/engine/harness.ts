// A small in-process agent pool for engine unit tests: agents whose capabilities are JS functions.
// Integration tests use the real agents layer through the runtime.
import type { AgentLease, AgentPort, AttemptContext, CapabilityInfo, ExecutorKind } from '../../../src/engine/index.ts';

export type Fn = (input: any, ctx: AttemptContext) => unknown;
export interface FnAgent {
  id: string;
  domain?: string;
  concurrency?: number;
  caps: Record<string, Fn | { fn: Fn; kind?: ExecutorKind; timeout?: string; retry?: CapabilityInfo['retry'] }>;
}

export class FnAgents implements AgentPort {
  readonly busy = new Map<string, number>();
  maxBusy = 0;
  private waiters: (() => void)[] = [];
  constructor(readonly agents: FnAgent[]) {
    for (const a of agents) this.busy.set(a.id, 0);
  }
  private cap(a: FnAgent, name: string) {
    const c = a.caps[name];
    if (!c) return undefined;
    return typeof c === 'function' ? { fn: c, kind: 'module' as ExecutorKind } : { kind: 'module' as ExecutorKind, ...c };
  }
  describe(capability: string, agentId?: string): CapabilityInfo | undefined {
    const cands = this.agents.filter((a) => (!agentId || a.id === agentId) && a.caps[capability]);
    const c = cands[0] && this.cap(cands[0], capability);
    return c ? { kind: c.kind, timeout: c.timeout, retry: c.retry } : undefined;
  }
  async acquire(capability: string, prefs: { agentId?: string; domain?: string }, attempt: { readonly signal: AbortSignal }): Promise<AgentLease> {
    for (;;) {
      const signal = attempt.signal;
      signal.throwIfAborted();
      const free = this.agents
        .filter((a) => (!prefs.agentId || a.id === prefs.agentId) && a.caps[capability] && this.busy.get(a.id)! < (a.concurrency ?? 1))
        .sort((x, y) => Number(y.domain === prefs.domain) - Number(x.domain === prefs.domain) || this.busy.get(x.id)! - this.busy.get(y.id)!);
      const a = free[0];
      if (a) {
        this.busy.set(a.id, this.busy.get(a.id)! + 1);
        this.maxBusy = Math.max(this.maxBusy, [...this.busy.values()].reduce((s, v) => s + v, 0));
        const { fn } = this.cap(a, capability)!;
        let released = false;
        return {
          agentId: a.id,
          execute: async (input, ctx) => fn(input, ctx),
          release: () => {
            if (released) return;
            released = true;
            this.busy.set(a.id, this.busy.get(a.id)! - 1);
            const w = this.waiters;
            this.waiters = [];
            for (const f of w) f();
          },
        };
      }
      await new Promise<void>((resolve, reject) => {
        const onAbort = () => reject(signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
        this.waiters.push(() => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        });
      });
    }
  }
}

/** Lets pending promise callbacks run (no timers involved). */
export async function flushMicrotasks(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}

import type { JournalBatch, RunJournal, RunRow, RunStatus, StepRow } from '../../../src/engine/index.ts';

/** The journal port kept in maps, with a record of which writes were durable. */
export class MemoryJournal implements RunJournal {
  runs = new Map<string, RunRow>();
  steps = new Map<string, Map<string, StepRow>>();
  knowledge: JournalBatch['knowledge'] = [];
  writes: { durable: boolean; steps: string[] }[] = [];
  async write(batch: JournalBatch, durable: boolean): Promise<void> {
    this.writes.push({ durable, steps: batch.steps.map((s) => `${s.stepId}:${s.status}`) });
    for (const r of batch.runs) this.runs.set(r.id, structuredClone(r));
    for (const s of batch.steps) {
      let m = this.steps.get(s.runId);
      if (!m) this.steps.set(s.runId, (m = new Map()));
      m.set(s.stepId, structuredClone(s));
    }
    this.knowledge.push(...batch.knowledge);
  }
  async getRun(id: string) {
    const r = this.runs.get(id);
    return r && structuredClone(r);
  }
  async getSteps(runId: string) {
    return [...(this.steps.get(runId)?.values() ?? [])].map((s) => structuredClone(s));
  }
  async listRuns(q: { status?: RunStatus[] }) {
    return [...this.runs.values()].filter((r) => !q.status || q.status.includes(r.status)).map((r) => structuredClone(r));
  }
}
