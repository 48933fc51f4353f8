// CPU per model turn of amas's agent loop (llm with tools) — journal included, file-backed store —
// beside the floor: a hand-written fetch loop making the same HTTP calls in the same process.
// The model is a scripted OpenAI-compatible server with zero latency, in this same process (its
// CPU is in both figures alike). Each loop makes TURNS tool turns (one call to a `template`
// capability routed through the engine) and one answer turn; a turn's figure is the loop's CPU
// divided by its model requests, so the run's own start and end are shared by its turns.
//
// Fair in both directions: the floor sends exactly the messages and tools amas sends (the system
// message with the output-schema instructions, captured from amas's first request), parses every
// answer and the tool arguments, and must make the same number of requests per loop (checked).
// Beside the file store, the same loop with the in-memory store (no journal file, no fsync) shows
// what durability costs; the fsync share is estimated from the journal's flushes per turn and the
// CPU one 2 KB write + fdatasync costs on this disk (measured here at start). The durable floor is
// the hand-written loop writing each turn to an O_DSYNC file before its next request: what the
// same durability costs a loop with no engine, so that the file store's excess over the floor
// can be split into the disk's share and amas's own.
//
// Histories grow (5, 20, 50 tool turns): a per-turn cost that stays flat shows that nothing
// re-serialises, re-masks or re-journals the whole conversation per turn.
//
// Runs on compiled JS under plain node (tsx's loader costs CPU the product does not have): run
// from source, it compiles itself and the src it imports with bench/tsconfig.agent-loop.json (the
// compiler options of `npm run build`) and runs that. CPU time (process.cpuUsage) is the figure
// to trust on a loaded machine; every figure is the median of its repetitions.
//   npm run bench:agent-loop          (= npx tsx bench/agent-loop.ts)
import { spawnSync } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { constants, lstatSync, mkdirSync, mkdtempSync, readlinkSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openProject, type Project } from '../src/runtime/index.ts';
import { EmbeddedBackend } from '../src/store/index.ts';

/** Journal writes and syncs so far: the embedded store's own counters (the async contract has none). */
const journalOf = (p?: Project): { writes: number; syncs: number } => {
  const st = p?.store instanceof EmbeddedBackend ? p.store.store.stats() : undefined;
  return { writes: st?.journalFlushes ?? 0, syncs: st?.journalSyncs ?? 0 };
};

interface Message {
  role: string;
  content: string | null;
  tool_calls?: { id: string; function: { arguments: string } }[];
}
interface Body {
  messages: Message[];
  tools?: unknown[];
}

let turnsPerLoop = 5;
let requests = 0;
/** amas's first request of a loop (system and user message, tools): the floor sends the same. */
let captured: { messages: Message[]; tools: unknown[] } | undefined;

function answer(body: Body): unknown {
  requests++;
  const done = body.messages.filter((m) => m.role === 'assistant').length;
  if (!captured && done === 0 && body.tools) captured = { messages: body.messages, tools: body.tools };
  const message =
    done < turnsPerLoop
      ? { role: 'assistant', content: null, tool_calls: [{ id: `call_${done}`, type: 'function', function: { name: 'noop', arguments: JSON.stringify({ n: done }) } }] }
      : { role: 'assistant', content: JSON.stringify({ answer: 'done' }) };
  return { choices: [{ message, finish_reason: done < turnsPerLoop ? 'tool_calls' : 'stop' }], usage: { prompt_tokens: 10, completion_tokens: 5 } };
}

async function startModel(): Promise<{ url: string; close(): void }> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const out = JSON.stringify(answer(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Body));
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out) });
      res.end(out);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

