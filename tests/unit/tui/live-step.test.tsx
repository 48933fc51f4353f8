// The run view of issues 15 and 16 in the console: the selected llm step's transcript as it
// grows, approve/reject of a waiting step through the prompt, child runs nested under parents.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { ManualClock, type Snapshot } from '../../../src/core/index.ts';
import { App } from '../../../src/tui/app.tsx';
import { helpEntries } from '../../../src/tui/components/help-overlay.tsx';
import { capTranscript, MAX_TRANSCRIPT_TURNS } from '../../../src/tui/components/step-live.tsx';
import { nestedRuns } from '../../../src/tui/selectors.ts';
import { recordingCommands, run, snapshot, step, T0, TestSource, toolCall, transcript, TranscriptFeed, workflow } from './factories.ts';
import { renderAt, settle, tick } from './render.ts';

afterEach(() => cleanup());

const RUN = 'run-plan-000001';

function planSnapshot(): Snapshot {
  return snapshot({
    workflows: [workflow('plan'), workflow('publish-post')],
    runs: [
      run(RUN, 'plan', {
        status: 'waiting',
        steps: [
          step('strategist', { task: 'llm', status: 'running', attempt: 1, startedAt: T0 - 5000 }),
          step('review', { task: 'approval', status: 'waiting', needs: ['strategist'], approval: { prompt: 'Publish the plan?', requestedAt: T0 - 1000, deadline: T0 + 3_600_000, fields: [{ name: 'channel', type: 'string', required: true, description: null }] } }),
          step('publish', { task: 'workflow publish-post', needs: ['review'] }),
        ],
      }),
    ],
  });
}

async function app(snap: Snapshot, opts: { fail?: string; feed?: TranscriptFeed; feedStep?: string; columns?: number; rows?: number } = {}) {
  const transcripts = opts.feed ? { [`${RUN}/${opts.feedStep ?? 'strategist'}`]: opts.feed } : undefined;
  const rec = recordingCommands({ ...(opts.fail ? { fail: opts.fail } : {}), ...(transcripts ? { transcripts } : {}) });
  const source = new TestSource(snap);
  const inst = await renderAt(<App source={source} commands={rec.commands} clock={new ManualClock(T0)} color={false} />, opts.columns ?? 120, opts.rows ?? 40);
  const press = async (...keys: string[]) => {
    for (const k of keys) {
      inst.stdin.write(k);
      await tick();
    }
  };
  return { ...rec, source, press, frame: () => inst.lastFrame() ?? '' };
}

