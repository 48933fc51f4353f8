// `approve:` in a test file answers the workflow's approval steps as `amas test`; a wait the test
// does not answer leaves the run waiting, and the test fails saying so.
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const DIR = join(ROOT, 'tests/fixtures/test-approve');

test('approval answers in tests.d are honoured: approved with form input, rejected into if:, unanswered fails', () => {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/amas'), 'test', DIR, '--format', 'json'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const report = JSON.parse(r.stdout) as { tests: { key: string; status: string; failures: { message: string }[] }[] };
  const byKey = Object.fromEntries(report.tests.map((t) => [t.key, t]));
  expect(byKey['approved']).toMatchObject({ status: 'passed', failures: [] });
  expect(byKey['rejected']).toMatchObject({ status: 'passed', failures: [] });
  expect(byKey['unanswered']!.status).toBe('failed');
  expect(byKey['unanswered']!.failures.map((f) => f.message).join('\n')).toMatch(/waiting for approval of `review`/);
  expect(r.status).toBe(1);
}, 60_000);
