// Engine overhead: no-op `template` steps through the whole runtime (spec → agents pool → engine →
// store journal) in three shapes, at 1,000 and 10,000 steps, in memory and with the file store.
// Each case runs in its own process so that peak RSS belongs to it, twice: a timing process
// (warm-up, then the median of many runs) and a fresh process that runs the workflow once, whose
// peak is the memory of running it (the timing process's peak also holds every earlier run's rows,
// which the in-memory database keeps). Store `engine` measures the engine alone (an in-process
// agent, no journal): the overhead that is the engine's own.
// The cases run on compiled JS under plain node (tsx's loader costs CPU and ~50 MB of RSS that
// the product does not have): the parent compiles this file and the src it imports with
// bench/tsconfig.engine.json — the same compiler options as `npm run build` — and runs that.
// CPU time (process.cpuUsage) is the figure to trust on a loaded machine; wall time is printed too.
//   npx tsx bench/engine.ts                    all cases (add --repeat N: best of N processes per case)
//   BENCH_WARMUP=0 BENCH_REPS=1 …             one run in a fresh process (RSS of a single run)
//   npx tsx bench/engine.ts chain 1000 memory  one case (in this process, as tsx or as compiled JS)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StepSpec, WorkflowSpec } from '../src/core/index.ts';
import { Engine } from '../src/engine/index.ts';
import { openProject, type RunResult } from '../src/index.ts';

type Shape = 'chain' | 'fan' | 'layered';

function build(shape: Shape, n: number): WorkflowSpec {
  const steps: StepSpec[] = [];
  if (shape === 'chain') for (let i = 0; i < n; i++) steps.push({ id: `s${i}`, task: 'noop', ...(i ? { needs: [`s${i - 1}`] } : {}) });
  if (shape === 'fan') {
    steps.push({ id: 'src', task: 'noop' });
    for (let i = 0; i < n - 2; i++) steps.push({ id: `m${i}`, task: 'noop', needs: ['src'] });
    steps.push({ id: 'sink', task: 'noop', needs: steps.slice(1).map((s) => s.id) });
  }
  if (shape === 'layered') {
    // 100 wide, each step needing the whole previous layer: 10 layers at 1,000 steps (90,000 edges).
    // The steps of a layer share one `needs` list, as code that builds a spec would: built with an
    // array and a string per edge (what a YAML parser produces) the input alone adds ≈ 58 MB of
    // RSS at 10,000 steps (990,000 edges) — `BENCH_EDGE_STRINGS=1` builds it that way.
    const width = 100;
    const perEdge = process.env.BENCH_EDGE_STRINGS === '1';
    let prev: string[] | undefined;
    for (let l = 0; l < n / width; l++) {
      const ids = Array.from({ length: width }, (_, w) => `l${l}_${w}`);
      for (const id of ids) steps.push({ id, task: 'noop', ...(prev ? { needs: perEdge ? Array.from({ length: width }, (_, k) => `l${l - 1}_${k}`) : prev } : {}) });
      prev = ids;
    }
  }
  return { id: `${shape}-${n}`, steps: steps as [StepSpec, ...StepSpec[]] };
}

function projectDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'amas-bench-'));
  mkdirSync(join(dir, 'agents.d'));
  mkdirSync(join(dir, 'workflows.d'));
  writeFileSync(join(dir, 'amas.yaml'), 'apiVersion: amas/v1\nruntime: { max_concurrent_tasks: 100000 }\n');
  writeFileSync(
    join(dir, 'agents.d', 'noop.yaml'),
    'apiVersion: amas/v1\nid: noop\nconcurrency: 1000\ncapabilities:\n  noop:\n    run:\n      template: { ok: true }\n',
  );
  writeFileSync(join(dir, 'workflows.d', 'one.yaml'), 'apiVersion: amas/v1\nid: one\nsteps:\n  - id: a\n    task: noop\n');
  return dir;
}

type StoreKind = 'memory' | 'file' | 'engine';

const mb = (bytes: number): number => Math.round(bytes / 1e6);

