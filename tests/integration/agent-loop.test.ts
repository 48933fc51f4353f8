// The agent loop (llm with tools) through a real project against a scripted OpenAI-compatible
// server on 127.0.0.1: single and parallel calls, every tool kind (capability, delegation, a real
// MCP server process, a workflow sub-run, knowledge), a failing tool, max_turns, a malformed call
// the model repairs, and the budgets. What the tools received is read from their own log.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openProject, type Project } from '../../src/runtime/index.ts';
import { progressPrinter } from '../../src/cli/run-output.ts';
import { findRun } from '../../src/runtime/mcp-runs.ts';
import { final, startScripted, toolCalls, toolResults, type ScriptedServer } from './agent-loop-server.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const FIXTURE = join(ROOT, 'tests/fixtures/agent-loop');
const MCP_SERVER = join(ROOT, 'tests/fixtures/executors/mcp-server.mjs');

let srv: ScriptedServer;
let dir: string;
let project: Project;

beforeAll(async () => {
  srv = await startScripted();
});
afterAll(async () => {
  await srv.close();
});
beforeEach(async () => {
  srv.bodies.length = 0;
  srv.script.length = 0;
  dir = mkdtempSync(join(tmpdir(), 'amas-loop-'));
  cpSync(FIXTURE, dir, { recursive: true });
  project = await openProject(dir, { store: ':memory:', env: { ...process.env, LLM_URL: `${srv.url}/v1`, MCP_SERVER } });
});
afterEach(async () => {
  await project.close();
  rmSync(dir, { recursive: true, force: true });
});

const toolLog = (): { tool: string; input: Record<string, unknown>; key: string }[] =>
  existsSync(join(dir, 'calls.log'))
    ? readFileSync(join(dir, 'calls.log'), 'utf8')
        .split('\n')
        // Complete lines only: a tool may be writing its line right now.
        .slice(0, -1)
        .map((l) => JSON.parse(l) as { tool: string; input: Record<string, unknown>; key: string })
    : [];

