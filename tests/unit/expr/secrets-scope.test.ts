import { describe, expect, it } from 'vitest';
import { evaluate, render } from '../../../src/expr/index.ts';

describe('secrets holds only the names the project references', () => {
  const scope = { env: { OTHER: 'env-value' }, secrets: { TOKEN: 'tok-value', UNSET: undefined } };

  it('reads a referenced secret; a referenced but unset one is empty', () => {
    expect(evaluate('secrets.TOKEN', scope)).toBe('tok-value');
    expect(render('[${{ secrets.UNSET }}]', scope)).toBe('[]');
  });

  it('an unreferenced name is an error, never an empty string', () => {
    expect(() => evaluate('secrets.OTHER', scope)).toThrow(/secret 'OTHER' is not available/);
    expect(() => render('x ${{ secrets.OTHER }}', scope)).toThrow(/not available/);
    expect(() => evaluate("secrets['OTHER'] ?? 'fallback'", scope)).toThrow(/not available/);
  });
});
