// Per-tool approval in agent loops, through the real faces: `amas up` as a child (HTTP, the control
// socket, a SIGKILL and a restart), the CLI, and the scripted OpenAI-compatible model server on
// loopback. The model server tells turns apart by how many assistant messages a request carries,
// so a completed turn asked again would show; the tools log every execution to calls.log.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { call as mcpCall, connect, data, text } from './mcp-helpers.ts';
import { final, startScripted, toolCalls, type ChatBody, type ScriptedServer } from './agent-loop-server.ts';
import { BIN, copyProject, ROOT, startUp, until, type UpChild } from './up-child.ts';

const FIXTURE = join(ROOT, 'tests/fixtures/tool-approval');
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

/** Answers by turn number (whatever the order of requests): `turns[n]` answers turn n; past the end, the final answer. */
function script(turns: unknown[]): void {
  srv.bodies.length = 0;
  srv.script.length = 0;
  const answer = (body: ChatBody): unknown => {
    srv.script.push(answer);
    return turns[turnOf(body)] ?? final({ answer: 'planned' });
  };
  srv.script.push(answer);
}

function toolLog(dir: string): { tool: string; input: { q: string } }[] {
  const f = join(dir, 'calls.log');
  if (!existsSync(f)) return [];
  const text = readFileSync(f, 'utf8');
  return text.slice(0, text.lastIndexOf('\n') + 1).split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { tool: string; input: { q: string } });
}

/** The tool messages the model received in its request for turn `n`. */
function toolMessages(n: number): string[] {
  const b = srv.bodies.find((x) => turnOf(x) === n);
  return (b?.messages ?? []).filter((m) => m.role === 'tool').map((m) => m.content ?? '');
}

interface Api {
  up: UpChild;
  call(method: string, p: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }>;
}

