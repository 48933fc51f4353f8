#!/usr/bin/env node
import { CommanderError } from 'commander';
import { guardOutput } from '../core/index.ts';
import { quietWhenReaderCloses } from './out.ts';
import { makeProgram } from './program.ts';

// A reader that closes the pipe early (`amas runs list | head -1`) ends amas quietly, exit 0.
quietWhenReaderCloses();

// The last line of defence: data is masked as values before it is serialized (each exit has its
// own choke point), and whatever text still carries a secret of an open project is masked here,
// JSON-aware so a JSON line stays valid.
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) =>
    write(typeof chunk === 'string' ? guardOutput(chunk) : chunk, ...rest)) as typeof stream.write;
}

try {
  await makeProgram().parseAsync(process.argv);
} catch (err) {
  // exitOverride turns commander's own exits into throws; anything else was reported by `action()`.
  // Usage errors (unknown option or command, bad argument count) are exit 2 everywhere in amas.
  if (err instanceof CommanderError) process.exitCode = err.exitCode === 0 || err.code.startsWith('amas.') ? err.exitCode : 2;
  else throw err;
}
