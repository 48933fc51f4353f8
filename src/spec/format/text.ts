import type { Diagnostic } from '../../core/index.ts';
import { plural, summarize, type FormatContext } from './common.ts';

const WIDTH = 160;

type Paint = (code: string, s: string) => string;

function painter(color: boolean): Paint {
  return color ? (code, s) => `\u001b[${code}m${s}\u001b[0m` : (_code, s) => s;
}

function severityColor(d: Diagnostic): string {
  return d.severity === 'error' ? '1;31' : d.severity === 'warning' ? '1;33' : '1;36';
}

/** The source line with a caret run under the range, cut to a window around it when long. */
function frame(d: Diagnostic, text: string | undefined, paint: Paint): string[] {
  if (text === undefined) return [];
  const lines = text.split('\n');
  const raw = lines[d.line - 1];
  if (raw === undefined) return [];
  let src = raw.replace(/\r$/, '').replace(/\t/g, ' ');
  let col = d.column - 1;
  let len = d.endLine === d.line ? Math.max(1, d.endColumn - d.column) : Math.max(1, src.length - col);
  if (d.concealed) src = src.slice(0, col) + '*'.repeat(len) + src.slice(col + len);
  if (src.length > WIDTH) {
    const from = Math.max(0, Math.min(col - 40, src.length - WIDTH));
    src = (from > 0 ? '…' : '') + src.slice(from, from + WIDTH) + (from + WIDTH < src.length ? '…' : '');
    col = col - from + (from > 0 ? 1 : 0);
  }
  len = Math.max(1, Math.min(len, src.length - col));
  const num = String(d.line);
  const pad = ' '.repeat(num.length);
  return [`  ${paint('2', `${num} |`)} ${src}`, `  ${paint('2', `${pad} |`)} ${' '.repeat(Math.max(0, col))}${paint(severityColor(d), '^'.repeat(len))}`];
}

/** `file:line:col: severity CODE: message`, a code frame with a caret, the hint; then a summary line. */
export function formatText(diags: readonly Diagnostic[], ctx: FormatContext): string {
  if (diags.length === 0) return '';
  const paint = painter(ctx.color ?? false);
  const out: string[] = [];
  for (const d of diags) {
    out.push(`${paint('1', `${d.file}:${d.line}:${d.column}:`)} ${paint(severityColor(d), d.severity)} ${paint('2', `${d.code}:`)} ${d.message}`);
    out.push(...frame(d, ctx.files.get(d.file), paint));
    if (d.hint) out.push(`  ${paint('36', 'hint:')} ${d.hint}`);
    out.push('');
  }
  const s = summarize(diags, ctx);
  const line = `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')} in ${plural(s.files, 'file')}`;
  out.push(s.errors > 0 ? paint('1;31', line) : paint('1;33', line));
  return `${out.join('\n')}\n`;
}
