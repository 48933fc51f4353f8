// The repository's example strategist (README "An agent that acts"): the project validates with
// its agent loop, the loop's tool list is what the README shows, the performance analyst it calls
// is a real script over the repository's data (run offline through the real CLI, checked against
// the data file), and `amas graph` still draws the workflow.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { parse } from 'yaml';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin', 'amas');
const tmps: string[] = [];
afterAll(() => {
  for (const d of tmps) rmSync(d, { recursive: true, force: true });
});

function amas(args: string[], cwd = ROOT) {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1' };
  delete env.LLM_BASE_URL;
  delete env.LLM_API_KEY;
  return spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env, timeout: 60_000 });
}

test('the example validates without errors, and plan_week is an agent loop with the README tools', () => {
  const r = amas(['validate', '--json']);
  expect(r.status, r.stdout).toBe(0);
  const { diagnostics } = JSON.parse(r.stdout) as { diagnostics: { severity: string; code: string }[] };
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(diagnostics.map((d) => d.code).filter((c) => c >= 'AMAS318' && c <= 'AMAS327')).toEqual([]);

  const spec = parse(readFileSync(join(ROOT, 'agents.d', 'content-strategist.yaml'), 'utf8')) as {
    capabilities: { plan_week: { run: { llm: { max_turns: number; tools: unknown[] } } } };
  };
  const { llm } = spec.capabilities.plan_week.run;
  expect(llm.tools).toEqual([{ knowledge: ['search'] }, { capability: 'post_performance' }, { agent: 'content-writer', capabilities: ['write_blog_post'] }]);
  expect(llm.max_turns).toBe(8);
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  expect(readme).toContain('      - capability: post_performance\n      - agent: content-writer\n        capabilities: [write_blog_post]\n');
});

test('post_performance runs offline over agents.d/data/post-metrics.json: topics by engagement rate over the last weeks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'amas-strategist-'));
  tmps.push(dir);
  for (const p of ['amas.yaml', 'agents.d', 'workflows.d']) cpSync(join(ROOT, p), join(dir, p), { recursive: true });
  const r = amas(['run', 'post-performance', dir, '--input', 'weeks=2', '--json', '-q'], dir);
  expect(r.status, r.stderr).toBe(0);
  const run = JSON.parse(r.stdout) as { status: string; outputs: { best: { topic: string; engagement_rate: number; posts: number }[]; weakest: { topic: string }[] } };
  expect(run.status).toBe('completed');

  // the same summary computed here from the data file
  const { posts } = JSON.parse(readFileSync(join(ROOT, 'agents.d', 'data', 'post-metrics.json'), 'utf8')) as {
    posts: { week: string; topic: string; impressions: number; engagements: number }[];
  };
  const weeks = [...new Set(posts.map((p) => p.week))].sort().slice(-2);
  const sums = new Map<string, { i: number; e: number; n: number }>();
  for (const p of posts.filter((x) => weeks.includes(x.week))) {
    const s = sums.get(p.topic) ?? { i: 0, e: 0, n: 0 };
    sums.set(p.topic, { i: s.i + p.impressions, e: s.e + p.engagements, n: s.n + 1 });
  }
  const ranked = [...sums.entries()].map(([topic, s]) => ({ topic, rate: Math.round((s.e / s.i) * 10000) / 10000, n: s.n })).sort((a, b) => b.rate - a.rate || a.topic.localeCompare(b.topic));
  expect(run.outputs.best.map((t) => [t.topic, t.engagement_rate, t.posts])).toEqual(ranked.slice(0, 3).map((t) => [t.topic, t.rate, t.n]));
  expect(run.outputs.weakest[0]!.topic).toBe(ranked.at(-1)!.topic);
});

test('amas graph draws plan-week and lists the analyst in the agent map', () => {
  const g = amas(['graph', 'plan-week']);
  expect(g.status, g.stderr).toBe(0);
  expect(g.stdout).toContain('task  plan_week');
  const a = amas(['graph', '--agents']);
  expect(a.status).toBe(0);
  expect(a.stdout).toMatch(/◆ post_performance +← post-performance\/summary/);
});
