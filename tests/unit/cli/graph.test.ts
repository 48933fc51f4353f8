import { describe, expect, it } from 'vitest';
import {
  buildAgentsMap,
  layoutWorkflow,
  renderAgentsAscii,
  renderAgentsDot,
  renderAgentsMermaid,
  renderWorkflowAscii,
  renderWorkflowDot,
  renderWorkflowMermaid,
} from '../../../src/cli/graph/index.ts';
import { agent, step, workflow } from './graph-factories.ts';

const agents = [
  agent('strategist', ['plan_content'], { domain: 'Strategy', consumers: ['writer'] }),
  agent('writer', ['write_post', 'write_social'], { domain: 'Content', depends_on: ['strategist'] }),
  agent('writer-2', ['write_social']),
  agent('publisher', ['publish', 'unused_task']),
];

const pipeline = workflow(
  'publish-post',
  [
    step('plan', 'plan_content'),
    step('draft', 'write_post', { agent: 'writer', needs: ['plan'] }),
    step('social', 'write_social', { needs: ['plan'] }),
    step('publish', 'publish', { needs: ['draft', 'social'], if: '${{ steps.draft.output.ok }}', idempotent: false }),
  ],
  { description: 'plan → draft → publish', on: [{ cron: '0 9 * * MON', timezone: 'Europe/Berlin' }, { manual: {} }], inputs: { topic: { type: 'string' } } },
);

describe('layoutWorkflow', () => {
  it('puts each step one layer below the deepest step it needs', () => {
    const g = layoutWorkflow(pipeline, agents);
    expect(g.layers.map((l) => l.map((p) => p.step.id))).toEqual([['plan'], ['draft', 'social'], ['publish']]);
    expect(g.edges).toEqual([
      ['plan', 'draft'],
      ['plan', 'social'],
      ['draft', 'publish'],
      ['social', 'publish'],
    ]);
  });

  it('resolves the agents of pinned and routed steps', () => {
    const g = layoutWorkflow(pipeline, agents);
    const byId = new Map(g.layers.flat().map((p) => [p.step.id, p]));
    expect(byId.get('draft')).toMatchObject({ agents: ['writer'], pinned: true });
    expect(byId.get('social')).toMatchObject({ agents: ['writer', 'writer-2'], pinned: false });
  });

  it('prefers agents of the step domain when routing', () => {
    const wf = workflow('w', [step('s', 'write_social', { domain: 'Content' })]);
    expect(layoutWorkflow(wf, agents).layers[0]![0]!.agents).toEqual(['writer']);
  });

  it('survives a needs cycle and unknown needs by placing the cycle last', () => {
    const wf = workflow('w', [step('a', 't', { needs: ['b'] }), step('b', 't', { needs: ['a'] }), step('c', 't', { needs: ['ghost'] })]);
    const g = layoutWorkflow(wf, []);
    expect(g.layers.map((l) => l.map((p) => p.step.id))).toEqual([['c'], ['a', 'b']]);
    expect(g.edges).toEqual([
      ['b', 'a'],
      ['a', 'b'],
    ]);
  });
});

describe('renderWorkflowAscii', () => {
  const text = renderWorkflowAscii(layoutWorkflow(pipeline, agents));

  it('draws header, triggers, inputs and one box per step with its task, agent and needs', () => {
    expect(text).toContain('workflow publish-post — plan → draft → publish');
    expect(text).toContain('on: cron "0 9 * * MON" Europe/Berlin · manual');
    expect(text).toContain('inputs: topic');
    expect(text).toMatch(/╭─ draft ─+╮/);
    expect(text).toContain('│ agent writer ');
    expect(text).toContain('│ any   writer, writer-2 ');
    expect(text).toContain('│ needs draft, social ');
    expect(text).toContain('│ if    steps.draft.output.ok ');
    expect(text).toContain('not idempotent');
  });

  it('draws layers top to bottom with an arrow between them', () => {
    const lines = text.split('\n');
    const at = (s: string) => lines.findIndex((l) => l.includes(s));
    expect(at('─ plan ')).toBeLessThan(at('─ draft '));
    expect(at('─ draft ')).toBe(at('─ social '));
    expect(at('─ social ')).toBeLessThan(at('─ publish '));
    expect(lines[at('─ draft ') - 1]!.trim()).toBe('▼');
  });

  it('fits every line in the requested width, long names included', () => {
    const long = workflow('w', [
      step('a-step-with-a-really-long-identifier-that-goes-on-and-on-and-on-forever', 'x'.repeat(120)),
      step('b', 't', { needs: ['a-step-with-a-really-long-identifier-that-goes-on-and-on-and-on-forever'] }),
      step('c', 't', { needs: ['a-step-with-a-really-long-identifier-that-goes-on-and-on-and-on-forever'] }),
      step('d', 't', { needs: ['a-step-with-a-really-long-identifier-that-goes-on-and-on-and-on-forever'] }),
    ], { description: 'd'.repeat(200) });
    for (const width of [80, 60]) {
      const out = renderWorkflowAscii(layoutWorkflow(long, agents), width);
      for (const line of out.split('\n')) expect(line.length).toBeLessThanOrEqual(width);
      expect(out).toContain('…');
    }
  });

  it('says so when no agent offers a step task', () => {
    const wf = workflow('w', [step('s', 'nobody_does_this')]);
    expect(renderWorkflowAscii(layoutWorkflow(wf, agents))).toContain('(no agent offers this task)');
  });
});

