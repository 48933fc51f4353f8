import type { TestReport } from '../../runtime/index.ts';

/** Workflow-command escaping (GitHub Actions): %, CR and LF in data; also : and , in properties. */
function data(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function prop(s: string): string {
  return data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * GitHub Actions annotations: one `::error file=…,line=…,col=…,title=…::message` per unmet
 * expectation, on the line of the test file that states it, then a `::notice` summary.
 * `prefix` is the project directory relative to the working directory (annotations need repository paths).
 */
export function githubReport(report: TestReport, prefix = ''): string {
  const out: string[] = [];
  for (const t of report.tests) {
    for (const f of t.failures) {
      const file = prefix ? `${prefix}/${t.file}` : t.file;
      const message = f.detail ? `${f.message}\n${f.detail}` : f.message;
      out.push(`::error file=${prop(file)},line=${f.line},col=${f.column},title=${prop(`amas test: ${t.name}`)}::${data(message)}`);
    }
  }
  out.push(`::notice title=amas test::${report.passed} passed, ${report.failed} failed`);
  return `${out.join('\n')}\n`;
}
