// A worker thread of the loader: parses and schema-checks a share of a large project's files.
import { parentPort } from 'node:worker_threads';
import { processFile, toWire } from './batch.ts';
import type { FoundFile } from './read.ts';

parentPort?.on('message', (files: FoundFile[]) => {
  parentPort?.postMessage(files.map((f) => toWire(processFile(f))));
});