function project(url: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'amas-bench-loop-'));
  mkdirSync(join(dir, 'agents.d'));
  mkdirSync(join(dir, 'workflows.d'));
  writeFileSync(join(dir, 'amas.yaml'), `apiVersion: amas/v1\nproviders:\n  default: { base_url: "${url}/v1", model: bench }\n`);
  writeFileSync(
    join(dir, 'agents.d', 'agents.yaml'),
    `id: planner
concurrency: 1000
capabilities:
  plan:
    output: { type: object, required: [answer], properties: { answer: { type: string } } }
    run:
      llm:
        prompt: plan
        max_turns: 60
        tools: [{ capability: noop }]
`,
  );
  writeFileSync(join(dir, 'agents.d', 'tools.yaml'), 'id: tools\nconcurrency: 1000\ncapabilities:\n  noop:\n    input: { type: object, properties: { n: { type: integer } } }\n    run: { template: { ok: true, n: "${{ input.n }}" } }\n');
  // 100 loops at once: the workflow's overlap gate must let them all run.
  writeFileSync(join(dir, 'workflows.d', 'loop.yaml'), 'id: loop\nconcurrency: { max_runs: 1000, overlap: allow }\nsteps:\n  - { id: plan, task: plan }\n');
  return dir;
}

/** A floor's journal file; `syncEveryMs`: written turns are fdatasync'ed once that long has passed since the last sync. */
interface FloorJournal {
  fh: FileHandle;
  syncEveryMs?: number;
  lastSync: number;
}

async function journalTurn(journal: FloorJournal, line: string): Promise<void> {
  await journal.fh.write(line);
  if (journal.syncEveryMs !== undefined && performance.now() - journal.lastSync >= journal.syncEveryMs) {
    await journal.fh.datasync();
    journal.lastSync = performance.now();
  }
}

/**
 * The floor: the same conversation with fetch and JSON, nothing else. With `journal`, each turn —
 * the answer and the tool results — is also written to that file before the next request: the
 * least a hand-written loop that keeps the promise "no completed turn is asked again" must do.
 * The durable floor's file is opened with O_DSYNC (each turn on disk before the next request: it
 * survives the machine's crash); the written floor's is not, and is fdatasync'ed every 200 ms,
 * which is what amas does for a turn of pure tools (it survives the process's crash).
 */
async function fetchLoop(url: string, journal?: FloorJournal): Promise<void> {
  const { messages: first, tools } = captured!;
  const messages: unknown[] = [...first];
  for (;;) {
    const res = await fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'bench', messages, tools }) });
    const data = (await res.json()) as { choices: { message: Message }[] };
    const msg = data.choices[0]!.message;
    if (!msg.tool_calls?.length) {
      JSON.parse(msg.content!);
      if (journal) await journalTurn(journal, `${JSON.stringify(msg)}\n`);
      return;
    }
    const results = msg.tool_calls.map((c) => ({ role: 'tool', tool_call_id: c.id, content: JSON.stringify({ ok: true, n: (JSON.parse(c.function.arguments) as { n: number }).n }) }));
    if (journal) await journalTurn(journal, `${JSON.stringify([msg, ...results])}\n`);
    messages.push(msg, ...results);
  }
}

interface Sample {
  cpuMsPerTurn: number;
  wallMs: number;
  flushesPerTurn: number;
  syncsPerTurn: number;
}

async function measure(loops: number, fn: () => Promise<void>, p?: Project): Promise<Sample> {
  const turns = loops * (turnsPerLoop + 1);
  const j0 = journalOf(p);
  const requests0 = requests;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: loops }, fn));
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  if (requests - requests0 !== turns) throw new Error(`expected ${turns} model requests, the server got ${requests - requests0}`);
  const j = journalOf(p);
  return { cpuMsPerTurn: (c.user + c.system) / 1000 / turns, wallMs, flushesPerTurn: (j.writes - j0.writes) / turns, syncsPerTurn: (j.syncs - j0.syncs) / turns };
}

/** CPU (user + system, all threads) of one journal-sized write + fdatasync on the disk of `dir`. */
async function fsyncCpuMs(dir: string): Promise<number> {
  const fh = await open(join(dir, 'fsync-probe'), 'w');
  const buf = Buffer.alloc(2048, 1);
  const n = 200;
  try {
    const c0 = process.cpuUsage();
    for (let i = 0; i < n; i++) {
      await fh.write(buf, 0, buf.length);
      await fh.datasync();
    }
    const c = process.cpuUsage(c0);
    return (c.user + c.system) / 1000 / n;
  } finally {
    await fh.close();
  }
}

