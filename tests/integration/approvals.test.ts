// Approval steps through the real faces: `amas up` as a child (HTTP, the control socket, a
// SIGKILL and a restart), the CLI with and without `amas up`, and an alert webhook on loopback.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { approvalProject, publishedLines } from './approval-fixture.ts';
import { webhookReceiver } from './http-api-harness.ts';
import { amas, startUp, stopUp, until, type Up } from './trust-fixture.ts';

/** Polls an async check until it yields a value. */
async function eventually<T>(get: () => Promise<T | undefined>, what: string, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const dirs: string[] = [];
const ups: Up[] = [];
afterEach(async () => {
  for (const u of ups.splice(0)) {
    if (u.proc.exitCode === null && u.proc.signalCode === null) await stopUp(u);
  }
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function project(opts: { alertUrl?: string } = {}): string {
  const dir = approvalProject(opts);
  dirs.push(dir);
  return dir;
}

async function up(dir: string): Promise<{ up: Up; base: string; key: string }> {
  const u = await startUp(dir);
  ups.push(u);
  const base = u.lines().find((l) => l.msg === 'HTTP API listening')!.url as string;
  const key = fs.readFileSync(path.join(dir, '.amas/api-key'), 'utf8').trim();
  return { up: u, base, key };
}

async function api(base: string, key: string, method: string, p: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${base}${p}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function waitingRun(base: string, key: string): Promise<string> {
  const list = await eventually(
    async () => {
      const r = await api(base, key, 'GET', '/api/approvals');
      const a = r.json.approvals as { runId: string }[];
      return a.length ? a : undefined;
    },
    'an approval to wait',
  );
  return list[0]!.runId;
}

describe('approval steps with amas up', () => {
  it('survive a SIGKILL: the restarted amas up takes the HTTP answer and the downstream step runs once', async () => {
    const hook = await webhookReceiver();
    try {
      const dir = project({ alertUrl: hook.url });
      let { up: u, base, key } = await up(dir);
      const started = await api(base, key, 'POST', '/api/workflows/review/runs', { title: 'Launch' });
      expect(started.status).toBe(202);
      const runId = started.json.runId as string;
      expect(await waitingRun(base, key)).toBe(runId);
      const pending = (await api(base, key, 'GET', '/api/approvals')).json.approvals as Record<string, unknown>[];
      expect(pending[0]).toMatchObject({ runId, stepId: 'review', prompt: 'Publish Launch?', path: `/api/runs/${runId}/steps/review/approval` });

      // The webhook hears of it: run, step, prompt and where to answer.
      const notice = await until(() => hook.received.find((r) => r.body.kind === 'approval_requested'), 'the approval webhook');
      expect(notice.body).toMatchObject({ run: runId, step: 'review', prompt: 'Publish Launch?', path: `/api/runs/${runId}/steps/review/approval` });

      u.proc.kill('SIGKILL');
      await u.exit;
      ({ up: u, base, key } = await up(dir));
      expect(await waitingRun(base, key)).toBe(runId);
      expect(publishedLines(dir)).toEqual([]);
      // Announced once: a restart re-arms the wait without a second webhook.
      expect(hook.received.filter((r) => r.body.kind === 'approval_requested')).toHaveLength(1);

      const bad = await api(base, key, 'POST', `/api/runs/${runId}/steps/review/approval`, { approved: true, input: { count: 'two' } });
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.json)).toMatch(/count/);
      expect((await api(base, key, 'POST', `/api/runs/${runId}/steps/nope/approval`, { approved: true })).status).toBe(404);
      expect((await api(base, key, 'POST', `/api/runs/run_nope/steps/review/approval`, { approved: true })).status).toBe(404);
      expect((await api(base, key, 'POST', `/api/runs/${runId}/steps/draft/approval`, { approved: true })).status).toBe(404);
      expect((await api(base, key, 'POST', `/api/runs/${runId}/steps/review/approval`, { approved: 'yes' })).status).toBe(400);

      const ok = await api(base, key, 'POST', `/api/runs/${runId}/steps/review/approval`, { approved: true, input: { channel: 'blog' }, comment: 'go' });
      expect(ok.status).toBe(200);
      expect(ok.json.approval).toMatchObject({ stepId: 'review', answer: { approved: true, by: 'http', comment: 'go', input: { channel: 'blog' } } });
      const run = await eventually(
        async () => {
          const r = await api(base, key, 'GET', `/api/runs/${runId}`);
          return (r.json.run as { status: string }).status === 'completed' ? r.json : undefined;
        },
        'the run to complete',
      );
      expect((run.steps as { stepId: string; status: string }[]).map((s) => `${s.stepId}:${s.status}`).sort()).toEqual(['draft:completed', 'publish:completed', 'review:completed']);
      expect(publishedLines(dir)).toEqual(['Launch on blog by http']);

      const again = await api(base, key, 'POST', `/api/runs/${runId}/steps/review/approval`, { approved: false });
      expect(again.status).toBe(409);
      expect(JSON.stringify(again.json)).toMatch(/already answered: approved by http at/);
      expect((await api(base, key, 'GET', '/api/approvals')).json.approvals).toEqual([]);
    } finally {
      await hook.close();
    }
  }, 120_000);

  it('takes an answer from the CLI through the control socket; a second answer is refused', async () => {
    const dir = project();
    const { base, key } = await up(dir);
    const runId = (await api(base, key, 'POST', '/api/workflows/review/runs', {})).json.runId as string;
    await waitingRun(base, key);
    const list = amas(dir, ['runs', 'approvals', '--json']);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toMatchObject([{ runId, stepId: 'review', prompt: 'Publish Hello?' }]);

    const r = amas(dir, ['runs', 'approve', runId, 'review', '--input', 'channel=news', '--input', 'count=2', '--comment', 'fine', '--by', 'ana']);
    expect(r.stderr).toMatch(/continues in amas up/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(`step review of run ${runId} approved by ana`);
    await until(() => (JSON.parse(amas(dir, ['runs', 'show', runId, '--json']).stdout) as { status: string }).status === 'completed', 'the run to complete');
    const shown = JSON.parse(amas(dir, ['runs', 'show', runId, '--json']).stdout) as { steps: Record<string, { output?: Record<string, unknown> }> };
    expect(shown.steps.review?.output).toMatchObject({ approved: true, by: 'ana', comment: 'fine', channel: 'news', count: 2 });
    expect(publishedLines(dir)).toEqual(['Hello on news by ana']);

    const second = amas(dir, ['runs', 'reject', runId, 'review', '--by', 'bo']);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/AMAS_APPROVAL_ANSWERED: step review of run .* was already answered: approved by ana at \d{4}-/);
    expect(publishedLines(dir)).toHaveLength(1);
  }, 120_000);
});

describe('approval steps with no amas up', () => {
  it('`amas run` parks on the approval; `amas runs approve` answers on the store and finishes the run here', async () => {
    const dir = project();
    const run = amas(dir, ['run', 'review', '--input', 'title=Offline']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/step review is waiting for approval: answer with `amas runs approve (run_\w+) review`/);
    const runId = /amas runs approve (run_\w+) review/.exec(run.stderr)![1]!;
    const show = amas(dir, ['runs', 'show', runId]);
    expect(show.stdout).toMatch(/review\s+waiting/);
    expect(show.stdout).toMatch(/step review is waiting for approval/);

    const r = amas(dir, ['runs', 'approve', runId, 'review', '--input', 'channel=web', '--by', 'cy']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/run .* completed/);
    expect(publishedLines(dir)).toEqual(['Offline on web by cy']);
    const again = amas(dir, ['runs', 'approve', runId, 'review']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already answered: approved by cy/);
    expect(publishedLines(dir)).toHaveLength(1);
  }, 120_000);

  it('a rejection flows into the downstream `if:`: the publish step is skipped', async () => {
    const dir = project();
    const run = amas(dir, ['run', 'review']);
    const runId = /amas runs approve (run_\w+) review/.exec(run.stderr)![1]!;
    const r = amas(dir, ['runs', 'reject', runId, 'review', '--reason', 'not yet', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { via: string; run: { status: string } };
    expect(out).toMatchObject({ via: 'store', run: { status: 'completed' }, approval: { answer: { approved: false, comment: 'not yet' } } });
    const shown = JSON.parse(amas(dir, ['runs', 'show', runId, '--json']).stdout) as { steps: Record<string, { status: string; output?: unknown }> };
    expect(shown.steps.review?.output).toMatchObject({ approved: false, comment: 'not yet' });
    expect(shown.steps.publish?.status).toBe('skipped');
    expect(publishedLines(dir)).toEqual([]);
  }, 120_000);

  it('refuses answers to unknown runs and steps with a clear error and exit code 2', async () => {
    const dir = project();
    const run = amas(dir, ['run', 'review']);
    const runId = /amas runs approve (run_\w+) review/.exec(run.stderr)![1]!;
    const unknown = amas(dir, ['runs', 'approve', 'run_nope', 'review']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/AMAS_RUN_UNKNOWN/);
    const notWaiting = amas(dir, ['runs', 'approve', runId, 'draft']);
    expect(notWaiting.code).toBe(2);
    expect(notWaiting.stderr).toMatch(/AMAS_APPROVAL_NOT_WAITING: step draft of run .* is not waiting for approval/);
    const badInput = amas(dir, ['runs', 'approve', runId, 'review', '--input', 'color=red']);
    expect(badInput.code).toBe(2);
    expect(badInput.stderr).toMatch(/AMAS_APPROVAL_INPUT/);
    expect(badInput.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);
});
