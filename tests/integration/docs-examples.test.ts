import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { amasIn, copyProject, ROOT, startUp, until, type UpChild } from './up-child.ts';

// docs/guide.md's examples are the projects under tests/fixtures/docs-examples/, byte for byte,
// and each does what the guide says through the real CLI and a real `amas up`.

const EXAMPLES = path.join(ROOT, 'tests/fixtures/docs-examples');
const GUIDE = fs.readFileSync(path.join(ROOT, 'docs/guide.md'), 'utf8');

type RunView = { id: string; workflow: string; status: string; inputs: Record<string, unknown>; outputs: Record<string, unknown> };

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function project(name: string): string {
  const dir = copyProject(path.join(EXAMPLES, name), 'amas-docs-');
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function up(dir: string): Promise<UpChild> {
  const u = await startUp(dir);
  cleanups.push(() => u.stop());
  return u;
}

async function finishedRun(u: UpChild, workflow: string): Promise<RunView> {
  const line = await until(() => u.lines().find((l) => l.msg === 'run finished' && l.workflow === workflow), `a run of ${workflow}`, 30_000);
  const runId = String(line.run ?? line.runId ?? line.id);
  const r = amasIn(u.dir, ['runs', 'show', runId, u.dir, '--json']);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as RunView;
}

describe('docs/guide.md', () => {
  it('shows each example file exactly as the fixture project has it', () => {
    const marked = [...GUIDE.matchAll(/<!-- example: (\S+) -->\n```\w*\n([\s\S]*?)```\n/g)];
    expect(marked.length).toBeGreaterThanOrEqual(7);
    for (const [, file, body] of marked) expect(body, file).toBe(fs.readFileSync(path.join(EXAMPLES, file!), 'utf8'));
    for (const name of ['events', 'files', 'module']) {
      const r = amasIn(ROOT, ['validate', path.join(EXAMPLES, name)]);
      expect(r.code, r.stdout + r.stderr).toBe(0);
    }
    expect(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')).toContain('(docs/guide.md)');
  }, 60_000);

  it('module: fn(input, ctx) gets the rendered input and the run context; its return value is the output', () => {
    const dir = project('module');
    const r = amasIn(dir, ['run', 'score', dir, '--input', 'text=one two three', '--json', '-q']);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as { id: string; outputs: Record<string, unknown>; steps: Record<string, { output: Record<string, unknown> }> };
    expect(result.outputs).toEqual({ words: 3, step: 'score' });
    expect(result.steps.score!.output).toMatchObject({ agent: 'scorer', attempt: 1, run: result.id });
    const kb = JSON.parse(amasIn(dir, ['knowledge', 'list', '--dir', dir, '--category', 'scores', '--json']).stdout) as { content: unknown }[];
    expect(kb.map((e) => e.content)).toEqual([{ text: 'one two three', words: 3 }]);
  }, 60_000);

  it('events: breaking_news is not an event type (the hint names external_trigger + where); external_trigger data arrives as input event', async () => {
    const dir = project('events');
    const u = await up(dir);
    const refused = amasIn(dir, ['emit', 'breaking_news', dir, '--data', '{"headline": "x"}']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('unknown event type "breaking_news"');
    expect(refused.stderr).toContain('where: { kind: breaking_news }');
    const data = { kind: 'breaking_news', headline: 'Rates cut' };
    expect(amasIn(dir, ['emit', 'external_trigger', dir, '--data', JSON.stringify(data)]).code).toBe(0);
    const run = await finishedRun(u, 'breaking-news');
    expect(run.status).toBe('completed');
    expect(run.inputs.event).toEqual(data);
    expect(run.outputs).toEqual({ alert: 'BREAKING: Rates cut' });
  }, 90_000);

  it('files: a saved note starts a run whose input changed_files lists it', async () => {
    const dir = project('files');
    fs.mkdirSync(path.join(dir, 'notes'));
    const u = await up(dir);
    fs.writeFileSync(path.join(dir, 'notes/today.md'), '# today\n');
    const run = await finishedRun(u, 'notes-changed');
    expect(run.status).toBe('completed');
    expect(run.inputs.changed_files).toEqual(['notes/today.md']);
    expect(run.outputs).toEqual({ files: ['notes/today.md'] });
  }, 90_000);
});