async function upApi(dir: string, env: Record<string, string>): Promise<Api> {
  const up = await startUp(dir, [], env);
  ups.push(up);
  const base = up.lines().find((l) => l.msg === 'HTTP API listening')!.url as string;
  const key = readFileSync(join(dir, '.amas/api-key'), 'utf8').trim();
  return {
    up,
    async call(method, p, body) {
      const res = await fetch(`${base}${p}`, {
        method,
        headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, json: (await res.json()) as Record<string, unknown> };
    },
  };
}

/** The CLI as a child without blocking this process (which serves the model). */
function cli(dir: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: { ...process.env, AMAS_DEBUG: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

type Pending = { runId: string; stepId: string; callId?: string; tool?: string; args?: unknown; prompt: string; path: string };

/** Polls an async check (until() takes sync ones). */
async function eventually<T>(get: () => Promise<T | undefined>, what: string, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function waitingApprovals(api: Api, n: number): Promise<Pending[]> {
  return eventually(async () => {
    const list = (await api.call('GET', '/api/approvals')).json.approvals as Pending[];
    return list.length === n ? list : undefined;
  }, `${n} approval(s) to wait`);
}

async function runEnd(api: Api, runId: string): Promise<{ run: { status: string; outputs?: unknown }; steps: { stepId: string; status: string }[] }> {
  return eventually(async () => {
    const r = await api.call('GET', `/api/runs/${runId}`);
    const j = r.json as { run: { status: string; outputs?: unknown }; steps: { stepId: string; status: string }[] };
    return j.run.status !== 'running' ? j : undefined;
  }, 'the run to end');
}

function project(): { dir: string; env: Record<string, string> } {
  const dir = copyProject(FIXTURE, 'amas-tool-approval-');
  dirs.push(dir);
  return { dir, env: { LLM_URL: `${srv.url}/v1` } };
}

async function start(api: Api): Promise<string> {
  const r = await api.call('POST', '/api/workflows/main/runs', {});
  expect(r.status).toBe(202);
  return r.json.runId as string;
}

describe('a tool call with approval: required', () => {
  it('waits durably across a SIGKILL of amas up; approved over HTTP, the tool runs once and no completed turn is asked again', async () => {
    script([toolCalls(['post', { q: 'hello' }])]);
    const { dir, env } = project();
    let api = await upApi(dir, env);
    const runId = await start(api);
    const [p] = await waitingApprovals(api, 1);
    expect(p).toMatchObject({ runId, stepId: 'plan', callId: '1.0', tool: 'post', args: { q: 'hello' }, path: `/api/runs/${runId}/steps/plan/approval` });
    expect(p!.prompt).toContain('post');
    const shown = (await api.call('GET', `/api/runs/${runId}`)).json as { steps: { stepId: string; status: string }[] };
    expect(shown.steps.find((s) => s.stepId === 'plan')?.status).toBe('waiting');
    expect(toolLog(dir)).toEqual([]);

    api.up.child.kill('SIGKILL');
    await until(() => api.up.child.exitCode !== null || api.up.child.signalCode !== null, 'amas up to die');
    ups.splice(ups.indexOf(api.up), 1);
    api = await upApi(dir, env);
    const [again] = await waitingApprovals(api, 1);
    expect(again).toMatchObject({ runId, callId: '1.0', tool: 'post' });
    expect(toolLog(dir)).toEqual([]);

    // Exactly one call waits: the call id may be left out.
    const ok = await api.call('POST', `/api/runs/${runId}/steps/plan/approval`, { approved: true });
    expect(ok.status, JSON.stringify(ok.json)).toBe(200);
    expect(ok.json.approval).toMatchObject({ callId: '1.0', tool: 'post', answer: { approved: true, by: 'http' } });
    const end = await runEnd(api, runId);
    expect(end.run).toMatchObject({ status: 'completed', outputs: { answer: 'planned' } });
    expect(toolLog(dir).map((c) => `${c.tool}:${c.input.q}`)).toEqual(['post:hello']);
    // Turn 0 (the call) and turn 1 (its result → the answer), each asked once, across the crash.
    expect(srv.bodies.map(turnOf)).toEqual([0, 1]);
    expect(toolMessages(1)).toEqual([JSON.stringify({ q: 'hello', found: 'facts about hello' })]);
    const second = await api.call('POST', `/api/runs/${runId}/steps/plan/approval`, { approved: false, call: '1.0' });
    expect(second.status).toBe(409);
  }, 120_000);

  it('rejected from the CLI with a comment: the model gets the rejection as the tool result and the loop goes on', async () => {
    script([toolCalls(['post', { q: 'loud' }])]);
    const { dir, env } = project();
    const api = await upApi(dir, env);
    const runId = await start(api);
    await waitingApprovals(api, 1);
    const listed = await cli(dir, ['runs', 'approvals'], env);
    expect(listed.stdout).toContain(`${runId}  plan --call 1.0`);
    const r = await cli(dir, ['runs', 'reject', runId, 'plan', '--reason', 'too loud for a Monday', '--by', 'ana'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`tool call 1.0 (post) of step plan of run ${runId} rejected by ana`);
    const end = await runEnd(api, runId);
    expect(end.run.status).toBe('completed');
    expect(toolLog(dir)).toEqual([]);
    const [result] = toolMessages(1);
    expect(JSON.parse(result!)).toEqual({ error: expect.stringMatching(/rejected by ana, saying: too loud for a Monday/) as unknown });
  }, 120_000);
});

describe('a tool call with approval: { when }', () => {
  it('runs at once when the expression is false on its arguments, and waits when it is true', async () => {
    script([toolCalls(['spend', { q: 'ads', amount: 20 }]), toolCalls(['spend', { q: 'billboard', amount: 5000 }])]);
    const { dir, env } = project();
    const api = await upApi(dir, env);
    const runId = await start(api);
    const [p] = await waitingApprovals(api, 1);
    expect(p).toMatchObject({ callId: '2.0', tool: 'spend', args: { q: 'billboard', amount: 5000 } });
    expect(toolLog(dir).map((c) => c.input.q)).toEqual(['ads']);
    const ok = await api.call('POST', `/api/runs/${runId}/steps/plan/approval`, { approved: true, call: '2.0', comment: 'fine' });
    expect(ok.status, JSON.stringify(ok.json)).toBe(200);
    expect((await runEnd(api, runId)).run.status).toBe('completed');
    expect(toolLog(dir).map((c) => c.input.q)).toEqual(['ads', 'billboard']);
    expect(srv.bodies.map(turnOf)).toEqual([0, 1, 2]);
  }, 120_000);
});

describe('several tool calls of one turn wait for approval', () => {
  it('each waits on its own while the others run; an answer without --call is refused, listing them', async () => {
    script([toolCalls(['post', { q: 'a' }], ['post', { q: 'b' }], ['lookup', { q: 'c' }])]);
    const { dir, env } = project();
    const api = await upApi(dir, env);
    const runId = await start(api);
    const list = await waitingApprovals(api, 2);
    expect(list.map((x) => x.callId).sort()).toEqual(['1.0', '1.1']);
    await until(() => toolLog(dir).some((c) => c.input.q === 'c'), 'the call without approval to run');

    const vague = await cli(dir, ['runs', 'approve', runId, 'plan'], env);
    expect(vague.code).toBe(2);
    expect(vague.stderr).toMatch(/2 tool calls waiting for approval: name one with --call 1\.0 \(post\), --call 1\.1 \(post\)/);
    expect(vague.stderr).not.toMatch(/\n\s+at /);
    const viaHttp = await api.call('POST', `/api/runs/${runId}/steps/plan/approval`, { approved: true });
    expect(viaHttp.status).toBe(400);
    expect(JSON.stringify(viaHttp.json)).toMatch(/--call 1\.0 \(post\), --call 1\.1 \(post\)/);
    const unknown = await api.call('POST', `/api/runs/${runId}/steps/plan/approval`, { approved: true, call: '9.9' });
    expect(unknown.status).toBe(404);

    const first = await cli(dir, ['runs', 'approve', runId, 'plan', '--call', '1.0'], env);
    expect(first.code, first.stderr).toBe(0);
    // The approved call runs now; the other still waits.
    await until(() => toolLog(dir).some((c) => c.input.q === 'a'), 'the approved call to run');
    const [still] = await waitingApprovals(api, 1);
    expect(still).toMatchObject({ callId: '1.1' });
    expect(srv.bodies.map(turnOf)).toEqual([0]);

    const second = await cli(dir, ['runs', 'reject', runId, 'plan', '--call', '1.1', '--reason', 'one is enough'], env);
    expect(second.code, second.stderr).toBe(0);
    expect((await runEnd(api, runId)).run.status).toBe('completed');
    expect(toolLog(dir).map((c) => c.input.q).sort()).toEqual(['a', 'c']);
    expect(srv.bodies.map(turnOf)).toEqual([0, 1]);
    const results = toolMessages(1);
    expect(results[0]).toBe(JSON.stringify({ q: 'a', found: 'facts about a' }));
    expect(results[1]).toMatch(/one is enough/);
    expect(results[2]).toBe(JSON.stringify({ q: 'c', found: 'facts about c' }));
  }, 120_000);
});

describe('tool-call approvals over MCP', () => {
  it('list_approvals shows call id, tool and arguments; approve_step/reject_step take `call`, and refuse to guess between two', async () => {
    script([toolCalls(['post', { q: 'x' }], ['post', { q: 'y' }])]);
    const { dir, env } = project();
    const api = await upApi(dir, env);
    const runId = await start(api);
    await waitingApprovals(api, 2);
    process.env['LLM_URL'] = env['LLM_URL'];
    const c = await connect(dir);
    try {
      const listed = data(await mcpCall(c.client, 'list_approvals')) as { approvals: Pending[] };
      expect(listed.approvals.map((a) => [a.runId, a.stepId, a.callId, a.tool, a.args])).toEqual([
        [runId, 'plan', '1.0', 'post', { q: 'x' }],
        [runId, 'plan', '1.1', 'post', { q: 'y' }],
      ]);
      const vague = await mcpCall(c.client, 'approve_step', { run_id: runId, step_id: 'plan' });
      expect(vague.isError).toBe(true);
      expect(text(vague)).toMatch(/AMAS_APPROVAL_AMBIGUOUS: .*--call 1\.0 \(post\), --call 1\.1 \(post\)/);
      const ok = await mcpCall(c.client, 'approve_step', { run_id: runId, step_id: 'plan', call: '1.1' });
      expect(ok.isError, text(ok)).toBeFalsy();
      expect(data(ok)).toMatchObject({ approval: { callId: '1.1', tool: 'post', answer: { approved: true, by: 'amas-tests' } } });
      const no = await mcpCall(c.client, 'reject_step', { run_id: runId, step_id: 'plan', call: '1.0', reason: 'not x' });
      expect(no.isError, text(no)).toBeFalsy();
    } finally {
      await c.close();
    }
    expect((await runEnd(api, runId)).run.status).toBe('completed');
    expect(toolLog(dir).map((x) => x.input.q)).toEqual(['y']);
    expect(toolMessages(1)[0]).toMatch(/not x/);
  }, 120_000);
});
