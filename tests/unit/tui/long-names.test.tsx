// Long names in the 60-column panels of a 120-column terminal (found on the example project).
// Agent names are what an operator scans for: at 120 columns a 14-character id is shown whole
// (the last-activity column gives way), and short ids keep every column (found on the example
// project, where "repo-inspector" was cut to "repo-insp…").
import { describe, expect, it } from 'vitest';
import { agentRow } from '../../../src/tui/components/agents-panel.tsx';
import { stepRow } from '../../../src/tui/components/run-dag.tsx';
import { runRow } from '../../../src/tui/components/runs-panel.tsx';
import { agent, run, step, T0 } from './factories.ts';

const text = (segs: { text: string }[]) => segs.map((s) => s.text).join('');
const row = (id: string, longest: number) => text(agentRow(agent(id, { lastActivity: T0 - 5000, p95Ms: 3100 }), 60, true, T0, longest));

describe('agent rows in the 60-column Agents panel of a 120-column terminal', () => {
  const table = [
    { id: 'planner', longest: 7, whole: true, lastActivity: true },
    { id: 'repo-inspector', longest: 20, whole: true, lastActivity: false },
    { id: 'social-media-manager', longest: 20, whole: false, lastActivity: false },
  ];
  it.each(table)('$id (longest id $longest)', ({ id, longest, whole, lastActivity }) => {
    const r = row(id, longest);
    expect([...r].length).toBeLessThanOrEqual(60);
    expect(r.includes(`${id} `)).toBe(whole);
    expect(r).toContain('p95');
    expect(r.includes('5.0s ago')).toBe(lastActivity);
  });
  it('rows of one panel line up: the same decision for a short id next to a long one', () => {
    const a = row('editor', 20);
    const b = row('repo-inspector', 20);
    expect(a.indexOf('p95')).toBe(b.indexOf('p95'));
  });
});

describe('step rows of a deep DAG in the Steps panel', () => {
  const done = { status: 'completed' as const, attempt: 1, maxAttempts: 3, startedAt: T0 - 280, endedAt: T0, agentId: 'repo-inspector' };
  const table = [
    { width: 60, depth: 0, needs: [] as string[], error: null, want: /✓ stats +completed +#1\/3 +280ms repo-insp…$/ },
    { width: 60, depth: 1, needs: ['stats', 'commits'], error: null, want: /280ms repo-insp…$/ },
    { width: 60, depth: 3, needs: ['report'], error: null, want: /280ms repo-ins…$/ },
    { width: 60, depth: 3, needs: ['report'], error: 'exit code 2: no such file', want: /280ms exit cod…$/ },
    { width: 80, depth: 1, needs: ['stats', 'commits'], error: null, want: /280ms repo-insp… ← stats, commits$/ },
    { width: 80, depth: 3, needs: ['report'], error: 'exit code 2: no such file', want: /280ms repo-insp… exit code 2: no s…$/ },
  ];
  it.each(table)('width $width, depth $depth, needs $needs, error $error', ({ width, depth, needs, error, want }) => {
    const r = text(stepRow(step(depth === 0 ? 'stats' : 'write', { ...done, needs, error }), depth, width, true, T0)).trimEnd();
    expect([...r].length).toBeLessThanOrEqual(width);
    expect(r).toMatch(want);
    expect(r).not.toMatch(/……|←…/);
  });
});

describe('run rows in the Runs panel of a 120-column terminal', () => {
  const id = 'run_0mwwciisab87905b474d2';
  const r = (workflowId: string, width: number) => text(runRow(run(id, workflowId, { trigger: 'manual', startedAt: T0 - 757, endedAt: T0 }), width, true, T0));
  it('gives up the full run id for the last 7 characters when the workflow name would not fit beside it', () => {
    const row = r('repo-health', 60);
    expect([...row].length).toBeLessThanOrEqual(60);
    expect(row).toContain('…5b474d2 repo-health ');
    expect(row).not.toContain(id);
  });
  it('keeps the full id when there is room for the name', () => {
    expect(r('repo-health', 90)).toContain(`${id} repo-health `);
  });
});
