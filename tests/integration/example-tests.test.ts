// The repository's example project has tests (tests.d/) for its content-team workflows, and the
// suite runs them with the real CLI, offline: their model and API calls replay from cassettes whose
// answers were written by hand, and each such cassette says so in a field of its own.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

function amas(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    // No endpoint and no key: a replay must not need them.
    const env = { ...process.env, NO_COLOR: '1', LLM_BASE_URL: undefined, LLM_API_KEY: undefined, CMS_BASE_URL: undefined, SOCIAL_API_URL: undefined };
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'amas'), ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

test('amas test passes the example project offline: the content pipeline and the social report', async () => {
  const r = await amas(['test', '--format', 'json']);
  expect(r.stderr).toMatch(/^PASS {2}/m); // progress goes to stderr when stdout carries the report
  const report = JSON.parse(r.stdout) as { passed: number; failed: number; tests: { key: string; status: string; calls: number }[] };
  expect(report.tests.map((t) => [t.key, t.status]).sort()).toEqual([
    ['content-pipeline', 'passed'],
    ['social-report', 'passed'],
  ]);
  // Five model calls in the pipeline (plan, draft, review, two platform posts; publishing is mocked); the report makes an API and a model call.
  expect(Object.fromEntries(report.tests.map((t) => [t.key, t.calls]))).toEqual({ 'content-pipeline': 5, 'social-report': 2 });
  expect(r.status).toBe(0);
}, 120_000);

test('every example cassette with hand-written answers says so', () => {
  const dir = join(ROOT, 'tests.d', 'cassettes');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  expect(files.length).toBeGreaterThanOrEqual(2);
  for (const f of files) {
    const c = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { synthetic?: string };
    expect(c.synthetic, f).toMatch(/written by hand.*amas test --record/);
  }
});
