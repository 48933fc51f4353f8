import { describe, expect, it } from 'vitest';
import { computeLayout } from '../../../src/tui/layout.ts';

describe('computeLayout', () => {
  it.each([
    { cols: 80, rows: 24, compact: false, wide: false, live: 23 },
    { cols: 120, rows: 40, compact: false, wide: true, live: 39 },
    { cols: 59, rows: 40, compact: true, wide: false, live: 39 },
    { cols: 80, rows: 14, compact: true, wide: false, live: 13 },
    { cols: 20, rows: 3, compact: true, wide: false, live: 2 },
    { cols: 0, rows: 0, compact: false, wide: false, live: 23 },
  ])('$cols×$rows → compact=$compact wide=$wide, $live live rows', ({ cols, rows, compact, wide, live }) => {
    const l = computeLayout(cols, rows);
    expect(l).toMatchObject({ compact, wide, liveRows: live });
    // Header + body + footer never exceed the live area, and the grid bands fill the body exactly.
    expect(l.body + 2).toBeLessThanOrEqual(Math.max(2, l.liveRows));
    expect(l.top + l.mid + l.bottom).toBe(l.body);
    expect(l.left + l.right).toBe(l.columns);
  });
  it('never has negative sizes in a 1×1 terminal', () => {
    const l = computeLayout(1, 1);
    for (const v of [l.liveRows, l.body, l.top, l.mid, l.bottom, l.left, l.right]) expect(v).toBeGreaterThanOrEqual(0);
  });
});
