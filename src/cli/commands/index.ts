import type { Command } from 'commander';
import { registerGraph } from './graph.ts';
import { registerHealth } from './health.ts';
import { registerEmit } from './emit.ts';
import { registerEvents } from './events.ts';
import { registerInit } from './init.ts';
import { registerMcp } from './mcp.ts';
import { registerRun } from './run.ts';
import { registerRuns } from './runs.ts';
import { registerSchedule } from './schedule.ts';
import { registerStatus } from './status.ts';
import { registerTest } from './test.ts';
import { registerUp } from './up.ts';
import { registerValidate } from './validate.ts';
import { registerKnowledge } from './knowledge.ts';
import { registerBackup } from './backup.ts';
import { registerRestore } from './restore.ts';
import { registerStore } from './store.ts';
import { registerWorker } from './worker.ts';

/** Every command registers itself on the program; one file per command. */
export const COMMANDS: ((program: Command) => void)[] = [registerInit, registerValidate, registerTest, registerGraph, registerUp, registerRun, registerRuns, registerMcp, registerStatus, registerEmit, registerEvents, registerSchedule, registerHealth, registerKnowledge, registerBackup, registerRestore, registerStore, registerWorker];