/** `engine`: the engine alone — an in-process agent that returns its input, no journal. */
async function target(store: StoreKind, dir: string): Promise<{ run(spec: WorkflowSpec): Promise<RunResult>; close(): Promise<void> }> {
  if (store === 'engine') {
    const lease = { agentId: 'noop', execute: (input: unknown) => Promise.resolve(input), release() {} };
    const engine = new Engine({ agents: { describe: () => ({ kind: 'template' }), acquire: () => Promise.resolve(lease) } });
    return { run: (spec) => engine.run(spec), close: () => engine.close() };
  }
  const project = await openProject(dir, { store: store === 'memory' ? ':memory:' : join(dir, '.amas', 'amas.db') });
  return { run: (spec) => project.engine.run(spec), close: () => project.close() };
}

async function runCase(shape: Shape, n: number, store: StoreKind): Promise<void> {
  const dir = projectDir();
  const rssBefore = process.memoryUsage().rss;
  const project = await target(store, dir);
  const rssOpen = process.memoryUsage().rss;
  const spec = build(shape, n);
  const edges = spec.steps.reduce((s, st) => s + (st.needs?.length ?? 0), 0);
  const reps = Number(process.env.BENCH_REPS ?? (n >= 10_000 ? 5 : 20));
  const warmup = Number(process.env.BENCH_WARMUP ?? 5);
  for (let i = 0; i < warmup; i++) await project.run(spec); // warm-up: JIT, plan cache
  const times: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    const c = process.cpuUsage();
    const r = await project.run(spec);
    const dc = process.cpuUsage(c);
    times.push(performance.now() - t);
    cpus.push((dc.user + dc.system) / 1000);
    if (r.status !== 'completed') throw new Error(`${shape} ${n}: ${r.status} ${r.error ?? ''}`);
  }
  // Where the memory is after the last run (garbage included: this is what RSS holds). external
  // includes the sql.js wasm memory, arrayBuffers the buffers node allocated (journal I/O).
  const m = process.memoryUsage();
  const mem = { rss: mb(m.rss), heapTotal: mb(m.heapTotal), heapUsed: mb(m.heapUsed), external: mb(m.external), arrayBuffers: mb(m.arrayBuffers) };
  await project.close();
  rmSync(dir, { recursive: true, force: true });
  times.sort((a, b) => a - b);
  cpus.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  const cpuMedian = cpus[Math.floor(cpus.length / 2)]!;
  const peak = process.resourceUsage().maxRSS * 1024;
  console.log(
    JSON.stringify({ shape, steps: n, edges, store, ms: +median.toFixed(2), usPerStep: +((median * 1000) / n).toFixed(2), cpuMs: +cpuMedian.toFixed(2), cpuUsPerStep: +((cpuMedian * 1000) / n).toFixed(2), peakRssMB: Math.round(peak / 1e6), baseRssMB: Math.round(rssBefore / 1e6), openRssMB: mb(rssOpen), mem }),
  );
}

/** The compiled copy of this file (compiling first when running from source). */
function compiled(): string {
  const self = fileURLToPath(import.meta.url);
  if (self.endsWith('.js')) return self;
  const root = join(dirname(self), '..');
  const tsc = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'bench', 'tsconfig.engine.json')], { encoding: 'utf8' });
  if (tsc.status !== 0) {
    console.error(tsc.stdout, tsc.stderr);
    process.exit(1);
  }
  const out = join(root, 'node_modules', '.cache', 'amas-bench');
  // The spec layer finds the JSON Schemas next to its package root, as in dist/.
  if (!existsSync(join(out, 'schemas'))) symlinkSync(join(root, 'schemas'), join(out, 'schemas'), 'dir');
  return join(out, 'bench', 'engine.js');
}

type Mem = { rss: number; heapTotal: number; heapUsed: number; external: number; arrayBuffers: number };
type Row = { shape: string; steps: number; edges: number; store: string; ms: number; usPerStep: number; cpuMs: number; cpuUsPerStep: number; peakRssMB: number; baseRssMB: number; openRssMB: number; mem: Mem };

/** One case in a fresh process: the compiled copy of this file, with the given warm-up and runs. */
function spawnCase(script: string, shape: Shape, size: number, store: StoreKind, env: Record<string, string> = {}): Row {
  const r = spawnSync(process.execPath, [script, shape, String(size), store], { encoding: 'utf8', env: { ...process.env, ...env } });
  if (r.status !== 0) {
    console.error(r.stderr);
    process.exit(1);
  }
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Row;
}

