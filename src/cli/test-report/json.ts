import type { TestReport } from '../../runtime/index.ts';

/** The whole report as one JSON document: `{ mode, passed, failed, durationMs, tests: [...] }`. */
export function jsonReport(report: TestReport): string {
  return `${JSON.stringify({ mode: report.mode, passed: report.passed, failed: report.failed, durationMs: report.durationMs, tests: report.tests }, null, 2)}\n`;
}
