import type { Command } from 'commander';
import { registerGraph } from './graph.ts';
import { registerInit } from './init.ts';
import { registerMcp } from './mcp.ts';
import { registerRun } from './run.ts';
import { registerRuns } from './runs.ts';
import { registerValidate } from './validate.ts';

/** Every command registers itself on the program; one file per command. */
export const COMMANDS: ((program: Command) => void)[] = [registerInit, registerValidate, registerGraph, registerRun, registerRuns, registerMcp];
