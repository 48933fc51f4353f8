import { describe, expect, it } from 'vitest';
import { checkJsonl, MAX_JSONL_LINE_BYTES } from '../../../src/store/index.ts';
import { readLines } from '../../../src/store/jsonl.ts';

async function collect(chunks: (string | Buffer)[], max?: number) {
  const out: { line: number; text: string }[] = [];
  for await (const l of readLines(chunks, max)) out.push(l);
  return out;
}

describe('readLines', () => {
  it('splits LF and CRLF lines across chunk boundaries, numbering from 1, keeping a last line without LF', async () => {
    expect(await collect(['ab', 'c\r', '\nd', 'e\n\n', Buffer.from('fé'), 'g'])).toEqual([
      { line: 1, text: 'abc' },
      { line: 2, text: 'de' },
      { line: 3, text: '' },
      { line: 4, text: 'fég' },
    ]);
  });

  it('keeps a multi-byte character split between chunks whole', async () => {
    const b = Buffer.from('ü\n');
    expect(await collect([b.subarray(0, 1), b.subarray(1)])).toEqual([{ line: 1, text: 'ü' }]);
  });

  it('accepts a line of exactly the limit and refuses one byte more, naming the line', async () => {
    expect(await collect(['x\n', 'y'.repeat(8), '\n'], 8)).toHaveLength(2);
    await expect(collect(['x\n', 'y'.repeat(5), 'y'.repeat(4), '\n'], 8)).rejects.toMatchObject({ name: 'LineTooLongError', line: 2 });
  });

  it('stops at an over-long line before the stream ends (it never waits for the newline)', async () => {
    let pulled = 0;
    async function* endless() {
      for (;;) {
        pulled++;
        yield 'z'.repeat(1024);
      }
    }
    await expect(
      (async () => {
        for await (const _ of readLines(endless(), 4096)) void _;
      })(),
    ).rejects.toMatchObject({ line: 1 });
    expect(pulled).toBe(5);
  });
});

describe('checkJsonl', () => {
  it('reports every bad line (up to the cap) and counts the good ones without writing', async () => {
    const src = ['{"category":"a","content":1}', 'nope', '{"category":"a","content":1,"createdAt":1e20}', '', '{"category":"a"}'].join('\n');
    const r = await checkJsonl([src], { maxProblems: 2 });
    expect(r.entries).toBe(1);
    expect(r.problemCount).toBe(3);
    expect(r.problems.map((p) => p.line)).toEqual([2, 3]);
    expect(MAX_JSONL_LINE_BYTES).toBe(16 * 1024 * 1024);
  });
});
