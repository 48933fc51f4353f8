import { availableParallelism, loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { fromWire, processFile, type FileResult, type WireResult } from './batch.ts';
import type { FoundFile } from './read.ts';

/**
 * Below this many files a worker's start-up (loading yaml, js-yaml and ajv, compiling schemas,
 * ≈ 0.4 s of CPU) costs more than it saves. With the fast path a plain file costs ≈ 0.1 ms here;
 * measured at load ≈ 2 on 2 cores: 10,000 files 1.7 s on one thread against 2.1–2.3 s with a worker.
 */
export const PARALLEL_MIN_FILES = 5000;
const MAX_WORKERS = 3;

/**
 * Cores nobody else is using, by the 1-minute load average. A worker costs ~0.5 s of CPU to
 * start (loading yaml and ajv, compiling schemas) and to copy results back: on an idle machine
 * it halves the parsing time, on a busy one it only adds work (measured: 2,000 files, load 10 on
 * 2 cores, 3.6 s on one thread against 7.6 s with a worker).
 */
function spareCores(): number {
  const spare = Math.floor(availableParallelism() - loadavg()[0]!);
  return Math.max(0, Math.min(MAX_WORKERS, spare, availableParallelism() - 1));
}

/** Workers run the compiled loader; from TypeScript sources (tests, tsx) everything stays on this thread. */
function workerUrl(): URL | undefined {
  return import.meta.url.endsWith('.js') ? new URL('./worker.js', import.meta.url) : undefined;
}

function runWorker(url: URL, files: FoundFile[]): Promise<FileResult[]> {
  return new Promise((resolve) => {
    const w = new Worker(url);
    let done = false;
    const finish = (results: FileResult[]) => {
      if (done) return;
      done = true;
      void w.terminate();
      resolve(results);
    };
    // A worker that fails for any reason hands its share back to this thread.
    const fallback = () => finish(files.map(processFile));
    w.once('message', (wire: WireResult[]) => finish(wire.map(fromWire)));
    w.once('error', fallback);
    w.once('exit', fallback);
    w.postMessage(files);
  });
}

/**
 * Reads, parses and schema-checks files, in order. Large projects are split across worker
 * threads (parsing YAML is most of the cost); this thread takes the first share itself.
 */
export async function processAll(files: FoundFile[]): Promise<FileResult[]> {
  const url = workerUrl();
  // AMAS_LOADER_THREADS=N forces N workers whatever the project size, 0 keeps everything on this
  // thread (for debugging, measurements and the test that compares both).
  const raw = process.env.AMAS_LOADER_THREADS;
  const knob = raw === undefined || raw === '' ? NaN : Number(raw);
  const forced = Number.isInteger(knob) && knob >= 0;
  const workers = forced ? Math.min(knob, 8) : spareCores();
  if (!url || workers < 1 || (!forced && files.length < PARALLEL_MIN_FILES)) return files.map(processFile);
  const shares = workers + 1;
  const size = Math.ceil(files.length / shares);
  const chunks = Array.from({ length: shares }, (_, i) => files.slice(i * size, (i + 1) * size));
  const pending = chunks.slice(1).map((c) => runWorker(url, c));
  const mine = chunks[0]!.map(processFile);
  const rest = await Promise.all(pending);
  return [mine, ...rest].flat();
}
