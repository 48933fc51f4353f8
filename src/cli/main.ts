#!/usr/bin/env node
import { CommanderError } from 'commander';
import { makeProgram } from './program.ts';

try {
  await makeProgram().parseAsync(process.argv);
} catch (err) {
  // exitOverride turns commander's own exits into throws; anything else was reported by `action()`.
  // Usage errors (unknown option or command, bad argument count) are exit 2 everywhere in amas.
  if (err instanceof CommanderError) process.exitCode = err.exitCode === 0 || err.code.startsWith('amas.') ? err.exitCode : 2;
  else throw err;
}
