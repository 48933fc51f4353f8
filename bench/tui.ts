// bench/tui: drives 5,000 snapshot-changing events per second through a running TUI for 10 s
// and prints frames written per second and the CPU share of one core.
// Targets: ≤ 20 frames/s, ≤ 25 % of one core. Run: npx tsx bench/tui.ts [seconds] [events/s]
//
// The TUI draws to a fake 120×40 TTY stream (isTTY, columns, rows), i.e. the real non-debug
// Ink path with its throttle, full-frame redraws and synchronized-output markers.
import { EventEmitter } from 'node:events';
import type { AgentSnapshot, EventSnapshot, RunSnapshot, Snapshot, SnapshotSource, StepSnapshot, TuiCommands } from '../src/core/index.ts';

// Ink decides "CI" at import (then it prints only the last frame) and React picks its build
// from NODE_ENV: set both as `amas up` in a terminal would have them, before importing.
// Colours on, as in a terminal (chalk would turn them off for a piped bench's stdout).
for (const k of ['CI', 'CONTINUOUS_INTEGRATION']) delete process.env[k];
process.env['NODE_ENV'] ??= 'production';
process.env['FORCE_COLOR'] ??= '1';

const SECONDS = Number(process.argv[2] ?? 10);
const RATE = Number(process.argv[3] ?? 5000);
const SYNC_MARKERS = new Set(['\u001b[?2026h', '\u001b[?2026l']);

/** A busy project whose snapshot changes with every event, as the runtime's would. */
class SnapshotGenerator implements SnapshotSource {
  private snap: Snapshot;
  private listeners = new Set<() => void>();
  private seq = 0;
  constructor(now: number) {
    const agents: AgentSnapshot[] = Array.from({ length: 10 }, (_, i) => ({
      id: `agent-${i}`, domain: i % 2 ? 'research' : 'ops', status: 'idle', inFlight: 0, concurrency: 4, completed: 0, failed: 0,
      avgMs: null, p95Ms: null, lastActivity: null, capabilities: ['plan', 'search', 'write'],
    }));
    const runs: RunSnapshot[] = Array.from({ length: 12 }, (_, r) => ({
      id: `run-${String(r).padStart(4, '0')}-bench`, workflowId: `wf-${r % 6}`, status: 'running', trigger: 'cron', startedAt: now, endedAt: null,
      progress: { done: 0, total: 8 }, error: null,
      steps: Array.from({ length: 8 }, (_, s): StepSnapshot => ({
        id: `step-${s}`, task: 'work', agentId: null, status: 'pending', attempt: 0, maxAttempts: 3, retryAt: null, startedAt: null, endedAt: null,
        needs: s === 0 ? [] : [`step-${Math.floor((s - 1) / 2)}`], error: null,
      })),
    }));
    this.snap = {
      version: 1, takenAt: now, state: 'running', project: { name: 'bench', dir: '/bench' }, startedAt: now, health: 'healthy',
      counts: { agents: 10, agentsWorking: 0, workflows: 6, runsActive: 12, runsCompleted: 0, runsFailed: 0, events: 0, alertsActive: 0 },
      lastReload: { at: now, ok: true, diagnostics: [] }, agents, runs, events: [], alerts: [],
      workflows: Array.from({ length: 6 }, (_, w) => ({
        id: `wf-${w}`, description: null, triggers: [{ kind: 'cron' as const, detail: '*/5 * * * * *' }], inputs: [], nextFire: now + 5000,
        lastOutcome: null, paused: false, activeRuns: 2,
      })),
    };
  }
  getSnapshot = (): Snapshot => this.snap;
  subscribe = (l: () => void) => {
    this.listeners.add(l);
    return () => void this.listeners.delete(l);
  };
  /** One runtime event: an agent and a step change state, an event joins the bounded feed. */
  event(now: number): void {
    const n = this.seq++;
    const s = this.snap;
    const ai = n % s.agents.length;
    const agents = s.agents.slice();
    const a = agents[ai]!;
    const working = n % 3 !== 0;
    agents[ai] = { ...a, status: working ? 'working' : 'idle', inFlight: working ? (a.inFlight % 4) + 1 : 0, completed: a.completed + 1, avgMs: 800 + (n % 500), p95Ms: 2000, lastActivity: now };
    const ri = n % s.runs.length;
    const runs = s.runs.slice();
    const run = runs[ri]!;
    const si = Math.floor(n / s.runs.length) % run.steps.length;
    const states = ['running', 'retrying', 'completed', 'pending'] as const;
    const steps = run.steps.slice();
    steps[si] = { ...steps[si]!, status: states[n % 4]!, attempt: (n % 3) + 1, startedAt: now - 500, retryAt: now + 2000 };
    runs[ri] = { ...run, steps, progress: { done: steps.filter((x) => x.status === 'completed').length, total: steps.length } };
    const ev: EventSnapshot = { id: `e${n}`, type: 'task_complete', priority: n % 10 === 0 ? 'high' : 'normal', source: a.id, target: 'engine', time: now, summary: `step-${si} of ${run.id}` };
    const events = s.events.length >= 200 ? [...s.events.slice(1), ev] : [...s.events, ev];
    this.snap = { ...s, takenAt: now, agents, runs, events, counts: { ...s.counts, events: s.counts.events + 1, agentsWorking: agents.filter((x) => x.status === 'working').length } };
    for (const l of this.listeners) l();
  }
}

