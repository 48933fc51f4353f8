import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openProject } from '../../src/runtime/index.ts';
import { sendJson, startServer } from '../unit/executors/server.ts';

// Runs real workflows whose specs use a secret in a URL, a header, a body, a prompt and command
// arguments, against real local servers, then reads back every file amas wrote.
const SECRET = 'sk-live-7f3a9c21e4b8d6';
let srv: Awaited<ReturnType<typeof startServer>>;
const usagePerCall = { prompt_tokens: 40, completion_tokens: 20 };

beforeAll(async () => {
  srv = await startServer((req, res) => {
    if (req.url.startsWith('/v1/chat/completions')) {
      const prompt = (JSON.parse(req.body) as { messages: { content: string }[] }).messages.at(-1)!.content;
      // The model repeats what it was told, secret included.
      return sendJson(res, 200, {
        choices: [{ message: { role: 'assistant', content: JSON.stringify({ text: `echo: ${prompt}` }) }, finish_reason: 'stop' }],
        usage: usagePerCall,
      });
    }
    return sendJson(res, 200, { url: req.url, header: req.headers['x-token'], body: JSON.parse(req.body || 'null') });
  });
});
afterAll(() => srv.close());

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'amas-redact-'));
  cpSync(resolve('tests/fixtures/executors/e2e-project'), dir, { recursive: true });
  return dir;
}

function env(): Record<string, string | undefined> {
  return { PATH: process.env['PATH'], API_URL: srv.url, LLM_BASE_URL: `${srv.url}/v1`, LLM_API_KEY: 'llm-key-0042', SERVICE_TOKEN: SECRET };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('secrets are redacted everywhere amas writes', () => {
  // The store redacts every value it writes, so even a secret an executor's answer echoes back
  // reaches neither the database nor the journal.
  it('a secret used in a URL, a header, a body, a prompt and a command argument appears in no file', async () => {
    const dir = project();
    const p = await openProject(dir, { env: env() });
    const run = await p.run('leak');
    await p.close();

    // The secret really went out: the server saw it, so redaction (not a missing value) keeps it out of files.
    expect(srv.requests.some((r) => r.url.includes(SECRET) && r.headers['x-token'] === SECRET)).toBe(true);
    expect(run.status).toBe('failed');

    const written = filesUnder(dir).filter((f) => !f.endsWith('.yaml'));
    expect(written.length).toBeGreaterThan(0);
    for (const f of written) {
      const bytes = readFileSync(f).toString('latin1');
      expect(bytes.includes(SECRET), `${f} contains the secret`).toBe(false);
    }
  });

  it('nothing `amas run` prints shows the secret, outputs and errors included', async () => {
    const dir = project();
    const r = await new Promise<{ status: number | null; out: string }>((done) => {
      // Async spawn: the local servers of this test file must keep answering while the CLI runs.
      const child = spawn(process.execPath, [resolve('bin/amas'), 'run', 'leak', dir, '--json'], { env: env() });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      child.on('close', (status: number | null) => done({ status, out }));
    });
    expect(srv.requests.some((q) => q.url.includes(SECRET))).toBe(true);
    expect(r.out.length).toBeGreaterThan(0);
    expect(r.out.includes(SECRET), r.out).toBe(false);
    expect(r.out).toContain('***');
  });
});
