import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/engine/index.ts';
import { reloadingProject } from './reload-harness.ts';
import { sendJson, startServer } from '../unit/executors/server.ts';

// `amas.yaml` and `.env` reloads reach the runs that start afterwards: a provider added by a
// reload answers (a real OpenAI-protocol server on 127.0.0.1), an edited `.env` value reaches a
// command step (and is masked in the store), a changed runtime.default_timeout decides the next
// step's deadline. Before the fix the engine kept the spec and `.env` it was opened with.

let llm: Awaited<ReturnType<typeof startServer>>;

// Registered before the project's hooks, so the model server is up before the runtime starts.
beforeAll(async () => {
  llm = await startServer((_req, res) =>
    sendJson(res, 200, {
      choices: [{ message: { role: 'assistant', content: '{"text":"hi from local"}' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 3, completion_tokens: 4 },
    }),
  );
});
afterAll(async () => {
  await llm?.close();
});

const p = reloadingProject('reload-config', { env: { PATH: process.env['PATH'] } });

/** Writes files and waits for the good reload that follows them. */
async function reloadWith(files: Record<string, string>, what: string): Promise<void> {
  const s = await p.reloaded(() => {
    for (const [rel, text] of Object.entries(files)) p.write(rel, text);
  }, what);
  expect(s.lastReload?.ok).toBe(true);
}

const run = async (workflow: string): Promise<RunResult> => (await p.run(workflow)).result;

/** The step as the store holds it (what `amas runs show` and the API read), once written. */
async function stored(runId: string): Promise<string> {
  const end = Date.now() + 5000;
  for (;;) {
    const step = await p.rt.project.store.runs.step(runId, 's');
    if (step?.status === 'completed' || Date.now() > end) return JSON.stringify(step ?? null);
    await new Promise((r) => setTimeout(r, 15));
  }
}

const AMAS_V2 = (url: string) => `apiVersion: amas/v1
name: reload-config
store: { path: .amas/amas.db }
runtime: { default_timeout: 10s, retry: { attempts: 1 } }
providers:
  local:
    base_url: ${url}/v1
    model: local-model
`;

const ASK_AGENT = `apiVersion: amas/v1
id: talker
capabilities:
  ask:
    output: { type: object }
    run:
      llm: { provider: local, prompt: say hi }
`;

describe('reloading amas.yaml and .env while amas up runs', () => {
  it('a new provider, an edited .env value and a changed default timeout reach the next runs', async () => {
    // Before: the default timeout is 150ms, so a 600 ms step times out; the .env value is the first one.
    const napBefore = await run('nap');
    expect(napBefore.status).toBe('failed');
    expect(JSON.stringify(napBefore.steps['s'])).toMatch(/tim(ed|e) ?out/i);
    const showBefore = await run('show');
    expect(showBefore.status).toBe('completed');
    expect(showBefore.steps['s']?.output).toMatchObject({ head: 'alpha' });

    // Reload amas.yaml (a provider, a longer default timeout) and .env (a new value).
    await reloadWith({ 'amas.yaml': AMAS_V2(llm.url) }, 'the amas.yaml reload');
    await reloadWith({ '.env': 'TOKEN=bravo-second-value\n' }, 'the .env reload');
    // The capability that uses the new provider is added by its own save (it only validates once the provider exists).
    await reloadWith({ 'agents.d/talker.yaml': ASK_AGENT, 'workflows.d/ask.yaml': 'apiVersion: amas/v1\nid: ask\nsteps:\n  - id: s\n    task: ask\n' }, 'the agent reload');

    const ask = await run('ask');
    expect(ask.error ?? '').not.toMatch(/no provider/);
    expect(ask.status).toBe('completed');
    expect(ask.steps['s']?.output).toEqual({ text: 'hi from local' });
    expect(llm.requests.some((r) => r.url === '/v1/chat/completions' && (JSON.parse(r.body) as { model: string }).model === 'local-model')).toBe(true);

    const show = await run('show');
    expect(show.status).toBe('completed');
    expect(show.steps['s']?.output).toMatchObject({ head: 'bravo' });
    // The new value is a secret like the old one: the store keeps it masked.
    const row = await stored(show.id);
    expect(row).toContain('bravo');
    expect(row).not.toContain('bravo-second-value');
    expect(row).toContain('***');

    const nap = await run('nap');
    expect(nap.status).toBe('completed');
    expect(nap.steps['s']?.output).toEqual({ slept: true });
  });
});
