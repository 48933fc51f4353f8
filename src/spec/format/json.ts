import type { Diagnostic } from '../../core/index.ts';
import { summarize, type FormatContext } from './common.ts';

/** `{ diagnostics: [...], summary: { errors, warnings, files } }`, pretty-printed. */
export function formatJson(diags: readonly Diagnostic[], ctx: FormatContext): string {
  const list = diags.map((d) => {
    const o: Record<string, unknown> = { file: d.file, line: d.line, column: d.column, endLine: d.endLine, endColumn: d.endColumn, severity: d.severity, code: d.code, message: d.message };
    if (d.hint !== undefined) o.hint = d.hint;
    return o;
  });
  return `${JSON.stringify({ diagnostics: list, summary: summarize(diags, ctx) }, null, 2)}\n`;
}
