import type { TestReport, TestResult } from '../../runtime/index.ts';

/** One line per test as it ends (progress on a terminal or in a CI log). */
export function textProgress(r: TestResult): string {
  return `${r.status === 'passed' ? 'PASS' : 'FAIL'}  ${r.name}  (${r.file}, ${r.calls} call${r.calls === 1 ? '' : 's'}, ${(r.durationMs / 1000).toFixed(2)}s)\n`;
}

/** The failures of each failed test with their file and line, then a summary line. */
export function textReport(report: TestReport): string {
  const out: string[] = [];
  for (const r of report.tests.filter((t) => t.status === 'failed')) {
    out.push(`\n✗ ${r.name} — ${r.file}`);
    for (const f of r.failures) {
      out.push(`  ${r.file}:${f.line}:${f.column}: ${f.message}`);
      if (f.detail) out.push(...f.detail.split('\n').map((l) => `      ${l}`));
    }
  }
  const mode = report.mode === 'record' ? 'recorded' : 'replayed';
  out.push(`\n${report.passed} passed, ${report.failed} failed (${report.tests.length} test${report.tests.length === 1 ? '' : 's'} ${mode}, ${(report.durationMs / 1000).toFixed(2)}s)`);
  return `${out.join('\n')}\n`;
}
