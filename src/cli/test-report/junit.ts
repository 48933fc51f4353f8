import { hostname } from 'node:os';
import type { TestReport } from '../../runtime/index.ts';

/** XML text and attribute escaping, dropping the control characters XML 1.0 cannot hold. */
function esc(s: string): string {
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

const secs = (ms: number): string => (ms / 1000).toFixed(3);

/**
 * JUnit XML as CI test-report readers take it (Jenkins, GitLab, GitHub test-report actions):
 * `testsuites` › one `testsuite` for the project › a `testcase` per test, a failed one holding one
 * `failure` (message = the first unmet expectation, text = every failure with file and line).
 */
export function junitReport(report: TestReport, at: Date = new Date()): string {
  const lines: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const total = report.tests.length;
  lines.push(`<testsuites name="amas test" tests="${total}" failures="${report.failed}" errors="0" time="${secs(report.durationMs)}">`);
  lines.push(
    `  <testsuite name="tests.d" tests="${total}" failures="${report.failed}" errors="0" skipped="0" time="${secs(report.durationMs)}" timestamp="${at.toISOString().replace(/\.\d+Z$/, '')}" hostname="${esc(hostname())}">`,
  );
  lines.push('    <properties>', `      <property name="mode" value="${report.mode}"/>`, '    </properties>');
  for (const t of report.tests) {
    const open = `    <testcase name="${esc(t.name)}" classname="${esc(t.file.replace(/\.ya?ml$/i, '').replace(/\//g, '.'))}" file="${esc(t.file)}" time="${secs(t.durationMs)}"`;
    if (t.status === 'passed') {
      lines.push(`${open}/>`);
      continue;
    }
    const first = t.failures[0];
    const detail = t.failures.map((f) => `${t.file}:${f.line}:${f.column}: ${f.message}${f.detail ? `\n${f.detail}` : ''}`).join('\n\n');
    lines.push(`${open}>`);
    lines.push(`      <failure message="${esc(first?.message ?? 'failed')}" type="expectation">${esc(detail)}</failure>`);
    lines.push('    </testcase>');
  }
  lines.push('  </testsuite>', '</testsuites>');
  return `${lines.join('\n')}\n`;
}