const args = process.argv.slice(2);
const repeatAt = args.indexOf('--repeat');
const repeat = repeatAt >= 0 ? Math.max(1, Number(args.splice(repeatAt, 2)[1])) : 1;
const [shape, n, store] = args;
if (shape) {
  await runCase(shape as Shape, Number(n), store as StoreKind);
} else {
  const script = compiled();
  const rows: (Row & { oneRunRssMB: number })[] = [];
  for (const st of ['engine', 'memory', 'file'] as const) {
    for (const sh of ['chain', 'fan', 'layered'] as const) {
      for (const size of [1000, 10_000]) {
        let best: Row | undefined;
        let oneRun = 0;
        for (let k = 0; k < repeat; k++) {
          const row = spawnCase(script, sh, size, st);
          if (!best || row.cpuMs < best.cpuMs) best = { ...row, peakRssMB: Math.max(row.peakRssMB, best?.peakRssMB ?? 0) };
          // Memory of running the workflow once: a fresh process, one cold run (plan, pinning and all).
          oneRun = Math.max(oneRun, spawnCase(script, sh, size, st, { BENCH_WARMUP: '0', BENCH_REPS: '1' }).peakRssMB);
        }
        rows.push({ ...best!, oneRunRssMB: oneRun });
      }
    }
  }
  console.log(`node ${process.version}, compiled JS, best of ${repeat} process(es) per case; times: median of 20 runs at 1k, 5 at 10k, after 5 warm-up runs`);
  console.log('peak RSS "one run": a fresh process that opens the project and runs the workflow once; "after N runs": the timing process (the in-memory database keeps every run\'s rows)');
  console.log('shape    steps  edges   store   cpu µs/step  wall µs/step  cpu 10k/1k  wall 10k/1k  peak RSS MB: one run | after N runs (base, opened) | after the last run MB: rss heapTotal heapUsed external arrayBuffers');
  for (const r of rows) {
    const small = rows.find((x) => x.store === r.store && x.shape === r.shape && x.steps === 1000)!;
    const ratio = (f: (x: Row) => number) => (r.steps === 1000 ? '' : (f(r) / f(small)).toFixed(2));
    const runs = (r.steps >= 10_000 ? 5 : 20) + 5;
    console.log(
      `${r.shape.padEnd(8)} ${String(r.steps).padStart(5)} ${String(r.edges).padStart(7)}  ${r.store.padEnd(6)} ${String(r.cpuUsPerStep).padStart(12)} ${String(r.usPerStep).padStart(13)} ${ratio((x) => x.cpuMs).padStart(11)} ${ratio((x) => x.ms).padStart(12)}  ${String(r.oneRunRssMB).padStart(20)} | ${String(r.peakRssMB).padStart(3)} after ${runs} (${r.baseRssMB}, ${r.openRssMB}) | ${r.mem.rss} ${r.mem.heapTotal} ${r.mem.heapUsed} ${r.mem.external} ${r.mem.arrayBuffers}`,
    );
  }
  const product = rows.filter((r) => r.store !== 'engine');
  const worst = (f: (r: (typeof rows)[number]) => number, st?: string) => Math.max(...product.filter((r) => !st || r.store === st).map(f));
  const ratios = product.filter((r) => r.steps === 10_000).map((r) => r.cpuMs / product.find((x) => x.store === r.store && x.shape === r.shape && x.steps === 1000)!.cpuMs);
  const mark = (ok: boolean) => (ok ? '✔' : '✘');
  const mem = worst((r) => r.cpuUsPerStep, 'memory');
  const file = worst((r) => r.cpuUsPerStep, 'file');
  const ratio = Math.max(...ratios);
  const rss = worst((r) => r.oneRunRssMB);
  console.log(
    `targets (worst case): cpu µs/step in memory ${mem} ≤ 15 ${mark(mem <= 15)} · with the file store ${file} ≤ 30 ${mark(file <= 30)} · 10k/1k ${ratio.toFixed(2)} ≤ 11 ${mark(ratio <= 11)} · peak RSS of one run ${rss} MB ≤ 150 ${mark(rss <= 150)} (after N runs: up to ${worst((r) => r.peakRssMB)} MB)`,
  );
}