describe('live transcript', () => {
  it('shows each model turn and tool call of the selected step, updating as the loop goes on', async () => {
    const feed = new TranscriptFeed();
    const a = await app(planSnapshot(), { feed });
    await a.press('3', '\r', 'k', 'k'); // open; the waiting step is selected first: go up to the llm step
    await settle(() => a.watches.includes(`${RUN}/strategist`));
    feed.push(transcript([{ promptTokens: 120, completionTokens: 30, durationMs: 1500, calls: [toolCall('1.0', { tool: 'search_docs', args: { query: 'launch week' }, status: 'running', result: null, durationMs: null })] }]));
    await settle(() => a.frame().includes('search_docs'));
    let f = a.frame();
    expect(f).toContain('Transcript strategist');
    expect(f).toMatch(/turn 1 1\.5s · 150 tokens \(120\+30\) · 1 tool call/);
    expect(f).toMatch(/▶ search_docs \[capability\]\(\{"query":"launch week"\}\) running/);
    feed.push(transcript([
      { promptTokens: 120, completionTokens: 30, durationMs: 1500, calls: [toolCall('1.0', { tool: 'search_docs', args: { query: 'launch week' }, result: '{"hits":["a","b"]}', durationMs: 420 })] },
      { final: true, content: 'Three posts: Monday, Wednesday, Friday.', promptTokens: 200, completionTokens: 40, durationMs: 900 },
    ]));
    await settle(() => a.frame().includes('answered'));
    f = a.frame();
    expect(f).toMatch(/✓ search_docs \[capability\]\(\{"query":"launch week"\}\) ok 420ms → \{"hits":\["a","b"\]\}/);
    expect(f).toContain('turn 2 900ms · 240 tokens (200+40) answered: Three posts: Monday, Wednesday, Friday.');
    expect(f).toContain('2 turns · 390 tokens');
  });

  it('a failed tool call shows its error; a long transcript follows its tail and scrolls with [ and ]', async () => {
    const feed = new TranscriptFeed();
    const a = await app(planSnapshot(), { feed, rows: 30 });
    await a.press('3', '\r', 'k', 'k');
    await settle(() => a.watches.length > 0);
    feed.push(transcript(Array.from({ length: 30 }, (_, i) => ({ content: `thought ${i + 1}`, calls: i === 29 ? [toolCall('30.0', { status: 'error', result: '{"error":"timeout"}' })] : [] }))));
    await settle(() => a.frame().includes('thought 30'));
    expect(a.frame()).toMatch(/✗ search \[capability\]\(\{"q":"x"\}\) error 300ms → \{"error":"timeout"\}/);
    expect(a.frame()).not.toContain('said: thought 1\n');
    const before = a.frame();
    await a.press('[', '[');
    await settle(() => a.frame() !== before);
    expect(a.frame()).not.toContain('thought 30');
    expect(a.frame()).toMatch(/pgup\/pgdn/);
    await a.press(']', ']');
    await settle(() => a.frame().includes('thought 30'));
  });

  it('keeps at most the newest MAX_TRANSCRIPT_TURNS turns in memory', () => {
    const long = transcript(Array.from({ length: MAX_TRANSCRIPT_TURNS + 20 }, (_, i) => ({ content: `t${i}` })));
    const capped = capTranscript(long)!;
    expect(capped.turns).toHaveLength(MAX_TRANSCRIPT_TURNS);
    expect(capped.turns.at(-1)?.content).toBe(`t${MAX_TRANSCRIPT_TURNS + 19}`);
    expect(capped.promptTokens).toBe(long.promptTokens);
  });

  it('stops following a step when another is selected', async () => {
    const feed = new TranscriptFeed();
    const a = await app(planSnapshot(), { feed });
    await a.press('3', '\r', 'k', 'k');
    await settle(() => feed.listeners.size === 1);
    await a.press('j');
    await settle(() => feed.listeners.size === 0);
    expect(feed.listeners.size).toBe(0);
  });
});

