import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/index.ts';
import { Debouncer, FileTriggers, globToRegExp, matchFile, type FileFire } from '../../../src/triggers/index.ts';
import { workflow } from './helpers.ts';

describe('matchFile', () => {
  const cases: [string, string, boolean][] = [
    ['*.md', 'README.md', true],
    ['*.md', 'docs/README.md', false],
    ['docs/*.md', 'docs/a.md', true],
    ['docs/*.md', 'docs/sub/a.md', false],
    ['docs/**/*.md', 'docs/a.md', true],
    ['docs/**/*.md', 'docs/x/y/a.md', true],
    ['docs/**', 'docs', true],
    ['docs/**', 'docs/x/y/a.md', true],
    ['docs/**', 'docsx/a', false],
    ['**/*.ts', 'a.ts', true],
    ['**/*.ts', 'src/a/b.ts', true],
    ['**/*.ts', 'src/a/b.tsx', false],
    ['**', 'any/thing', true],
    ['data/?.csv', 'data/a.csv', true],
    ['data/?.csv', 'data/ab.csv', false],
    ['data/?.csv', 'data//.csv', false],
    ['*.{yaml,yml}', 'a.yml', true],
    ['*.{yaml,yml}', 'a.json', false],
    ['src/{a,b/{c,d}}/*.ts', 'src/b/d/x.ts', true],
    ['src/{a,b/{c,d}}/*.ts', 'src/b/e/x.ts', false],
    ['file[0-9].txt', 'file7.txt', true],
    ['file[!0-9].txt', 'file7.txt', false],
    ['file[!0-9].txt', 'fileA.txt', true],
    ['a.b+c(1).txt', 'a.b+c(1).txt', true],
    ['a.b', 'axb', false],
    ['./inbox/*.json', 'inbox/1.json', true],
    ['{unclosed', '{unclosed', true],
  ];
  it.each(cases)('%s vs %s → %s', (glob, p, want) => {
    expect(matchFile(glob, p)).toBe(want);
  });

  it('takes several globs, `!` excludes, and Windows separators in the path', () => {
    expect(matchFile(['inbox/**', '!inbox/**/*.tmp'], 'inbox/a/b.json')).toBe(true);
    expect(matchFile(['inbox/**', '!inbox/**/*.tmp'], 'inbox/a/b.tmp')).toBe(false);
    expect(matchFile('inbox/*.json', 'inbox\\1.json')).toBe(true);
    expect(globToRegExp('a/*.ts').source).toBe('^a\\/[^/]*\\.ts$');
  });
});

describe('Debouncer', () => {
  it('hands over distinct items once after the quiet time', () => {
    const clock = new ManualClock(0);
    const got: string[][] = [];
    const d = new Debouncer(clock, 200, (items) => got.push(items));
    d.push('a');
    clock.advance(150);
    d.push('b');
    d.push('a');
    clock.advance(150);
    expect(got).toEqual([]);
    clock.advance(50);
    expect(got).toEqual([['a', 'b']]);
    expect(d.pending).toBe(0);
  });

  it('maxWait bounds the delay under a steady stream; cancel drops; flush hands over now', () => {
    const clock = new ManualClock(0);
    const got: [number, string[]][] = [];
    const d = new Debouncer(clock, 100, (items) => got.push([clock.now(), items]), 250);
    for (let t = 0; t < 400; t += 50) {
      d.push(`f${t}`);
      clock.advance(50);
    }
    expect(got[0]).toEqual([250, ['f0', 'f50', 'f100', 'f150', 'f200']]);
    d.cancel();
    clock.advance(1000);
    expect(got).toHaveLength(1);
    d.push('x');
    d.flush();
    expect(got[1]).toEqual([1400, ['x']]);
  });
});

describe('FileTriggers', () => {
  it('debounces a burst of saves into one fire per trigger with every changed path', () => {
    const clock = new ManualClock(0);
    const fires: (FileFire & { at: number })[] = [];
    const ft = new FileTriggers(clock, (f) => fires.push({ ...f, at: clock.now() }));
    ft.setWorkflows([
      workflow('ingest', [{ file: 'inbox/*.json', debounce: '1s', inputs: { from: 'files' } }]),
      workflow('docs', [{ cron: '0 * * * *' }, { file: ['docs/**/*.md', 'README.md'] }]),
    ]);
    expect(ft.changed('inbox/1.json')).toBe(1);
    clock.advance(300);
    ft.changed('inbox/2.json');
    ft.changed('docs/guide/intro.md');
    expect(ft.changed('src/index.ts')).toBe(0);
    clock.advance(600);
    expect(fires.map((f) => `${f.workflowId} ${f.triggerKey} @${f.at}`)).toEqual(['docs file:docs/**/*.md,README.md @800']); // default 500 ms
    clock.advance(1000);
    expect(fires.map((f) => `${f.workflowId} @${f.at} ${f.paths.join(',')}`)).toEqual(['docs @800 docs/guide/intro.md', 'ingest @1300 inbox/1.json,inbox/2.json']);
    expect(fires[1]!.inputs).toEqual({ from: 'files' });
  });

  it('a reload keeps pending changes of a kept trigger and drops those of a removed one', () => {
    const clock = new ManualClock(0);
    const fires: FileFire[] = [];
    const ft = new FileTriggers(clock, (f) => fires.push(f));
    ft.setWorkflows([workflow('a', [{ file: '*.txt' }]), workflow('b', [{ file: '*.txt' }])]);
    ft.changed('x.txt');
    ft.setWorkflows([workflow('a', [{ file: '*.txt', inputs: { v: 2 } }])]);
    clock.advance(1000);
    expect(fires.map((f) => [f.workflowId, f.inputs])).toEqual([['a', { v: 2 }]]);
    ft.changed('y.txt');
    ft.stop();
    clock.advance(1000);
    expect(fires).toHaveLength(1);
  });

  it('a trigger keeps its identity (and its pending changes) when another is added before it', () => {
    const clock = new ManualClock(0);
    const fires: FileFire[] = [];
    const ft = new FileTriggers(clock, (f) => fires.push(f));
    ft.setWorkflows([workflow('a', [{ file: '*.txt', debounce: '1s' }])]);
    ft.changed('x.txt');
    clock.advance(600);
    ft.setWorkflows([workflow('a', [{ file: '*.md' }, { file: '*.txt', debounce: '1s' }, { file: '*.txt', debounce: '1s' }])]);
    clock.advance(500); // 1.1 s after the change: the kept trigger fires, the new twin has nothing
    expect(fires.map((f) => `${f.triggerKey} ${f.paths.join(',')}`)).toEqual(['file:*.txt x.txt']);
    ft.changed('y.txt');
    clock.advance(1000);
    expect(fires.map((f) => f.triggerKey)).toEqual(['file:*.txt', 'file:*.txt', 'file:*.txt#2']);
  });
});
