import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { canonicalJson, formatDiagnostics, loadProject, specHash, validateDynamicWorkflow } from '../../../src/spec/index.ts';

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** A throwaway project from a map of relative path → text. */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'amas-spec-'));
  made.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

const WRITER = `id: writer
capabilities:
  write_post:
    input: { type: object, required: [topic], properties: { topic: { type: string }, tone: { enum: [dry, warm], default: dry } } }
    run: { template: { title: "\${{ input.topic }}" } }
`;
const FLOW = `id: flow
steps:
  - id: draft
    task: write_post
    with: { topic: cats }
`;

describe('loadProject', () => {
  test('the model holds valid specs with defaults applied and a stable hash', async () => {
    const dir = project({ 'agents.d/writer.yaml': WRITER, 'workflows.d/flow.yaml': FLOW });
    const r = await loadProject(dir, { env: {} });
    expect(r.ok).toBe(true);
    const agent = r.model.agents.get('writer')!;
    expect(agent.file).toBe('agents.d/writer.yaml');
    expect(agent.spec.concurrency).toBe(1); // schema default
    expect(r.model.workflows.get('flow')!.spec.steps[0]!.idempotent).toBe(true);
    expect(agent.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(agent.hash).toBe(specHash(agent.spec));
    expect(r.model.files.get('workflows.d/flow.yaml')).toBe(FLOW);
  });

  test('files with errors stay out of the model; the rest stays in', async () => {
    const dir = project({ 'agents.d/writer.yaml': WRITER, 'workflows.d/flow.yaml': FLOW, 'workflows.d/bad.yaml': 'id: bad\nsteps:\n  - id: a\n    task: nope\n' });
    const r = await loadProject(dir, { env: {} });
    expect(r.ok).toBe(false);
    expect([...r.model.workflows.keys()]).toEqual(['flow']);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['AMAS303']);
  });

  test('aliases do not share defaults between the places they are used', async () => {
    const dir = project({
      'agents.d/writer.yaml': WRITER,
      'workflows.d/flow.yaml': 'id: flow\nsteps:\n  - &s { id: a, task: write_post, with: { topic: x } }\n  - { id: b, task: write_post, with: { topic: y }, idempotent: false }\n',
    });
    const r = await loadProject(dir, { env: {} });
    expect(r.ok).toBe(true);
    const steps = r.model.workflows.get('flow')!.spec.steps;
    expect([steps[0]!.idempotent, steps[1]!.idempotent]).toEqual([true, false]);
  });

  test('secrets from .env count as set', async () => {
    const agent = `id: caller\ncapabilities:\n  call:\n    run: { http: { url: "https://x.test/\${{ secrets.TOKEN }}" } }\n`;
    const without = await loadProject(project({ 'agents.d/a.yaml': agent }), { env: {} });
    expect(without.diagnostics.map((d) => d.code)).toEqual(['AMAS601']);
    const withEnvFile = await loadProject(project({ 'agents.d/a.yaml': agent, '.env': 'TOKEN=abcd\n' }), { env: {} });
    expect(withEnvFile.diagnostics).toEqual([]);
    const fromEnv = await loadProject(project({ 'agents.d/a.yaml': agent }), { env: { TOKEN: 'xxxx' } });
    expect(fromEnv.diagnostics).toEqual([]);
    // The environment wins over .env, and a value too short to mask cannot be a secret.
    const short = await loadProject(project({ 'agents.d/a.yaml': agent, '.env': 'TOKEN=abcd\n' }), { env: { TOKEN: 'x' } });
    expect(short.diagnostics.map((d) => [d.code, d.line])).toEqual([['AMAS602', 4]]);
  });

  test('# amas-ignore silences only the named code on the next line', async () => {
    const agent = `id: caller\ncapabilities:\n  call:\n    run:\n      http:\n        # amas-ignore: AMAS601\n        url: "https://x.test/\${{ secrets.A }}"\n        headers: { k: "\${{ secrets.B }}" }  # amas-ignore: AMAS999\n`;
    const r = await loadProject(project({ 'agents.d/a.yaml': agent }), { env: {} });
    expect(r.diagnostics.map((d) => `${d.line}:${d.code}`)).toEqual(['8:AMAS601']);
  });
});

describe('validateDynamicWorkflow', () => {
  test('checks a submitted workflow against the model, from text or an object', async () => {
    const { model } = await loadProject(project({ 'agents.d/writer.yaml': WRITER }), { env: {} });
    const ok = validateDynamicWorkflow(model, FLOW);
    expect(ok.diagnostics).toEqual([]);
    expect(ok.spec?.steps[0]?.task).toBe('write_post');
    const bad = validateDynamicWorkflow(model, { id: 'adhoc', steps: [{ id: 'a', task: 'write_pots' }] }, 'adhoc.json');
    expect(bad.spec).toBeUndefined();
    expect(bad.diagnostics.map((d) => [d.file, d.code, d.message])).toEqual([['adhoc.json', 'AMAS303', 'no agent has capability `write_pots` (step `a`); did you mean `write_post`?']]);
    const json = validateDynamicWorkflow(model, JSON.stringify({ id: 'j', steps: [{ id: 'a', task: 'write_post' }] }));
    expect(json.diagnostics.map((d) => d.code)).toEqual(['AMAS308']);
  });
});

test('canonicalJson sorts keys at every level', () => {
  expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}');
  expect(specHash({ a: 1, b: 2 })).toBe(specHash({ b: 2, a: 1 }));
});

describe('formatDiagnostics', () => {
  const d = { file: 'w.yaml', line: 2, column: 3, endLine: 2, endColumn: 5, severity: 'error' as const, code: 'AMAS201', message: 'a, b: 100% wrong\nreally', hint: 'fix it' };
  const files = new Map([['w.yaml', 'x: 1\ny: zz\n']]);
  test('text: location, code frame with caret, hint, summary; colour only on request', () => {
    expect(formatDiagnostics([d], 'text', { files })).toBe('w.yaml:2:3: error AMAS201: a, b: 100% wrong\nreally\n  2 | y: zz\n    |   ^^\n  hint: fix it\n\n1 error, 0 warnings in 1 file\n');
    expect(formatDiagnostics([d], 'text', { files, color: true })).toContain('\u001b[1;31m');
    expect(formatDiagnostics([], 'text', { files })).toBe('');
  });
  test('github escapes data and property values', () => {
    const line = formatDiagnostics([{ ...d, file: 'a,b:c.yaml' }], 'github', { files });
    expect(line).toBe('::error file=a%2Cb%3Ac.yaml,line=2,col=3,endLine=2,endColumn=5,title=AMAS201::a, b: 100%25 wrong%0Areally%0Ahint: fix it\n');
  });
});