describe('renderWorkflowMermaid and renderWorkflowDot', () => {
  const g = layoutWorkflow(pipeline, agents);

  it('emits a flowchart with safe ids, labels and dotted edges into conditional steps', () => {
    const m = renderWorkflowMermaid(g);
    expect(m.split('\n')[0]).toBe('flowchart TD');
    expect(m).toContain('s_draft["draft<br/>write_post<br/>@writer"]');
    expect(m).toContain('s_plan --> s_draft');
    expect(m).toContain('s_draft -.-> s_publish');
  });

  it('escapes quotes in Mermaid labels and makes kebab ids safe', () => {
    const wf = workflow('w', [step('fetch-data', 'say "hi"')]);
    const m = renderWorkflowMermaid(layoutWorkflow(wf, []));
    expect(m).toContain('s_fetch_data["fetch-data<br/>say #quot;hi#quot;<br/>(no agent)"]');
  });

  it('emits a DOT digraph with ranks per layer and dashed conditional edges', () => {
    const d = renderWorkflowDot(g);
    expect(d).toContain('digraph "publish-post" {');
    expect(d).toContain('{ rank=same; "draft"; "social"; }');
    expect(d).toContain('"plan" -> "draft";');
    expect(d).toContain('"draft" -> "publish" [style=dashed];');
    expect(d.trimEnd().endsWith('}')).toBe(true);
  });

  it('escapes quotes and backslashes in DOT strings', () => {
    const wf = workflow('w', [step('s', 'a"b\\c')]);
    expect(renderWorkflowDot(layoutWorkflow(wf, []))).toContain('label="s\\na\\"b\\\\c\\n(no agent)"');
  });
});

describe('agents map', () => {
  const other = workflow('notify', [step('post', 'write_social', { agent: 'writer-2' }), step('lost', 'no_such_task')]);
  const m = buildAgentsMap(agents, [pipeline, other]);

  it('links each capability to the workflow steps that use it, through pinning or routing', () => {
    const writer = m.agents.find((a) => a.id === 'writer')!;
    expect(writer.capabilities).toEqual([
      { name: 'write_post', usedBy: [{ workflow: 'publish-post', step: 'draft' }] },
      { name: 'write_social', usedBy: [{ workflow: 'publish-post', step: 'social' }] },
    ]);
    const w2 = m.agents.find((a) => a.id === 'writer-2')!;
    expect(w2.capabilities[0]!.usedBy).toEqual([
      { workflow: 'publish-post', step: 'social' },
      { workflow: 'notify', step: 'post' },
    ]);
    expect(m.unresolved).toEqual([{ workflow: 'notify', step: 'lost', task: 'no_such_task' }]);
  });

  it('renders as text with users, unused capabilities, dependencies and unresolved tasks', () => {
    const text = renderAgentsAscii(m);
    expect(text.split('\n')[0]).toBe('4 agents · 6 capabilities · 2 workflows');
    expect(text).toContain('◆ write_post    ← publish-post/draft');
    expect(text).toContain('◆ unused_task  ← (no workflow step)');
    expect(text).toContain('depends on strategist');
    expect(text).toContain('feeds      writer');
    expect(text).toContain('social   write_social → writer | writer-2');
    expect(text).toContain('notify/lost: no_such_task');
  });

  it('renders Mermaid subgraphs per agent and draws a depends_on/consumers pair once', () => {
    const text = renderAgentsMermaid(m);
    expect(text).toContain('subgraph a_writer["writer (Content)"]');
    expect(text).toContain('w_publish_post -->|draft| c_writer_write_post');
    expect(text.match(/a_strategist -\.->\|feeds\| a_writer/g)).toHaveLength(1);
  });

  it('renders DOT clusters and de-duplicated feed edges', () => {
    const text = renderAgentsDot(m);
    expect(text).toContain('"workflow:notify" -> "writer-2.write_social" [label="post"];');
    expect(text.match(/"agent:strategist" -> "agent:writer"/g)).toHaveLength(1);
  });
});

describe('agents map: reactions', () => {
  const reacting = agents.map((a) => (a.id === 'writer' ? { ...a, reacts_to: [{ event: 'data_update' as const, capability: 'write_post', where: { kind: 'brief' } }] } : a));
  const m = buildAgentsMap(reacting, [pipeline]);

  it('lists what each agent reacts to', () => {
    expect(m.agents.find((a) => a.id === 'writer')!.reactsTo).toEqual([{ event: 'data_update', capability: 'write_post' }]);
    expect(m.agents.find((a) => a.id === 'strategist')!.reactsTo).toEqual([]);
    expect(renderAgentsAscii(m)).toContain('reacts to  data_update → write_post');
  });

  it('draws the event as a node with a dotted edge to the capability (Mermaid and DOT)', () => {
    const mer = renderAgentsMermaid(m);
    expect(mer).toContain('ev_data_update>"data_update"]');
    expect(mer).toContain('ev_data_update -.->|reacts| c_writer_write_post');
    const dot = renderAgentsDot(m);
    expect(dot).toContain('"event:data_update" [shape=cds, label="data_update"];');
    expect(dot).toContain('"event:data_update" -> "writer.write_post" [style=dotted, label="reacts"];');
  });
});
