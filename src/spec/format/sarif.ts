import type { Diagnostic } from '../../core/index.ts';
import { VERSION } from '../../core/index.ts';
import { CODES, type Code } from '../codes.ts';
import type { FormatContext } from './common.ts';

function level(d: Diagnostic): 'error' | 'warning' | 'note' {
  return d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'note';
}

function uri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

/** SARIF 2.1.0: one run of the `amas` driver, its rules (the codes used) and one result per diagnostic. */
export function formatSarif(diags: readonly Diagnostic[], _ctx: FormatContext): string {
  const used = [...new Set(diags.map((d) => d.code))].sort();
  const rules = used.map((id) => {
    const info = (CODES as Record<string, { severity: string; title: string } | undefined>)[id as Code];
    return {
      id,
      name: (info?.title ?? id).replace(/(?:^|\s)(\w)/g, (_m, c: string) => c.toUpperCase()).replace(/\W/g, ''),
      shortDescription: { text: info?.title ?? id },
      defaultConfiguration: { level: info?.severity === 'warning' ? 'warning' : 'error' },
    };
  });
  const results = diags.map((d) => ({
    ruleId: d.code,
    ruleIndex: used.indexOf(d.code),
    level: level(d),
    message: { text: d.hint ? `${d.message}\nhint: ${d.hint}` : d.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: uri(d.file), uriBaseId: '%SRCROOT%' },
          region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn },
        },
      },
    ],
  }));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'amas', version: VERSION, rules } }, results }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