describe('approve and reject', () => {
  it('shows the waiting step’s prompt and form; a asks for the form and a comment, then answers', async () => {
    const a = await app(planSnapshot());
    await a.press('3', '\r');
    await settle(() => a.frame().includes('waits for approval'));
    const f = a.frame();
    expect(f).toContain('⏸ waits for approval: Publish the plan?');
    expect(f).toContain('form: channel: string (required)');
    expect(f).toContain('a approve · x reject');
    await a.press('a');
    await settle(() => a.frame().includes('Approve review'));
    expect(a.frame()).toContain('channel (string, required)');
    await a.press('\r'); // required: refused
    await settle(() => a.frame().includes('channel is required'));
    await a.press('blog', '\r', 'looks good', '\r');
    await settle(() => a.calls.length > 0);
    expect(a.calls).toEqual([['answerApproval', RUN, 'review', { approved: true, comment: 'looks good', input: { channel: 'blog' } }]]);
    await settle(() => a.frame().includes('approved review'));
  });

  it('x asks for a reason only and rejects; esc in the prompt answers nothing', async () => {
    const a = await app(planSnapshot());
    await a.press('3', 'x'); // from the runs list: the shown run's waiting step
    await settle(() => a.frame().includes('Reject review'));
    await a.press('\u001b');
    await settle(() => a.frame().includes('nothing answered'));
    await a.press('x', 'not now', '\r');
    await settle(() => a.calls.length > 0);
    expect(a.calls).toEqual([['answerApproval', RUN, 'review', { approved: false, comment: 'not now' }]]);
  });

  it('a refused answer shows the runtime’s error', async () => {
    const a = await app(planSnapshot(), { fail: 'step review of run run-plan-000001 was already answered: approved by cli' });
    await a.press('3', 'x', '\r');
    await settle(() => a.frame().includes('already answered'));
    expect(a.frame()).toContain('answerApproval failed: step review of run run-plan-000001 was already answered');
  });

  it('a tool call waiting for approval is marked in the transcript and answered with its call id', async () => {
    const snap = planSnapshot();
    const r = snap.runs[0]!;
    const waitingCall = { ...r, steps: r.steps.map((s) => (s.id === 'strategist' ? { ...s, approval: { prompt: 'Call schedule_post?', requestedAt: T0, deadline: null, callId: '2.0' } } : s.id === 'review' ? { ...s, status: 'pending' as const, approval: undefined } : s)) };
    const feed = new TranscriptFeed();
    const a = await app({ ...snap, runs: [waitingCall] }, { feed });
    await a.press('3', '\r');
    await settle(() => a.watches.length > 0);
    feed.push(transcript([{}, { calls: [toolCall('2.0', { tool: 'schedule_post', status: 'running', result: null, durationMs: null })] }]));
    await settle(() => a.frame().includes('[capability]'));
    expect(a.frame()).toContain('tool call 2.0 waits for approval: Call schedule_post?');
    expect(a.frame()).toMatch(/⏸ schedule_post \[capability\]\(\{"q":"x"\}\) ⏸ waits for approval/);
    await a.press('a', '\r');
    await settle(() => a.calls.length > 0);
    expect(a.calls).toEqual([['answerApproval', RUN, 'strategist', { approved: true, callId: '2.0' }]]);
  });

  it('the keys are in the help overlay', () => {
    const keys = helpEntries().map((e) => `${e.label} ${e.help}`);
    expect(keys).toContain('a approve the waiting step (asks for the form and a comment)');
    expect(keys).toContain('x reject the waiting step (asks for a reason)');
    expect(keys.some((k) => k.startsWith('pgup ['))).toBe(true);
  });
});

describe('child runs', () => {
  const CHILD = 'run-publish-0000009';
  function nested(): Snapshot {
    const s = planSnapshot();
    const parent = { ...s.runs[0]!, steps: s.runs[0]!.steps.map((x) => (x.id === 'publish' ? { ...x, status: 'running' as const } : x.id === 'review' ? { ...x, status: 'completed' as const, approval: undefined } : x)) };
    const child = run(CHILD, 'publish-post', { startedAt: T0 - 500, parent: { runId: RUN, stepId: 'publish' }, steps: [step('format', { status: 'running' }), step('post', { needs: ['format'] })] });
    const other = run('run-other-000003', 'publish-post', { startedAt: T0 - 100 });
    // Newest first, as the runtime lists them: the child is not first in the snapshot.
    return { ...s, runs: [other, child, parent] };
  }

  it('the runs list shows a child under its parent, marked', async () => {
    expect(nestedRuns(nested().runs).map((r) => [r.run.id, r.depth])).toEqual([['run-other-000003', 0], [RUN, 0], [CHILD, 1]]);
    const a = await app(nested());
    await a.press('3');
    const rows = a.frame().split('\n');
    const iParent = rows.findIndex((l) => l.includes(`${RUN} plan`));
    expect(rows[iParent + 1]).toMatch(/^ ↳▶ \S+ publish-post/);
  });

  it('the parent’s run view lists the child under its step; enter opens it, esc goes back to the parent', async () => {
    const a = await app(nested());
    await a.press('3', 'j', '\r'); // the parent (second row)
    await settle(() => a.frame().includes(`Steps ${RUN}`));
    expect(a.frame()).toMatch(/publish[^\n]*\n[^\n]*↳ ▶ run-publish-0000009 publish-post\s+running 0\/2/);
    await a.press('j', 'j'); // review → publish
    await a.press('\r'); // publish has one child: enter opens it
    await settle(() => a.frame().includes(`Steps ${CHILD}`));
    expect(a.frame()).toContain('format');
    await a.press('\u001b');
    await settle(() => a.frame().includes(`Steps ${RUN}`));
    await a.press('\u001b');
    await settle(() => a.frame().includes('enter opens'));
  });
});
