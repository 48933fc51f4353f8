// Store benchmark: durable write throughput, retrieve/search latency, checkpoint and recovery time.
// Run: npx tsx bench/store.ts [entries=100000]
// Recovery is measured in a fresh process, as after a crash: the process that restarts opens the
// store first (and sql.js is compiled for that process's first use; see src/store/sqlite.ts).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore, type Store } from '../src/store/index.ts';

const N = Number(process.argv[2] ?? 100_000);
const WINDOW = 512; // writes in flight: what a busy runtime with many agents looks like to the store
const CATEGORIES = 50;
const AGENTS = 20;

let seed = 42;
const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const VOCAB = Array.from({ length: 3000 }, (_, i) => `w${i.toString(36)}${'abcdefghij'[i % 10]}`);
const word = () => VOCAB[Math.floor(VOCAB.length * rnd() ** 2)]!; // skewed: some words are common
const sentence = (n: number) => Array.from({ length: n }, word).join(' ');

function entry(i: number) {
  return {
    category: `cat${i % CATEGORIES}`,
    agentId: `agent-${i % AGENTS}`,
    confidence: Math.round(rnd() * 100) / 100,
    content: { title: sentence(6), body: sentence(30), n: i, tags: [word(), word()] },
  };
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}
const ms = (x: number) => `${x.toFixed(3)} ms`;
/** CPU time of this process: on a shared machine it says more than the wall clock. */
const cpuMs = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

async function fill(store: Store, from: number, to: number): Promise<number> {
  const t0 = performance.now();
  let next = from;
  const worker = async () => {
    while (next < to) await store.knowledge.store(entry(next++));
  };
  await Promise.all(Array.from({ length: WINDOW }, worker));
  return performance.now() - t0;
}

type Recovered = { ms: number; cpu: number; replayed: number; count: number; indexMs?: number; indexCpu?: number };

/** Child mode: open the store at PATH read-only (the replay), optionally build the text index; print the figures. */
async function recoverHere(file: string, index: boolean): Promise<void> {
  const c = cpuMs();
  const t = performance.now();
  const ro = await openStore(file, { readOnly: true });
  const out: Recovered = { ms: performance.now() - t, cpu: cpuMs() - c, replayed: ro.recovery.replayed, count: ro.knowledge.count() };
  if (index) {
    const ci = cpuMs();
    const ti = performance.now();
    ro.updateIndex();
    Object.assign(out, { indexMs: performance.now() - ti, indexCpu: cpuMs() - ci });
  }
  await ro.close();
  console.log(JSON.stringify(out));
}

