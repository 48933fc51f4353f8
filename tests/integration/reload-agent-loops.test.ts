import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import type { Snapshot } from '../../src/core/index.ts';
import { reloadingProject } from './reload-harness.ts';

// The agent-loop rules run on hot reload too (validation is shared): a save that closes a
// delegation cycle is rejected with AMAS324 on the tool that closes it, the last good specs stay,
// and removing the tool is accepted again. Real files, the real watcher.

const PROVIDER = 'providers:\n  default: { base_url: http://127.0.0.1:9/v1, model: test }\n';
const strategist = `apiVersion: amas/v1
id: strategist
capabilities:
  plan_week:
    input: { type: object, properties: { theme: { type: string } } }
    run:
      llm:
        prompt: Plan the week.
        tools:
          - agent: writer
`;
const writer = (tools: string) => `apiVersion: amas/v1
id: writer
domain: ${tools === '' ? 'v1' : 'v2'}
capabilities:
  write_post:
    input: { type: object, properties: { topic: { type: string } } }
    run:
      llm:
        prompt: Write a post.
${tools}`;

const p = reloadingProject('reload', {
  prepare(dir) {
    fs.appendFileSync(path.join(dir, 'amas.yaml'), PROVIDER);
    fs.writeFileSync(path.join(dir, 'agents.d/strategist.yaml'), strategist);
    fs.writeFileSync(path.join(dir, 'agents.d/writer.yaml'), writer(''));
  },
});
const { until } = p;

const writerDomain = (s: Snapshot) => s.agents.find((a) => a.id === 'writer')?.domain;

it('a reload that closes a delegation cycle is rejected with AMAS324; removing the tool is accepted', async () => {
  expect(writerDomain(p.rt.getSnapshot())).toBe('v1');
  let t = p.rt.getSnapshot().lastReload?.at ?? 0;
  fs.writeFileSync(p.file('agents.d/writer.yaml'), writer('        tools:\n          - capability: plan_week\n'));
  let s = await until((x) => (x.lastReload?.at ?? 0) > t, 'the reload of writer.yaml');
  expect(s.lastReload?.ok).toBe(false);
  const errors = s.lastReload!.diagnostics.filter((d) => d.severity === 'error');
  expect(errors.map((d) => [d.file, d.line, d.code])).toEqual([['agents.d/strategist.yaml', 10, 'AMAS324']]);
  expect(errors[0]!.message).toBe('agent loops call each other in a cycle: strategist.plan_week → writer.write_post → strategist.plan_week');
  expect(writerDomain(s)).toBe('v1');

  t = s.lastReload!.at;
  fs.writeFileSync(p.file('agents.d/writer.yaml'), writer('        tools:\n          - knowledge: [search]\n'));
  s = await until((x) => (x.lastReload?.at ?? 0) > t && x.lastReload?.ok === true, 'the fixed reload');
  expect(writerDomain(s)).toBe('v2');
});
