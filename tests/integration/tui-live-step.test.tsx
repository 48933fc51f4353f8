// The console of a real runtime (issues 15 and 16): an approval step answered with `a` from the
// run view lets the run finish, and an agent loop's tool call shows in the step's transcript
// while it runs (against the scripted model server on 127.0.0.1) and again when it is done.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cleanup } from 'ink-testing-library';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { memoryLogger, systemClock } from '../../src/core/index.ts';
import { Runtime } from '../../src/runtime/index.ts';
import { App } from '../../src/tui/app.tsx';
import { renderAt, settle, tick } from '../unit/tui/render.ts';
import { approvalProject } from './approval-fixture.ts';
import { final, startScripted, toolCalls, type ScriptedServer } from './agent-loop-server.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const quiet = (env?: NodeJS.ProcessEnv) => ({ logger: memoryLogger([]), watch: false, control: false, monitoring: { monitor: false, http: false }, ...(env ? { env } : {}) }) as const;

let rt: Runtime | undefined;
let dir: string | undefined;
afterEach(async () => {
  cleanup();
  await rt?.stop(0);
  rt = undefined;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

async function console(runtime: Runtime) {
  const inst = await renderAt(<App source={runtime} commands={runtime.commands()} clock={systemClock} color={false} />, 140, 44);
  const press = async (...keys: string[]) => {
    for (const k of keys) {
      inst.stdin.write(k);
      await tick();
    }
  };
  return { press, frame: () => inst.lastFrame() ?? '' };
}

describe('approve from the console', () => {
  it('a on the waiting step asks for the form and a comment, answers as "tui", and the run finishes', async () => {
    dir = approvalProject();
    rt = await Runtime.start(dir, quiet());
    const { runId } = rt.startRun({ workflow: 'review', inputs: { title: 'Spring' }, origin: { kind: 'manual' } });
    const c = await console(rt);
    await settle(() => rt!.getSnapshot().runs.find((r) => r.id === runId)?.status === 'waiting', 20_000);
    // The console draws a throttled copy of the snapshot: open the run once it shows it waiting,
    // so the run view selects the waiting step.
    await settle(() => /review\s+waiting/.test(c.frame()), 10_000);
    await c.press('3', '\r');
    await settle(() => c.frame().includes('waits for approval: Publish Spring?'), 10_000);
    expect(c.frame()).toContain('form: channel: string, count: integer');
    await c.press('a');
    await settle(() => c.frame().includes('Approve review'));
    await c.press('blog', '\r', '\r', 'fine by me', '\r');
    // The answer goes out when the last field is accepted; the run then finishes on its own.
    await settle(() => rt!.getSnapshot().runs.find((r) => r.id === runId)?.status === 'completed', 20_000);
    const row = await rt.project.store.runs.get(runId);
    expect(row?.status).toBe('completed');
    expect((await rt.project.store.runs.steps(runId)).find((s) => s.stepId === 'review')?.output).toMatchObject({ approved: true, by: 'tui', comment: 'fine by me', channel: 'blog' });
    expect(fs.readFileSync(path.join(dir, 'published.log'), 'utf8')).toBe('Spring on blog by tui\n');
    await settle(() => c.frame().includes('approved review'));
  }, 60_000);

  it('a second answer is refused and the console says why', async () => {
    dir = approvalProject();
    rt = await Runtime.start(dir, quiet());
    const { runId } = rt.startRun({ workflow: 'review', inputs: {}, origin: { kind: 'manual' } });
    const c = await console(rt);
    await settle(() => rt!.getSnapshot().runs.find((r) => r.id === runId)?.status === 'waiting', 20_000);
    await settle(() => /review\s+waiting/.test(c.frame()), 10_000);
    await c.press('3', '\r');
    await settle(() => c.frame().includes('waits for approval'), 10_000);
    // The console opens its reject prompt; meanwhile someone else answers (as `amas runs reject`
    // would through the control socket); then the console sends its answer.
    await c.press('x');
    await settle(() => c.frame().includes('Reject review'), 10_000);
    await rt.answerApproval(runId, 'review', { approved: false, by: 'cli' });
    await c.press('\r');
    await settle(() => c.frame().includes('answerApproval failed'), 10_000);
    expect(c.frame()).toMatch(/answerApproval failed: (step review of run \S+ was already answered|[^\n]*not waiting)/);
    expect((await rt.waitFor(runId))?.status).toBe('completed');
    expect(fs.existsSync(path.join(dir, 'published.log'))).toBe(false);
  }, 60_000);
});

describe('live transcript from a real loop', () => {
  let srv: ScriptedServer;
  beforeAll(async () => {
    srv = await startScripted();
  });
  afterAll(async () => {
    await srv.close();
  });

  it('shows the running tool call, then its result and the final answer', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amas-tui-loop-'));
    fs.cpSync(path.join(ROOT, 'tests/fixtures/agent-loop'), dir, { recursive: true });
    srv.script.push(() => toolCalls(['lookup', { q: 'tea', slow: true }]), () => final({ answer: 'tea plan' }));
    rt = await Runtime.start(dir, quiet({ ...process.env, LLM_URL: `${srv.url}/v1`, MCP_SERVER: path.join(ROOT, 'tests/fixtures/executors/mcp-server.mjs') }));
    const { runId } = rt.startRun({ workflow: 'main', inputs: { topic: 'tea' }, origin: { kind: 'manual' } });
    const c = await console(rt);
    await settle(() => rt!.getSnapshot().runs.some((r) => r.id === runId), 10_000);
    await c.press('3', '\r'); // the run's first step is the llm step `plan`
    await settle(() => /▶ lookup \[capability\]\(\{"q":"tea","slow":true\}\) running/.test(c.frame()), 20_000);
    expect(c.frame()).toContain('Transcript plan');
    expect(c.frame()).toMatch(/turn 1 \S+ · 15 tokens \(10\+5\) · 1 tool call/);
    fs.writeFileSync(path.join(dir, 'release'), '');
    await settle(() => c.frame().includes('answered: {"answer":"tea plan"}'), 20_000);
    const f = c.frame();
    expect(f).toMatch(/✓ lookup \[capability\]\(\{"q":"tea","slow":true\}\) ok \S+ → \{"q":"tea","found":"facts about tea"\}/);
    expect(f).toContain('2 turns · 42 tokens');
    // The run may have ended already (its end is journaled with the step's): ask the store.
    await settle(() => rt!.getSnapshot().runs.find((r) => r.id === runId)?.status === 'completed', 10_000);
    expect((await rt.project.store.runs.get(runId))?.status).toBe('completed');
  }, 60_000);

  it('a on a tool call that waits for approval answers it by its call id; the tool runs and the loop finishes', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amas-tui-toolappr-'));
    fs.cpSync(path.join(ROOT, 'tests/fixtures/tool-approval'), dir, { recursive: true });
    srv.script.push(() => toolCalls(['post', { q: 'hello' }]), () => final({ answer: 'posted' }));
    rt = await Runtime.start(dir, quiet({ ...process.env, LLM_URL: `${srv.url}/v1` }));
    const { runId } = rt.startRun({ workflow: 'main', inputs: {}, origin: { kind: 'manual' } });
    const c = await console(rt);
    await settle(() => rt!.getSnapshot().runs.find((r) => r.id === runId)?.status === 'waiting', 20_000);
    await c.press('3', '\r');
    await settle(() => c.frame().includes('tool call 1.0 waits for approval'), 10_000);
    expect(fs.existsSync(path.join(dir, 'calls.log'))).toBe(false);
    await c.press('a', 'go ahead', '\r');
    // The parked run is tracked again once the answer is taken; the snapshot says when it ends.
    await settle(() => rt!.getSnapshot().runs.find((r) => r.id === runId)?.status === 'completed', 20_000);
    const log = fs.readFileSync(path.join(dir, 'calls.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { tool: string });
    expect(log.map((l) => l.tool)).toEqual(['post']);
    const answered = await rt.project.store.approvals.get(runId, 'plan', '1.0');
    expect(answered).toMatchObject({ callId: '1.0', answer: { approved: true, by: 'tui', comment: 'go ahead' } });
  }, 60_000);

  it('a sub-workflow the loop starts is a child run nested under its parent, in the list and in the run view', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amas-tui-loop-'));
    fs.cpSync(path.join(ROOT, 'tests/fixtures/agent-loop'), dir, { recursive: true });
    srv.script.push(() => toolCalls(['make_title', { x: 'teatime' }]), () => final({ answer: 'titled' }));
    const env = { ...process.env, LLM_URL: `${srv.url}/v1`, MCP_SERVER: path.join(ROOT, 'tests/fixtures/executors/mcp-server.mjs') };
    rt = await Runtime.start(dir, quiet(env));
    const { runId } = rt.startRun({ workflow: 'main', inputs: {}, origin: { kind: 'manual' } });
    expect((await rt.waitFor(runId))?.status).toBe('completed');
    const child = rt.getSnapshot().runs.find((r) => r.workflowId === 'sub');
    expect(child?.parent).toEqual({ runId, stepId: 'plan' });
    const c = await console(rt);
    await c.press('3');
    await settle(() => c.frame().includes('↳'), 10_000);
    const rows = c.frame().split('\n');
    const at = rows.findIndex((l) => l.includes(`${runId} main`));
    expect(rows[at + 1]).toMatch(/↳✓ \S+ sub/);
    await c.press('\r'); // the parent (listed first): its view lists the child under `plan`
    await settle(() => c.frame().includes(`Steps ${runId}`), 10_000);
    expect(c.frame()).toMatch(new RegExp(`plan[^\\n]*\\n[^\\n]*↳ ✓ ${child!.id} sub\\s+completed`));
    await c.press('j', '\r');
    await settle(() => c.frame().includes(`Steps ${child!.id}`), 10_000);
    await c.press('\u001b');
    await settle(() => c.frame().includes(`Steps ${runId}`), 10_000);
    // After a restart the link comes back from the store.
    await rt.stop(0);
    rt = await Runtime.start(dir, quiet(env));
    expect(rt.getSnapshot().runs.find((r) => r.id === child!.id)?.parent).toEqual({ runId, stepId: 'plan' });
  }, 60_000);
});
