// The executor kinds an agent capability can `run:` (DESIGN §1). One file per kind; add a kind
// here with one import line and one entry.
import type { ExecutorSpec } from '../../core/index.ts';
import type { Executor } from '../executor.ts';
import { commandExecutor } from './command.ts';
import { templateExecutor } from './template.ts';

export type ExecutorKind = keyof ExecutorSpec;
export type ExecutorRegistry = { [K in ExecutorKind]?: Executor<K> };

export const executors: ExecutorRegistry = {
  template: templateExecutor,
  command: commandExecutor,
};

export { commandExecutor, templateExecutor };
