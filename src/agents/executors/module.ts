import { stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { NonRetriableError, errorMessage, isInsideDir } from '../../core/index.ts';
import type { Executor, ExecutorContext, KnowledgeAccess } from '../executor.ts';
import { attemptSignal } from './http-common.ts';

/** What a project module's function receives as its second argument. */
export interface ModuleContext {
  run: { id: string; workflow: string; attempt: number };
  step: string;
  agent: string;
  capability: string;
  attempt: number;
  idempotencyKey: string;
  signal: AbortSignal;
  knowledge: KnowledgeAccess;
  logger: ExecutorContext['logger'];
}

let generation = 0;

/**
 * Makes the next call of every module executor import its file afresh. The runtime calls it on hot
 * reload; the file's mtime is part of the import URL too, so an edited file is picked up either way.
 * (Modules it imports itself are cached by Node as usual.)
 */
export function reloadModules(): void {
  generation++;
}

export function parseModuleRef(ref: string): { path: string; exportName: string } {
  const hash = ref.lastIndexOf('#');
  const path = hash < 0 ? ref : ref.slice(0, hash);
  const exportName = hash < 0 ? 'default' : ref.slice(hash + 1);
  if (path === '' || exportName === '') throw new NonRetriableError(`module: expected "./path/file.mjs#export", got ${JSON.stringify(ref)}`);
  return { path, exportName };
}

/** `module: ./lib/score.mjs#score` — calls `score(input, context)` and returns what it resolves to. */
export const moduleExecutor: Executor<'module'> = async (spec, input, ctx) => {
  const { path, exportName } = parseModuleRef(spec);
  const file = isAbsolute(path) ? path : resolve(ctx.projectDir, path);
  // validate reports this (AMAS316); checked again here for specs that reach an executor another way
  if (!isInsideDir(ctx.projectDir, file)) throw new NonRetriableError(`module: ${path} is outside the project directory (AMAS316)`);
  let mtime: number;
  try {
    mtime = (await stat(file)).mtimeMs;
  } catch {
    throw new NonRetriableError(`module: file not found: ${path} (resolved to ${file})`);
  }
  const url = `${pathToFileURL(file).href}?v=${Math.floor(mtime)}-${generation}`;
  let mod: Record<string, unknown>;
  try {
    mod = (await import(url)) as Record<string, unknown>;
  } catch (err) {
    throw new NonRetriableError(`module: cannot load ${path}: ${errorMessage(err)}`, { cause: err });
  }
  const fn = mod[exportName];
  if (typeof fn !== 'function') {
    const names = Object.keys(mod).filter((k) => typeof mod[k] === 'function');
    throw new NonRetriableError(
      fn === undefined
        ? `module: ${path} has no export "${exportName}"${names.length ? ` (it exports: ${names.join(', ')})` : ''}`
        : `module: export "${exportName}" of ${path} is not a function`,
    );
  }

  const { signal, toError } = attemptSignal(ctx.signal, ctx.timeoutMs);
  const run = ctx.scope['run'] as { attempt?: number } | undefined;
  const context: ModuleContext = {
    run: { id: ctx.runId, workflow: ctx.workflowId, attempt: run?.attempt ?? ctx.attempt },
    step: ctx.stepId,
    agent: ctx.agentId,
    capability: ctx.capability,
    attempt: ctx.attempt,
    idempotencyKey: ctx.idempotencyKey,
    signal,
    knowledge: ctx.knowledge ?? noKnowledge,
    logger: ctx.logger,
  };

  // A function that ignores its signal cannot be stopped, but the attempt still ends on time.
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(toError(signal.reason));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([Promise.resolve((fn as (i: unknown, c: ModuleContext) => unknown)(input, context)), aborted]);
  } catch (err) {
    throw asExecutorError(err);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
    aborted.catch(() => undefined);
  }
};

/** A module cannot import our error classes, so it marks an error as final by name or flag. */
function asExecutorError(err: unknown): unknown {
  if (err instanceof NonRetriableError) return err;
  const e = err as { name?: unknown; retriable?: unknown; nonRetriable?: unknown } | null;
  if (e && typeof e === 'object' && (e.name === 'NonRetriableError' || e.retriable === false || e.nonRetriable === true)) {
    return new NonRetriableError(errorMessage(err), { cause: err });
  }
  return err;
}

const noKnowledge: KnowledgeAccess = {
  retrieve: () => Promise.reject(new Error('module: no knowledge base is available to this step')),
  store: () => Promise.reject(new Error('module: no knowledge base is available to this step')),
};