/** loops × tool turns × repetitions of the full bench. */
const DEFAULT_CASES: [number, number, number][] = [
  [1, 5, 30],
  [1, 20, 20],
  [1, 50, 10],
  [100, 5, 3],
  [100, 20, 3],
];

/**
 * For profiling one case (`node --cpu-prof` on the compiled copy): BENCH_CASES="1x20x200" runs
 * only those cases (loops × tool turns × repetitions, comma-separated), BENCH_ONLY=file|memory|floor|durable|written
 * only that column.
 */
function casesFromEnv(): [number, number, number][] | undefined {
  const text = process.env['BENCH_CASES'];
  if (!text) return undefined;
  return text.split(',').map((c) => {
    const n = c.split('x').map(Number);
    if (n.length !== 3 || n.some((x) => !Number.isInteger(x) || x < 1)) throw new Error(`BENCH_CASES: "${c}" is not loops x turns x reps`);
    return n as [number, number, number];
  });
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function main(): Promise<void> {
  const model = await startModel();
  const fileDir = project(model.url);
  const memDir = project(model.url);
  const file = await openProject(fileDir);
  const mem = await openProject(memDir, { store: ':memory:' });
  const loopOf = (p: Project) => async () => {
    const r = await p.run('loop');
    if (r.status !== 'completed') throw new Error(`run ${r.id} ${r.status}: ${r.error ?? ''}`);
  };
  const floor = () => fetchLoop(model.url);
  // O_DSYNC where the platform has it (as amas's journal for a sync write); elsewhere the file is only appended to.
  const durableJournal = { fh: await open(join(fileDir, 'floor-journal.log'), constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | (constants.O_DSYNC ?? 0), 0o600), lastSync: 0 };
  const durableFloor = () => fetchLoop(model.url, durableJournal);
  const writtenJournal = { fh: await open(join(fileDir, 'floor-written.log'), constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND, 0o600), syncEveryMs: 200, lastSync: performance.now() };
  const writtenFloor = () => fetchLoop(model.url, writtenJournal);
  try {
    const fsyncMs = await fsyncCpuMs(fileDir);
    // Warm up every path (JIT, connection pools, the store's statements, ajv's compiled schemas).
    for (let i = 0; i < 20; i++) await loopOf(file)();
    for (let i = 0; i < 20; i++) await loopOf(mem)();
    for (let i = 0; i < 20; i++) await floor();
    for (let i = 0; i < 20; i++) await durableFloor();
    for (let i = 0; i < 20; i++) await writtenFloor();
    console.log(`agent loop vs a hand-written fetch loop (node ${process.version}, compiled JS, same process, zero-latency scripted model)`);
    console.log(`CPU ms per model turn (user + system, median of the repetitions); one write + fdatasync on this disk costs ${fsyncMs.toFixed(3)} ms CPU`);
    console.log(
      'loops × tool turns | amas file store | amas in memory | floor | file/floor | memory/floor | journal writes / syncs per turn (the syncs\' CPU) | wall ms amas / floor | written floor | durable floor | file/written floor',
    );
    const perLoop = new Map<number, { amas: number; floor: number }>();
    const cases = casesFromEnv() ?? DEFAULT_CASES;
    const only = process.env['BENCH_ONLY'];
    for (const [loops, turns, reps] of cases) {
      turnsPerLoop = turns;
      const a: Sample[] = [];
      const m: Sample[] = [];
      const f: Sample[] = [];
      const d: Sample[] = [];
      const w: Sample[] = [];
      // Interleaved, so that a busy moment of the machine falls on all three alike.
      for (let r = 0; r < reps; r++) {
        if (!only || only === 'file') a.push(await measure(loops, loopOf(file), file));
        if (!only || only === 'memory') m.push(await measure(loops, loopOf(mem)));
        if (!only || only === 'floor') f.push(await measure(loops, floor));
        if (!only || only === 'durable') d.push(await measure(loops, durableFloor));
        if (!only || only === 'written') w.push(await measure(loops, writtenFloor));
      }
      if (only) {
        const xs = only === 'file' ? a : only === 'memory' ? m : only === 'floor' ? f : only === 'written' ? w : d;
        console.log(`${String(loops).padStart(3)} × ${String(turns).padStart(2)} | ${only} | ${median(xs.map((x) => x.cpuMsPerTurn)).toFixed(3)} ms CPU per turn`);
        continue;
      }
      const cpu = (xs: Sample[]) => median(xs.map((x) => x.cpuMsPerTurn));
      const wall = (xs: Sample[]) => median(xs.map((x) => x.wallMs)).toFixed(0);
      const flushes = median(a.map((x) => x.flushesPerTurn));
      const syncs = median(a.map((x) => x.syncsPerTurn));
      if (loops === 1) perLoop.set(turns, { amas: cpu(a) * (turns + 1), floor: cpu(f) * (turns + 1) });
      console.log(
        `${String(loops).padStart(3)} × ${String(turns).padStart(2)} | ${cpu(a).toFixed(3)} | ${cpu(m).toFixed(3)} | ${cpu(f).toFixed(3)} | ${(cpu(a) / cpu(f)).toFixed(2)}× | ${(cpu(m) / cpu(f)).toFixed(2)}×` +
          ` | ${flushes.toFixed(2)} / ${syncs.toFixed(2)} (${(syncs * fsyncMs).toFixed(3)} ms) | ${wall(a)} / ${wall(f)} | ${cpu(w).toFixed(3)} | ${cpu(d).toFixed(3)} | ${(cpu(a) / cpu(w)).toFixed(2)}×`,
      );
    }
    // What one more turn costs once the loop is going: the run's start and end cancel out.
    const short = perLoop.get(5);
    const long = perLoop.get(50);
    if (!short || !long) return;
    const extra = (k: 'amas' | 'floor') => (long[k] - short[k]) / 45;
    console.log(`one more turn of a single loop (from 5 to 50 tool turns): amas ${extra('amas').toFixed(3)} ms CPU, floor ${extra('floor').toFixed(3)} ms CPU, ratio ${(extra('amas') / extra('floor')).toFixed(2)}×`);
    console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (the whole process: amas twice, the floor and the model server)`);
  } finally {
    await file.close();
    await mem.close();
    await durableJournal.fh.close();
    await writtenJournal.fh.close();
    model.close();
    rmSync(fileDir, { recursive: true, force: true });
    rmSync(memDir, { recursive: true, force: true });
  }
}

/** The compiled copy of this file (compiling first when running from source). */
function compiled(self: string): string {
  const root = join(dirname(self), '..');
  const tsc = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'bench', 'tsconfig.agent-loop.json')], { encoding: 'utf8' });
  if (tsc.status !== 0) {
    console.error(tsc.stdout, tsc.stderr);
    process.exit(1);
  }
  const out = join(root, 'node_modules', '.cache', 'amas-bench-agent-loop');
  // The spec layer finds the JSON Schemas next to its package root, as in dist/.
  // node_modules may be shared by several checkouts: a link left by another one is replaced.
  const link = join(out, 'schemas');
  const target = join(root, 'schemas');
  const current = lstatSync(link, { throwIfNoEntry: false }) ? readlinkSync(link) : undefined;
  if (current !== target) {
    if (current !== undefined) unlinkSync(link);
    symlinkSync(target, link, 'dir');
  }
  return join(out, 'bench', 'agent-loop.js');
}

const self = fileURLToPath(import.meta.url);
if (self.endsWith('.js')) await main();
else {
  const r = spawnSync(process.execPath, [compiled(self)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
