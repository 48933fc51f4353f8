import { describe, expect, it } from 'vitest';
import { ManualClock, parseDuration, sortDiagnostics, type Diagnostic } from '../../../src/core/index.ts';

describe('ManualClock', () => {
  it('fires timers in time order, including timers set by timers', () => {
    const clock = new ManualClock(0);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('b@20'), 20);
    clock.setTimeout(() => {
      fired.push('a@10');
      clock.setTimeout(() => fired.push('c@15'), 5);
    }, 10);
    clock.advance(25);
    expect(fired).toEqual(['a@10', 'c@15', 'b@20']);
    expect(clock.now()).toBe(25);
  });

  it('does not fire cleared timers', () => {
    const clock = new ManualClock(0);
    let fired = false;
    const h = clock.setTimeout(() => (fired = true), 5);
    clock.clearTimeout(h);
    clock.advance(10);
    expect(fired).toBe(false);
  });
});

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1.5h', 5_400_000],
    ['1d', 86_400_000],
  ])('%s is %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it('rejects text that is not a duration', () => expect(() => parseDuration('banana')).toThrow(/invalid duration/));
});

describe('sortDiagnostics', () => {
  const d = (file: string, line: number, column: number, code = 'AMAS100'): Diagnostic => ({
    file, line, column, endLine: line, endColumn: column + 1, severity: 'error', code, message: 'm',
  });
  it('sorts by file, line, column and drops duplicates', () => {
    const out = sortDiagnostics([d('b.yaml', 1, 1), d('a.yaml', 3, 2), d('a.yaml', 3, 1), d('a.yaml', 3, 1)]);
    expect(out.map((x) => `${x.file}:${x.line}:${x.column}`)).toEqual(['a.yaml:3:1', 'a.yaml:3:2', 'b.yaml:1:1']);
  });
});