function recoverInChild(file: string, index: boolean): Recovered {
  const r = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, '--recover', file, ...(index ? ['--index'] : [])], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`recovery child failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Recovered;
}

if (process.argv[2] === '--recover') {
  await recoverHere(process.argv[3]!, process.argv.includes('--index'));
  process.exit(0);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amas-bench-'));
try {
  const dbPath = path.join(dir, 'amas.db');
  let store = await openStore(dbPath, { checkpointIntervalMs: 0 });
  const half = Math.floor(N / 2);
  await fill(store, 0, half);
  await store.checkpoint();
  const size1 = fs.statSync(dbPath).size;
  const c0 = cpuMs();
  const tFill = await fill(store, half, N);
  const cFill = cpuMs() - c0;
  const ckStart = performance.now();
  await store.checkpoint();
  const tCk = performance.now() - ckStart;
  const size = fs.statSync(dbPath).size;
  console.log(`entries: ${N}; database ${(size1 / 1e6).toFixed(1)} MB → ${(size / 1e6).toFixed(1)} MB while measuring`);
  console.log(
    `durable writes: ${Math.round((N - half) / (tFill / 1000))} acknowledged/s wall, ${Math.round((N - half) / (cFill / 1000))}/s per CPU-second (${WINDOW} in flight, each fsync'ed before its promise resolves; ${store.stats().journalSyncs} fsyncs in all)`,
  );
  console.log(`checkpoint: ${ms(tCk)} (export + write + fsync + rename at ${(size / 1e6).toFixed(1)} MB)`);

  const lat: number[] = [];
  const latCpu: number[] = [];
  for (let i = 0; i < 3000; i++) {
    const q = i % 3 === 0 ? { category: `cat${i % CATEGORIES}`, limit: 20 } : i % 3 === 1 ? { agentId: `agent-${i % AGENTS}`, category: `cat${i % CATEGORIES}`, limit: 20 } : { agentId: `agent-${i % AGENTS}`, limit: 20 };
    const c = cpuMs();
    const t = performance.now();
    store.knowledge.retrieve(q);
    lat.push(performance.now() - t);
    latCpu.push(cpuMs() - c);
  }
  console.log(
    `retrieve (limit 20, by category / agent+category / agent): p50 ${ms(pct(lat, 50))}, p99 ${ms(pct(lat, 99))} wall; p50 ${ms(pct(latCpu, 50))}, p99 ${ms(pct(latCpu, 99))} CPU`,
  );

  const slat: number[] = [];
  const slatCpu: number[] = [];
  for (let i = 0; i < 300; i++) {
    const q = i % 2 === 0 ? VOCAB[200 + i]! : `${VOCAB[i % 40]!} ${VOCAB[100 + i]!}`;
    const c = cpuMs();
    const t = performance.now();
    store.knowledge.search(q, { limit: 10 });
    slat.push(performance.now() - t);
    slatCpu.push(cpuMs() - c);
  }
  const common = performance.now();
  const hits = store.knowledge.search(VOCAB[0]!, { limit: 10 });
  console.log(
    `search (limit 10, BM25 + snippet): p50 ${ms(pct(slat, 50))}, p99 ${ms(pct(slat, 99))} wall; p50 ${ms(pct(slatCpu, 50))}, p99 ${ms(pct(slatCpu, 99))} CPU; most common word (${store.knowledge.count()} entries, top score ${hits[0]?.score.toFixed(2)}): ${ms(performance.now() - common)}`,
  );
  await store.close();

  // Recovery: a journal of N records after an empty checkpoint, as if the process died before any checkpoint.
  const rPath = path.join(dir, 'recovery', 'amas.db');
  store = await openStore(rPath, { checkpointIntervalMs: 0, checkpointJournalBytes: Number.MAX_SAFE_INTEGER, checkpointOnClose: false });
  await fill(store, 0, N);
  await store.close();
  const jBytes = fs.readdirSync(`${rPath}.journal`).reduce((s, f) => s + fs.statSync(path.join(`${rPath}.journal`, f)).size, 0);
  const ro = recoverInChild(rPath, true);
  console.log(`recovery (fresh process): ${ms(ro.ms)} wall, ${ms(ro.cpu)} CPU for ${ro.replayed} knowledge records (${(jBytes / 1e6).toFixed(1)} MB journal); ${ro.count} entries`);
  // The full-text index is derived data built after opening (a writer does it in background
  // slices; a search first indexes what is left): what that costs on top of recovery.
  console.log(`  then full-text index of the replayed rows: ${ms(ro.indexMs!)} wall, ${ms(ro.indexCpu!)} CPU (not on the open path)`);

  // The engine's journal: run and step transitions (no full-text index to maintain).
  const sPath = path.join(dir, 'steps', 'amas.db');
  store = await openStore(sPath, { checkpointIntervalMs: 0, checkpointJournalBytes: Number.MAX_SAFE_INTEGER, checkpointOnClose: false });
  let k = 0;
  await Promise.all(
    Array.from({ length: WINDOW }, async () => {
      while (k < N) {
        const i = k++;
        await store.runs.upsertStep({ runId: `run-${Math.floor(i / 10)}`, stepId: `s${i % 5}`, status: i % 2 ? 'completed' : 'running', attempt: 1, output: { i } });
      }
    }),
  );
  await store.close();
  const ro2 = recoverInChild(sPath, false);
  console.log(`recovery (fresh process): ${ms(ro2.ms)} wall, ${ms(ro2.cpu)} CPU for ${ro2.replayed} step-transition records`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