describe('the agent loop', () => {
  it('offers the declared tools with their parameters, runs one call and returns the final answer in the output schema', async () => {
    srv.script.push(() => toolCalls(['lookup', { q: 'tea' }]), () => final({ answer: 'tea plan' }));
    const run = await project.run('main', { topic: 'tea' });
    expect(run.status).toBe('completed');
    expect(run.outputs).toEqual({ answer: 'tea plan' });
    const first = srv.bodies[0]!;
    const names = first.tools!.map((t) => t.function.name).sort();
    expect(names).toEqual(['commit', 'knowledge_search', 'knowledge_store', 'lookup', 'make_title', 'shout', 't_echo', 't_fail']);
    const lookup = first.tools!.find((t) => t.function.name === 'lookup')!.function;
    expect(lookup.description).toBe('Looks a topic up.');
    expect(lookup.parameters).toMatchObject({ type: 'object', required: ['q'] });
    expect(first.tools!.find((t) => t.function.name === 'make_title')!.function.parameters).toEqual({ type: 'object', properties: { x: { type: 'string' } }, required: ['x'], additionalProperties: false });
    expect(first.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(first.messages[1]!.content).toBe('Plan tea');
    expect(toolLog()).toEqual([expect.objectContaining({ tool: 'lookup', input: { q: 'tea' } })]);
    const second = srv.bodies[1]!;
    expect(second.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool']);
    expect(toolResults(second)).toEqual([{ q: 'tea', found: 'facts about tea' }]);
    expect(second.messages[3]!.tool_call_id).toBe(second.messages[2]!.tool_calls![0]!.id);
    // Tokens of both turns count on the run.
    expect(run.usage).toMatchObject({ prompt: 30, completion: 12, total: 42 });
  });

  it('runs the calls of one turn concurrently and sends every result back in the order of the calls', async () => {
    srv.script.push(
      () => toolCalls(['lookup', { q: 'slow one', slow: true }], ['lookup', { q: 'fast one' }], ['shout', { word: 'hey' }]),
      () => final({ answer: 'done' }),
    );
    const going = project.run('main');
    // The slow call holds until the fast one has run: they run at once, not one after the other.
    for (let i = 0; i < 400 && toolLog().length < 2; i++) await new Promise((r) => setTimeout(r, 25));
    expect(toolLog().map((c) => c.input.q).sort()).toEqual(['fast one', 'slow one']);
    cpSync(join(dir, 'amas.yaml'), join(dir, 'release'));
    const run = await going;
    expect(run.status).toBe('completed');
    expect(toolResults(srv.bodies[1]!)).toEqual([{ q: 'slow one', found: 'facts about slow one' }, { q: 'fast one', found: 'facts about fast one' }, { shouted: 'hey!' }]);
    // Each call has its own idempotency key.
    expect(new Set(toolLog().map((c) => c.key)).size).toBe(2);
  });

  it('reaches every tool kind: delegation, a real MCP server, a workflow as a sub-run, the knowledge base', async () => {
    srv.script.push(
      () => toolCalls(['shout', { word: 'go' }], ['t_echo', { text: 'ping' }], ['make_title', { x: 'teatime' }], ['knowledge_store', { category: 'notes', content: 'green tea calms' }]),
      () => toolCalls(['knowledge_search', { query: 'green' }]),
      () => final({ answer: 'ok' }),
    );
    const run = await project.run('main');
    expect(run.status).toBe('completed');
    const [shout, echo, title, stored] = toolResults(srv.bodies[1]!) as [unknown, { echoed: string; pid: number }, unknown, { duplicate: boolean }];
    expect(shout).toEqual({ shouted: 'go!' });
    expect(echo.echoed).toBe('ping');
    expect(echo.pid).not.toBe(process.pid);
    expect(title).toEqual({ title: 'teatime!' });
    expect(stored.duplicate).toBe(false);
    // The history grows: the third request carries all five results, the search's last.
    const found = toolResults(srv.bodies[2]!).at(-1) as { content: unknown; category: string }[];
    expect(found.map((f) => f.content)).toContain('green tea calms');
    // The sub-run is a run of its own, linked to its parent.
    const subs = await project.store.runs.list({ workflowId: 'sub' });
    expect(subs).toHaveLength(1);
    expect(subs[0]).toMatchObject({ status: 'completed', trigger: { kind: 'workflow' }, parentRunId: run.id, parentStepId: 'plan' });
  });

  it('sends a failing tool its error text as the result, and the loop goes on', async () => {
    srv.script.push(() => toolCalls(['lookup', { q: 'x', fail: true }], ['t_fail', {}]), () => final({ answer: 'recovered' }));
    const run = await project.run('main');
    expect(run.status).toBe('completed');
    const [lookup, mcp] = toolResults(srv.bodies[1]!) as { error: string }[];
    expect(lookup!.error).toMatch(/lookup failed for x/);
    expect(mcp!.error).toMatch(/the widget exploded/);
  });

  it('returns a malformed call to the model as an error it can repair: bad JSON, unknown tool, arguments off the schema', async () => {
    srv.script.push(
      () => toolCalls(['lookup', '{"q": '], ['look_up', { q: 'a' }], ['lookup', { query: 'a' }]),
      () => toolCalls(['lookup', { q: 'repaired' }]),
      () => final({ answer: 'fine' }),
    );
    const run = await project.run('main');
    expect(run.status).toBe('completed');
    const errors = (toolResults(srv.bodies[1]!) as { error: string }[]).map((e) => e.error);
    expect(errors[0]).toMatch(/not valid JSON/);
    expect(errors[1]).toMatch(/unknown tool "look_up"; the tools are: lookup, commit/);
    expect(errors[2]).toMatch(/do not match the parameters of "lookup"/);
    // Only the repaired call ran.
    expect(toolLog().map((c) => c.input)).toEqual([{ q: 'repaired' }]);
  });

  it('fails the step past max_turns, naming the limit', async () => {
    for (let i = 0; i < 4; i++) srv.script.push(() => toolCalls(['shout', { word: `w${i}` }]));
    const run = await project.run('main');
    expect(run.status).toBe('failed');
    expect(run.steps.plan!.error?.message).toMatch(/max_turns \(4\)/);
    expect(srv.bodies).toHaveLength(4);
  });

  it('repairs a final answer that breaks the output schema, without offering tools', async () => {
    srv.script.push(() => final('not json'), () => final({ answer: 'repaired' }));
    const run = await project.run('main');
    expect(run.outputs).toEqual({ answer: 'repaired' });
    expect(srv.bodies[1]!.tools).toBeUndefined();
    expect(srv.bodies[1]!.messages.at(-1)!.content).toMatch(/does not satisfy the required JSON Schema/);
  });

  it('returns the answer text when the capability declares no output schema', async () => {
    srv.script.push(() => toolCalls(['lookup', { q: 'z' }]), () => final('plain words'));
    const run = await project.run('chat');
    expect(run.outputs).toEqual({ said: 'plain words' });
  });

  it('counts tool calls in the run budget: past budget.tool_calls the run ends budget_exceeded', async () => {
    // The step itself is one executor call; three tool calls make four, over the budget of three.
    srv.script.push(() => toolCalls(['shout', { word: 'a' }], ['shout', { word: 'b' }]), () => toolCalls(['shout', { word: 'c' }]), () => final({ answer: 'x' }));
    const run = await project.run('budget');
    expect(run.status).toBe('budget_exceeded');
    expect(run.error).toMatch(/tool-call budget of 3/);
  });

  it('emits tool_call_started, tool_call_finished and a model_call per turn on the project stream', async () => {
    const seen: { type: string; tool?: string; kind?: string; ok?: boolean }[] = [];
    const models: number[] = [];
    const off = project.stream.subscribe((e) => {
      if (e.type === 'tool_call_started' || e.type === 'tool_call_finished') seen.push(e);
      if (e.type === 'model_call') models.push(e.outputTokens ?? -1);
    });
    srv.script.push(() => toolCalls(['shout', { word: 'a' }]), () => final({ answer: 'x' }));
    await project.run('main');
    off();
    expect(seen.map((e) => [e.type, e.tool, e.kind])).toEqual([
      ['tool_call_started', 'shout', 'agent'],
      ['tool_call_finished', 'shout', 'agent'],
    ]);
    expect(seen[1]!.ok).toBe(true);
    // Each model turn of the loop is a model_call, like a single llm call.
    expect(models).toEqual([5, 7]);
  });

  it("shows the loop: the MCP server's run view carries the transcript, `amas run` prints tool calls as progress lines", async () => {
    const lines: string[] = [];
    const print = progressPrinter((l) => lines.push(l));
    const off = project.stream.subscribe(print);
    srv.script.push(() => toolCalls(['shout', { word: 'a' }], ['lookup', { q: 'x', fail: true }]), () => final({ answer: 'x' }));
    const run = await project.run('main');
    off();
    expect(lines.filter((l) => l.includes('calls ')).map((l) => l.trim())).toEqual(['→ plan calls shout({"word":"a"}) agent', '→ plan calls lookup({"q":"x","fail":true}) capability']);
    expect(lines.some((l) => /← plan shout /.test(l))).toBe(true);
    expect(lines.some((l) => /← plan lookup failed: .*lookup failed for x/.test(l))).toBe(true);
    const view = await findRun(project, run.id);
    const t = view!.transcripts!['plan']!;
    expect(t.turns).toHaveLength(2);
    expect(t.turns[0]!.calls.map((c) => [c.tool, c.kind, c.status])).toEqual([
      ['shout', 'agent', 'ok'],
      ['lookup', 'capability', 'error'],
    ]);
    expect(t.turns[0]!.calls[0]!.result).toBe('{"shouted":"a!"}');
  });
});