function fakeTty(columns: number, rows: number) {
  const frames: number[] = [];
  const stdout = Object.assign(new EventEmitter(), {
    isTTY: true, columns, rows, bytes: 0,
    write(chunk: string | Uint8Array) {
      const text = String(chunk);
      stdout.bytes += text.length;
      if (!SYNC_MARKERS.has(text)) frames.push(performance.now());
      return true;
    },
  });
  const stdin = Object.assign(new EventEmitter(), {
    isTTY: true, setEncoding() {}, setRawMode() {}, resume() {}, pause() {}, ref() {}, unref() {}, read: () => null,
  });
  return { frames, stdout, streams: { stdout: stdout as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream, stderr: stdout as unknown as NodeJS.WriteStream } };
}

/** Feeds `rate` events/s in 5 ms batches for `seconds`; resolves when done. */
function drive(gen: SnapshotGenerator, rate: number, seconds: number): Promise<number> {
  return new Promise((resolve) => {
    const start = performance.now();
    let sent = 0;
    const timer = setInterval(() => {
      const elapsed = performance.now() - start;
      const due = Math.min(Math.floor((elapsed / 1000) * rate), rate * seconds);
      while (sent < due) {
        gen.event(Date.now());
        sent++;
      }
      if (elapsed >= seconds * 1000) {
        clearInterval(timer);
        resolve(sent);
      }
    }, 5);
  });
}

const idle: TuiCommands = {
  runWorkflow: async () => ({ runId: 'none' }), cancelRun: async () => {}, retryStep: async () => {}, skipStep: async () => {},
  pauseSchedule: async () => {}, resumeSchedule: async () => {}, quit: async () => {},
  stepDetail: async () => Promise.reject(new Error('no step details in the bench')),
  answerApproval: async () => {}, watchTranscript: () => () => {},
};

async function measure<T>(fn: () => Promise<T>): Promise<{ result: T; cpuPct: number; wallS: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await fn();
  const wallS = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { result, cpuPct: ((c.user + c.system) / 1e6 / wallS) * 100, wallS };
}

const { startTui } = await import('../src/tui/index.ts');

// Baseline: the generator alone, to tell its CPU from the TUI's.
const base = await measure(() => drive(new SnapshotGenerator(Date.now()), RATE, Math.min(3, SECONDS)));

const gen = new SnapshotGenerator(Date.now());
const tty = fakeTty(120, 40);
const tui = startTui(gen, idle, { ...tty.streams, env: {} });
await new Promise((r) => setTimeout(r, 200)); // first frame and layout, outside the measurement
const firstFrames = tty.frames.length;
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const run = await measure(() => drive(gen, RATE, SECONDS));
gc?.();
const heapAfter = process.memoryUsage().heapUsed;
const frames = tty.frames.length - firstFrames;
tui.unmount();
await tui.waitUntilExit();

const perSecond = new Map<number, number>();
const t0 = tty.frames[firstFrames] ?? 0;
for (const t of tty.frames.slice(firstFrames)) perSecond.set(Math.floor((t - t0) / 1000), (perSecond.get(Math.floor((t - t0) / 1000)) ?? 0) + 1);
const fps = frames / run.wallS;
const worst = Math.max(0, ...[...perSecond.entries()].filter(([s]) => s < Math.floor(run.wallS)).map(([, n]) => n));
const tuiCpu = run.cpuPct - base.cpuPct;

console.log(`bench/tui: ${run.result} events in ${run.wallS.toFixed(1)} s (${Math.round(run.result / run.wallS)}/s), 120×40 fake TTY, NODE_ENV=${process.env['NODE_ENV']}`);
console.log(`  frames written:  ${frames} → ${fps.toFixed(1)} frames/s average, worst second ${worst}   (target ≤ 20)`);
console.log(`  bytes written:   ${(tty.stdout.bytes / 1024).toFixed(0)} KiB (${(tty.stdout.bytes / 1024 / run.wallS).toFixed(1)} KiB/s)`);
console.log(`  heap used:       ${(heapBefore / 2 ** 20).toFixed(1)} → ${(heapAfter / 2 ** 20).toFixed(1)} MiB ${gc ? 'after GC' : '(no GC forced: run with node --expose-gc --import tsx for a retained figure)'}`);
console.log(`  CPU, whole process (generator + TUI): ${run.cpuPct.toFixed(1)} % of one core`);
console.log(`  CPU, generator alone (baseline):      ${base.cpuPct.toFixed(1)} %`);
console.log(`  CPU, TUI share (difference):          ${tuiCpu.toFixed(1)} % of one core   (target ≤ 25)`);
console.log(`  verdict: frames ${fps <= 20 && worst <= 21 ? 'OK' : 'OVER'}, cpu ${run.cpuPct <= 25 ? 'OK (whole process)' : tuiCpu <= 25 ? 'OK (TUI share)' : 'OVER'}`);
