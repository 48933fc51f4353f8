import { describe, expect, it } from 'vitest';
import { collectSecretRefs, findReferences } from '../../../src/expr/index.ts';

function at(text: string, r: { offset: number; length: number }): string {
  return text.slice(r.offset, r.offset + r.length);
}

describe('findReferences', () => {
  it('returns root and static path with the exact span in the template', () => {
    const text = 'Title: ${{ steps.draft.output.title }}';
    const { refs, errors } = findReferences(text);
    expect(errors).toEqual([]);
    expect(refs).toEqual([{ root: 'steps', path: ['draft', 'output', 'title'], offset: 11, length: 24 }]);
    expect(at(text, refs[0]!)).toBe('steps.draft.output.title');
  });

  it('continues the path through constant keys and stops it at a computed key', () => {
    const text = "${{ steps['fetch-data'].output.rows[0].id }} ${{ steps.a.output[inputs.k].x }}";
    const { refs } = findReferences(text);
    expect(refs.map((r) => [r.root, r.path, at(text, r)])).toEqual([
      ['steps', ['fetch-data', 'output', 'rows', '0', 'id'], "steps['fetch-data'].output.rows[0].id"],
      ['steps', ['a', 'output'], 'steps.a.output'],
      ['inputs', ['k'], 'inputs.k'],
    ]);
  });

  it('finds references inside calls, operators, ternaries and arrays', () => {
    const text = "${{ contains(inputs.tags, 'x') && (env.A ?? run.id) ? [input.a] : secrets.B }}";
    expect(findReferences(text).refs.map((r) => `${r.root}.${r.path.join('.')}`)).toEqual([
      'inputs.tags',
      'env.A',
      'run.id',
      'input.a',
      'secrets.B',
    ]);
  });

  it('reports knowledge() calls with their literal category', () => {
    const text = "${{ knowledge('leads', 5) }}";
    expect(findReferences(text).refs).toEqual([{ root: 'knowledge', path: ['leads'], offset: 4, length: 21 }]);
  });

  it('leaves unknown roots to the caller but reports unknown functions', () => {
    const text = "${{ foo.bar }} ${{ uper(inputs.x) }}";
    const { refs, errors } = findReferences(text);
    expect(refs[0]).toMatchObject({ root: 'foo', path: ['bar'] });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toBe("unknown function 'uper' (did you mean 'upper'?)");
    expect(at(text, errors[0]!)).toBe('uper');
  });

  it('collects parse errors instead of throwing, with template offsets', () => {
    const text = 'ok ${{ a.b }} bad ${{ a.b + }}';
    const { refs, errors } = findReferences(text);
    expect(refs).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.offset).toBeGreaterThan(text.indexOf('bad'));
  });

  it('returns nothing for text without expressions', () => {
    expect(findReferences('no expressions here')).toEqual({ refs: [], errors: [] });
  });
});

describe('collectSecretRefs', () => {
  it('collects secret names from every string of a nested value, sorted and unique', () => {
    const value = {
      api_key: '${{ secrets.LLM_API_KEY }}',
      headers: [{ Authorization: 'Bearer ${{ secrets.TOKEN }}' }, '${{ secrets.TOKEN }}'],
      n: 3,
      other: '${{ env.HOME }}',
    };
    expect(collectSecretRefs(value)).toEqual(['LLM_API_KEY', 'TOKEN']);
  });

  it('ignores broken templates and non-string leaves', () => {
    expect(collectSecretRefs(['${{ secrets.A + }}', null, 1, true])).toEqual([]);
  });
});
