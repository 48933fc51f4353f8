#!/usr/bin/env node
import { CommanderError } from 'commander';
import { makeProgram } from './program.ts';

try {
  await makeProgram().parseAsync(process.argv);
} catch (err) {
  // exitOverride turns commander's own exits into throws; anything else was reported by `action()`.
  if (err instanceof CommanderError) process.exitCode = err.exitCode;
  else throw err;
}
