import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpExecutor } from '../../../src/agents/executors/http.ts';
import { llmExecutor } from '../../../src/agents/executors/llm.ts';
import { closeMcpClients, mcpExecutor } from '../../../src/agents/executors/mcp.ts';
import { NonRetriableError, type ProjectSpec } from '../../../src/core/index.ts';
import { makeContext } from './context.ts';
import { sendJson, startServer } from './server.ts';

// Expressions in executor specs, rendered with the step's scope (the real src/expr renderer).
let srv: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  srv = await startServer((req, res) => {
    if (req.url.startsWith('/v1/chat/completions')) {
      return sendJson(res, 200, { choices: [{ message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }] });
    }
    if (req.url.startsWith('/deny')) return sendJson(res, 403, { error: 'denied' });
    return sendJson(res, 200, { url: req.url, auth: req.headers.authorization ?? null, body: req.body });
  });
});
afterAll(async () => {
  await srv.close();
  await closeMcpClients();
});

const SECRET = 'tok-4f9a8c7e';
function scoped(input: unknown) {
  return {
    input,
    env: { HOST: srv.url },
    secrets: { API_TOKEN: SECRET, UNUSED: 'never-read-value' },
    run: { id: 'r1', workflow: 'wf', attempt: 1 },
  };
}

describe('executor specs with expressions', () => {
  it('http renders URL, headers and a body that keeps the types of whole expressions', async () => {
    const out = (await httpExecutor(
      {
        method: 'POST',
        url: '${{ env.HOST }}/items/${{ input.id }}?q=${{ input.q }}',
        headers: { Authorization: 'Bearer ${{ secrets.API_TOKEN }}' },
        body: { tags: '${{ input.tags }}', label: 'n=${{ input.id }}' },
      },
      {},
      makeContext({ scope: scoped({ id: 7, q: 'x', tags: ['a', 'b'] }) }),
    )) as { url: string; auth: string; body: string };
    expect(out.url).toBe('/items/7?q=x');
    expect(out.auth).toBe(`Bearer ${SECRET}`);
    expect(JSON.parse(out.body)).toEqual({ tags: ['a', 'b'], label: 'n=7' });
  });

  it('an expression that cannot be evaluated fails finally, naming where', async () => {
    const err = (await httpExecutor({ url: '${{ env.HOST }}/${{ input.( }}' }, {}, makeContext({ scope: scoped({}) })).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(NonRetriableError);
    expect(err.message).toMatch(/^http\.url/);
  });

  it('llm renders the prompt, the system text and the provider’s base_url and api_key', async () => {
    const project = { providers: { default: { base_url: '${{ env.HOST }}/v1', api_key: '${{ secrets.API_TOKEN }}', model: 'm' } } } as ProjectSpec;
    const before = srv.requests.length;
    await llmExecutor({ system: 'Tone: ${{ input.tone }}', prompt: 'Write about ${{ input.topic }}.' }, {}, makeContext({ project, scope: scoped({ tone: 'dry', topic: 'owls' }) }));
    const req = srv.requests[before]!;
    expect(req.headers.authorization).toBe(`Bearer ${SECRET}`);
    expect(JSON.parse(req.body).messages).toEqual([
      { role: 'system', content: 'Tone: dry' },
      { role: 'user', content: 'Write about owls.' },
    ]);
  });

  it('mcp renders arguments and the server’s env', async () => {
    const fixtures = resolve('tests/fixtures/executors');
    const project = {
      mcp_servers: { local: { command: [process.execPath, resolve(fixtures, 'mcp-server.mjs')], env: { TOKEN: '${{ secrets.API_TOKEN }}' } } },
    } as ProjectSpec;
    const ctx = makeContext({ project, projectDir: fixtures, scope: scoped({ n: 4, var: 'TOKEN' }) });
    expect(await mcpExecutor({ server: 'local', tool: 'json_text', arguments: { n: '${{ input.n }}' } }, {}, ctx)).toMatchObject({ doubled: 8 });
    expect(await mcpExecutor({ server: 'local', tool: 'env', arguments: { name: '${{ input.var }}' } }, {}, ctx)).toMatchObject({ value: SECRET });
  });
});
