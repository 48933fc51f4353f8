import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KnowledgeAccess } from '../../../src/agents/executor.ts';
import { moduleExecutor, reloadModules } from '../../../src/agents/executors/module.ts';
import { NonRetriableError } from '../../../src/core/index.ts';
import { makeContext } from './context.ts';

const projectDir = resolve('tests/fixtures/executors');

describe('module executor', () => {
  it('calls the named export with the input and a context', async () => {
    const ctx = makeContext({ projectDir, runId: 'r1', workflowId: 'wf1', stepId: 's1', attempt: 2, idempotencyKey: 'r1:s1' });
    const out = await moduleExecutor('./modules/score.mjs#score', { values: [1, 2, 3] }, ctx);
    expect(out).toEqual({ total: 6, run: { id: 'r1', workflow: 'wf1', attempt: 1 }, step: 's1', attempt: 2, key: 'r1:s1' });
    expect(ctx.logs).toEqual([{ level: 'info', msg: 'scoring', fields: { n: 3 } }]);
  });

  it('uses the default export when no name is given', async () => {
    expect(await moduleExecutor('./modules/score.mjs', 'x', makeContext({ projectDir }))).toEqual({ defaulted: 'x' });
  });

  it('gives the function a knowledge reader and writer', async () => {
    const entries: { category: string; content: unknown }[] = [];
    const knowledge: KnowledgeAccess = {
      retrieve: async (q) => entries.filter((e) => e.category === q.category),
      store: async (e) => {
        entries.push(e);
        return { id: `k${entries.length}`, duplicate: false };
      },
    };
    const out = await moduleExecutor('./modules/score.mjs#remember', { note: 'hi' }, makeContext({ projectDir, knowledge }));
    expect(out).toEqual({ stored: { id: 'k1', duplicate: false }, count: 1 });
  });

  it('refuses a module file outside the project, even one that exists', async () => {
    // tests/fixtures/executors/modules/score.mjs exists, but the project here is modules/'s sibling
    const ctx = makeContext({ projectDir: join(projectDir, 'e2e-project') });
    const err = await moduleExecutor('../modules/score.mjs#score', { values: [1] }, ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NonRetriableError);
    expect((err as Error).message).toMatch(/outside the project directory/);
  });

  it('fails clearly and finally for a missing file, a missing export, a non-function and a syntax error', async () => {
    const ctx = makeContext({ projectDir });
    const missingFile = await moduleExecutor('./modules/nope.mjs#f', {}, ctx).catch((e: unknown) => e);
    expect(missingFile).toBeInstanceOf(NonRetriableError);
    expect((missingFile as Error).message).toMatch(/file not found: \.\/modules\/nope\.mjs/);
    const missingExport = await moduleExecutor('./modules/score.mjs#scor', {}, ctx).catch((e: unknown) => e);
    expect(missingExport).toBeInstanceOf(NonRetriableError);
    expect((missingExport as Error).message).toMatch(/has no export "scor" \(it exports: .*score/);
    await expect(moduleExecutor('./modules/score.mjs#notAFunction', {}, ctx)).rejects.toThrow(/is not a function/);
    await expect(moduleExecutor('./modules/broken.mjs#x', {}, ctx)).rejects.toBeInstanceOf(NonRetriableError);
  });

  it('passes an error marked NonRetriableError by name through as final, others as retriable', async () => {
    const ctx = makeContext({ projectDir });
    await expect(moduleExecutor('./modules/score.mjs#fatal', {}, ctx)).rejects.toBeInstanceOf(NonRetriableError);
    const flaky = await moduleExecutor('./modules/score.mjs#flaky', {}, ctx).catch((e: unknown) => e);
    expect(flaky).not.toBeInstanceOf(NonRetriableError);
    expect((flaky as Error).message).toBe('temporary trouble');
  });

  it('aborts the function’s signal on cancel', async () => {
    const ac = new AbortController();
    const p = moduleExecutor('./modules/score.mjs#waitForAbort', {}, makeContext({ projectDir, signal: ac.signal }));
    setImmediate(() => ac.abort(new Error('cancelled')));
    await expect(p).rejects.toThrow('cancelled');
  });

  it('ends the attempt on timeout even if the function ignores its signal', async () => {
    await expect(moduleExecutor('./modules/score.mjs#ignoresSignal', {}, makeContext({ projectDir, timeoutMs: 100 }))).rejects.toThrow(
      /timed out after 100 ms/,
    );
  });

  it('picks up a changed file on the next call', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'amas-module-'));
    const file = join(dir, 'lib.mjs');
    writeFileSync(file, 'export const f = () => "v1";\n');
    utimesSync(file, 1_000, 1_000);
    const ctx = makeContext({ projectDir: dir });
    expect(await moduleExecutor('./lib.mjs#f', {}, ctx)).toBe('v1');
    writeFileSync(file, 'export const f = () => "v2";\n');
    utimesSync(file, 2_000, 2_000);
    expect(await moduleExecutor('./lib.mjs#f', {}, ctx)).toBe('v2');
    // Same mtime (a coarse filesystem clock): the runtime's reload signal still forces a fresh import.
    writeFileSync(file, 'export const f = () => "v3";\n');
    utimesSync(file, 2_000, 2_000);
    expect(await moduleExecutor('./lib.mjs#f', {}, ctx)).toBe('v2');
    reloadModules();
    expect(await moduleExecutor('./lib.mjs#f', {}, ctx)).toBe('v3');
  });
});
