import type { Diagnostic } from '../../core/index.ts';
import type { FormatContext } from './common.ts';

/** Workflow-command data: % CR LF escaped. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Workflow-command property values: also : and , escaped. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=CODE::message` line per diagnostic. */
export function formatGithub(diags: readonly Diagnostic[], _ctx: FormatContext): string {
  return diags
    .map((d) => {
      const cmd = d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'notice';
      const props = [`file=${escapeProperty(d.file)}`, `line=${d.line}`, `col=${d.column}`, `endLine=${d.endLine}`, `endColumn=${d.endColumn}`, `title=${escapeProperty(d.code)}`];
      const msg = d.hint ? `${d.message}\nhint: ${d.hint}` : d.message;
      return `::${cmd} ${props.join(',')}::${escapeData(msg)}\n`;
    })
    .join('');
}
