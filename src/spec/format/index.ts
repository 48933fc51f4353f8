import type { Diagnostic } from '../../core/index.ts';
import { assertNever } from '../../core/index.ts';
import type { FormatContext } from './common.ts';
import { formatGithub } from './github.ts';
import { formatJson } from './json.ts';
import { formatSarif } from './sarif.ts';
import { formatText } from './text.ts';

export const FORMATS = ['text', 'json', 'github', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

/** Renders diagnostics for people (text), programs (json), GitHub annotations or code-scanning (sarif). */
export function formatDiagnostics(diags: Diagnostic[], format: Format, ctx: FormatContext): string {
  switch (format) {
    case 'text':
      return formatText(diags, ctx);
    case 'json':
      return formatJson(diags, ctx);
    case 'github':
      return formatGithub(diags, ctx);
    case 'sarif':
      return formatSarif(diags, ctx);
    default:
      return assertNever(format, 'format');
  }
}

export type { FormatContext, Summary } from './common.ts';
export { summarize } from './common.ts';
