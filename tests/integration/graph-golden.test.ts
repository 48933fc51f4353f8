import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// `amas graph` through the real CLI against a reviewed drawing. Regenerate after an intended
// change with UPDATE_GOLDEN=1 and review the diff.
const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/amas');
const FIXTURE = join(ROOT, 'tests/fixtures/graph/fan-in');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

describe('amas graph (ascii golden)', () => {
  it('draws an arrow only out of boxes that a step below needs: issues → score, never commits → score', () => {
    const r = spawnSync(process.execPath, [BIN, 'graph', 'digest', FIXTURE, '--width', '80'], { encoding: 'utf8', env: { ...process.env, AMAS_DEBUG: '' } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const file = join(FIXTURE, 'digest.golden.txt');
    if (UPDATE) writeFileSync(file, r.stdout);
    expect(existsSync(file)).toBe(true);
    expect(r.stdout).toBe(readFileSync(file, 'utf8'));
    // The arrow into score's layer stands under the issues box's centre, not under commits.
    const lines = r.stdout.split('\n');
    const issuesTop = lines.find((l) => l.includes('─ issues '))!;
    const arrow = lines[lines.findIndex((l) => l.includes('─ score ')) - 1]!;
    const col = arrow.indexOf('▼');
    const issuesStart = issuesTop.indexOf('╭─ issues');
    expect(col).toBeGreaterThan(issuesStart);
    expect(arrow.trim()).toBe('▼');
  });
});

describe('amas graph draws fan-outs, sub-workflows and loops distinctly (golden per format)', () => {
  const CF = join(ROOT, 'tests/fixtures/graph/control-flow');
  for (const format of ['ascii', 'mermaid', 'dot'] as const) {
    it(format, () => {
      const r = spawnSync(process.execPath, [BIN, 'graph', 'flow', CF, '--width', '80', '--format', format], { encoding: 'utf8', env: { ...process.env, AMAS_DEBUG: '' } });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const file = join(CF, `flow.golden.${format === 'ascii' ? 'txt' : format === 'mermaid' ? 'mmd' : 'dot'}`);
      if (UPDATE) writeFileSync(file, r.stdout);
      expect(r.stdout).toBe(readFileSync(file, 'utf8'));
      // The three shapes are told apart in every format.
      const marks = { ascii: ['×N inputs.platforms', '↻ max 3', '↳ workflow publish'], mermaid: ['[["social', '-->|↻ max 3| s_draft', '-.->|runs| w_publish'], dot: ['peripheries=2', '"draft" -> "draft"', 'shape=component'] }[format];
      for (const m of marks) expect(r.stdout).toContain(m);
    });
  }
});

describe('amas graph draws approval steps distinctly (golden)', () => {
  const dir = join(ROOT, 'tests/fixtures/graph/approval');
  for (const [format, ext] of [
    ['ascii', 'txt'],
    ['mermaid', 'mmd'],
    ['dot', 'dot'],
  ] as const) {
    it(`${format}: the approval is drawn as a decision with its prompt or a diamond, not as a task`, () => {
      const r = spawnSync(process.execPath, [BIN, 'graph', 'flow', dir, '--width', '80', '--format', format], { encoding: 'utf8', env: { ...process.env, AMAS_DEBUG: '' } });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const file = join(dir, `flow.golden.${ext}`);
      if (UPDATE) writeFileSync(file, r.stdout);
      expect(r.stdout).toBe(readFileSync(file, 'utf8'));
      expect(r.stdout).toMatch(format === 'ascii' ? /‖ approval {2}Publish/ : format === 'mermaid' ? /s_review\{"review<br\/>⏸ approval"\}/ : /"review" \[shape=diamond/);
    });
  }
});
