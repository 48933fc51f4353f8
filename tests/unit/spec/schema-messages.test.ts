// The schema layer speaks in the user's terms: one message per problem, placed on the exact token.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { loadProject } from '../../../src/spec/index.ts';

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

async function agentDiags(text: string, sub = 'agents.d'): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'amas-schema-'));
  made.push(dir);
  mkdirSync(join(dir, sub));
  writeFileSync(join(dir, sub, 'a.yaml'), text);
  const r = await loadProject(dir, { env: {} });
  return r.diagnostics.map((d) => `${d.line}:${d.column}-${d.endColumn} ${d.code} ${d.message}`);
}

test('a file that is not a mapping', async () => {
  expect(await agentDiags('- a\n- b\n')).toEqual(['1:1-4 AMAS201 a agent file must be a mapping of keys, got a list']);
});

test('oneOf with no fitting branch collapses to one "X or Y" message', async () => {
  expect(await agentDiags('id: a\ncapabilities:\n  run_it:\n    run:\n      command: 42\n')).toEqual([
    '5:16-18 AMAS201 `command` must be a list or a mapping, got an integer `42`',
  ]);
});

test('oneOf with one fitting branch reports only that branch', async () => {
  expect(await agentDiags('id: a\ncapabilities:\n  run_it:\n    run:\n      command: { argv: [ls], shel: true }\n')).toEqual([
    '5:30-34 AMAS202 unknown key `shel` in the `command` executor of capability `run_it`; did you mean `shell`?',
  ]);
});

test('capability names point at the key', async () => {
  expect(await agentDiags('id: a\ncapabilities:\n  WriteIt:\n    run: { template: x }\n')).toEqual([
    '3:3-10 AMAS205 capability name `WriteIt` must be snake_case (lowercase letters, digits and _, starting with a letter)',
  ]);
});

test('a duplicate list item points at the repeat', async () => {
  // The rest of the file is still checked (no agent offers `t`): only the schema layer matters here.
  const diags = await agentDiags('id: w\nsteps:\n  - { id: a, task: t }\n  - { id: b, task: t, needs: [a, a] }\n', 'workflows.d');
  expect(diags.filter((d) => !d.includes('AMAS303'))).toEqual(['4:34-35 AMAS205 `needs` lists `a` twice']);
});

test('several problems in one file are all reported, in order', async () => {
  const diags = await agentDiags('id: a\nconcurrency: 0\ncapabilities:\n  x:\n    timeout: soon\n    run: { llm: { prompt: 1, temperature: 3 } }\n');
  expect(diags.map((d) => d.split(' ')[1])).toEqual(['AMAS205', 'AMAS204', 'AMAS201', 'AMAS205']);
});

test('a capability schema in an older draft is reported, not a crash', async () => {
  expect(await agentDiags('id: a\ncapabilities:\n  x:\n    input: { $schema: "http://json-schema.org/draft-07/schema#", type: object }\n    run: { template: x }\n')).toEqual([
    '4:5-10 AMAS207 the input schema of `x` is not a valid JSON Schema: `$schema: http://json-schema.org/draft-07/schema#` is not supported; capability schemas are JSON Schema draft 2020-12 (remove `$schema`)',
  ]);
});
