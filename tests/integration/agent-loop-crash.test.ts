// A durable conversation end to end: a real `amas up` child is SIGKILLed while an agent loop's
// slow tool call runs in its second turn; a restarted `amas up` resumes the loop from the journal.
// The scripted model server tells turns apart by how many assistant messages a request carries,
// so a turn asked twice would show; the tools log every execution with its idempotency key.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { final, startScripted, toolCalls, type ChatBody, type ScriptedServer } from './agent-loop-server.ts';
import { amasIn, BIN, ROOT, startUp, until, type UpChild } from './up-child.ts';

const FIXTURE = join(ROOT, 'tests/fixtures/agent-loop');
const MCP_SERVER = join(ROOT, 'tests/fixtures/executors/mcp-server.mjs');
let srv: ScriptedServer;
const dirs: string[] = [];
const ups: UpChild[] = [];

beforeAll(async () => {
  srv = await startScripted();
});
afterAll(async () => {
  await srv.close();
});
afterEach(async () => {
  for (const u of ups.splice(0)) await u.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const turnOf = (b: ChatBody) => b.messages.filter((m) => m.role === 'assistant').length;

function toolLog(dir: string): { tool: string; input: { q: string }; key: string }[] {
  const f = join(dir, 'calls.log');
  if (!existsSync(f)) return [];
  // Complete lines only: a tool may be writing its line right now.
  const text = readFileSync(f, 'utf8');
  return text.slice(0, text.lastIndexOf('\n') + 1).split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { tool: string; input: { q: string }; key: string });
}

/** Scripts three turns (by turn number, whatever the order of requests): a call, two calls one of them slow (`slowTool`), the answer. */
function script(slowTool: string): void {
  srv.bodies.length = 0;
  srv.script.length = 0;
  const answer = (body: ChatBody): unknown => {
    srv.script.push(answer);
    switch (turnOf(body)) {
      case 0:
        return toolCalls(['lookup', { q: 'first' }]);
      case 1:
        return toolCalls([slowTool, { q: 'second', slow: true }], ['lookup', { q: 'sibling' }]);
      default:
        return final({ answer: 'planned' });
    }
  };
  srv.script.push(answer);
}

async function crashDuringSlowCall(): Promise<{ dir: string; env: Record<string, string> }> {
  const dir = mkdtempSync(join(tmpdir(), 'amas-loop-crash-'));
  dirs.push(dir);
  cpSync(FIXTURE, dir, { recursive: true });
  const env = { LLM_URL: `${srv.url}/v1`, MCP_SERVER };
  const up = await startUp(dir, [], env);
  ups.push(up);
  const client = spawn(process.execPath, [BIN, 'run', 'main', dir], { cwd: dir, env: { ...process.env, ...env }, stdio: 'ignore' });
  await until(() => toolLog(dir).some((c) => c.input.q === 'second'), 'the slow call to start');
  // The sibling call's result is journaled (the transcript of `amas runs show` reads the journal).
  await until(() => {
    const r = amasIn(dir, ['runs', 'show', '--json', ...runIds(dir, env)], env);
    const d = r.code === 0 ? (JSON.parse(r.stdout) as Detail) : undefined;
    return d?.transcripts?.['plan']?.turns[1]?.calls.find((c) => c.callId === '2.1')?.status === 'ok';
  }, 'the sibling call to be journaled as done');
  up.child.kill('SIGKILL');
  await until(() => up.child.exitCode !== null || up.child.signalCode !== null, 'amas up to die');
  client.kill('SIGKILL');
  ups.splice(ups.indexOf(up), 1);
  return { dir, env };
}

interface Detail {
  status: string;
  outputs?: unknown;
  transcripts?: Record<string, { turns: { seq: number; final: boolean; content: string | null; calls: { callId: string; tool: string; status: string; args: unknown; result: string | null }[] }[]; promptTokens: number; completionTokens: number }>;
}

/** The one run of the project (for `runs show`), once it is listed. */
function runIds(dir: string, env: Record<string, string>): string[] {
  const r = amasIn(dir, ['runs', 'list', '--json'], env);
  const list = r.code === 0 ? (JSON.parse(r.stdout) as { id: string }[]) : [];
  return list.slice(0, 1).map((x) => x.id);
}

/** The CLI as a child without blocking this process (which serves the model). */
function cliAsync(dir: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('an agent loop survives SIGKILL in the middle of a tool call', () => {
  it('resumes: completed turns are not asked again, completed calls do not run again, the interrupted call runs again with the same key', async () => {
    script('lookup');
    const { dir, env } = await crashDuringSlowCall();
    expect(srv.bodies.map(turnOf)).toEqual([0, 1]);
    const runs = JSON.parse(amasIn(dir, ['runs', 'list', '--json'], env).stdout) as { id: string; status: string }[];
    expect(runs).toMatchObject([{ status: 'running' }]);
    const runId = runs[0]!.id;

    writeFileSync(join(dir, 'release'), '');
    const up = await startUp(dir, [], env);
    ups.push(up);
    const done = await until(() => {
      const r = amasIn(dir, ['runs', 'show', runId, '--json'], env);
      const j = r.code === 0 ? (JSON.parse(r.stdout) as Detail) : undefined;
      return j && j.status !== 'running' ? j : undefined;
    }, 'the resumed run to end', 30_000);
    expect(done).toMatchObject({ status: 'completed', outputs: { answer: 'planned' } });
    // The transcript: three turns, the calls with their arguments and results, the answer.
    const t = done.transcripts!['plan']!;
    expect(t.turns.map((x) => [x.seq, x.final, x.calls.map((c) => `${c.tool}:${c.status}`)])).toEqual([
      [1, false, ['lookup:ok']],
      [2, false, ['lookup:ok', 'lookup:ok']],
      [3, true, []],
    ]);
    expect(t.turns[1]!.calls[0]).toMatchObject({ args: { q: 'second', slow: true }, result: JSON.stringify({ q: 'second', found: 'facts about second' }) });
    expect(t.turns[2]!.content).toBe(JSON.stringify({ answer: 'planned' }));
    expect(t.promptTokens).toBe(40);
    const text = amasIn(dir, ['runs', 'show', runId], env).stdout;
    expect(text).toContain('transcript of plan: 3 turns, 57 tokens (40 prompt, 17 completion)');
    expect(text).toMatch(/turn 2 \(attempt 1\) .* called 2 tools/);
    expect(text).toContain('lookup({"q":"second","slow":true}) [capability] ok');
    expect(text).toMatch(/turn 3 \(attempt 2\) .* answered: \{"answer":"planned"\}/);

    // The model was asked each turn exactly once, across the crash.
    expect(srv.bodies.map(turnOf)).toEqual([0, 1, 2]);
    const last = srv.bodies[2]!;
    expect(last.messages.filter((m) => m.role === 'tool')).toHaveLength(3);
    const log = toolLog(dir);
    expect(log.filter((c) => c.input.q === 'first')).toHaveLength(1);
    expect(log.filter((c) => c.input.q === 'sibling')).toHaveLength(1);
    const second = log.filter((c) => c.input.q === 'second');
    expect(second).toHaveLength(2);
    expect(second[0]!.key).toBe(second[1]!.key);
  }, 120_000);

  it('parks the step in_doubt when the interrupted call is not idempotent, and runs it again only when a person retries', async () => {
    script('commit');
    const { dir, env } = await crashDuringSlowCall();
    const runId = (JSON.parse(amasIn(dir, ['runs', 'list', '--json'], env).stdout) as { id: string }[])[0]!.id;
    writeFileSync(join(dir, 'release'), '');
    const up = await startUp(dir, [], env);
    ups.push(up);
    const parked = await until(() => {
      const j = JSON.parse(amasIn(dir, ['runs', 'show', runId, '--json'], env).stdout) as { steps: Record<string, { status: string; error?: { message: string } }> };
      return j.steps['plan']?.status === 'in_doubt' ? j : undefined;
    }, 'the step to wait in_doubt');
    expect(parked.steps['plan']!.error!.message).toMatch(/call 2\.0 \(commit\)/);
    expect(toolLog(dir).filter((c) => c.input.q === 'second')).toHaveLength(1);
    expect(srv.bodies.map(turnOf)).toEqual([0, 1]);

    // Not spawnSync: the retry waits for the run's end, which needs the model server in this very process.
    const retried = await cliAsync(dir, ['runs', 'retry', runId, 'plan', '--json'], env);
    expect(retried.code, `${retried.stderr}${retried.stdout}`).toBe(0);
    expect(JSON.parse(retried.stdout)).toMatchObject({ status: 'completed', outputs: { answer: 'planned' } });
    expect(toolLog(dir).filter((c) => c.input.q === 'second')).toHaveLength(2);
    expect(toolLog(dir).filter((c) => c.input.q === 'first')).toHaveLength(1);
    expect(srv.bodies.map(turnOf)).toEqual([0, 1, 2]);
  }, 120_000);
});
