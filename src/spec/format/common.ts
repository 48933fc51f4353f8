import type { Diagnostic } from '../../core/index.ts';

export interface FormatContext {
  /** File texts by the same path the diagnostics name, for code frames. */
  files: ReadonlyMap<string, string>;
  color?: boolean;
}

export interface Summary {
  errors: number;
  warnings: number;
  /** Files checked: every file read plus any that could not be read. */
  files: number;
}

export function summarize(diags: readonly Diagnostic[], ctx: FormatContext): Summary {
  const files = new Set([...ctx.files.keys(), ...diags.map((d) => d.file)]);
  return {
    errors: diags.filter((d) => d.severity === 'error').length,
    warnings: diags.filter((d) => d.severity === 'warning').length,
    files: files.size,
  };
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
