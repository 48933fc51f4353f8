import { writeFileSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import { AmasError, assertNever, errorMessage } from '../../core/index.ts';
import { action } from '../action.ts';
import { stderr, stdout } from '../out.ts';
import { printProjectErrors } from '../project-errors.ts';
import { projectDir } from '../target.ts';
import { githubReport } from '../test-report/github.ts';
import { jsonReport } from '../test-report/json.ts';
import { junitReport } from '../test-report/junit.ts';
import { textProgress, textReport } from '../test-report/text.ts';

interface TestOptions {
  record?: boolean;
  filter?: string;
  format: string;
  jobs: string;
  output?: string;
}

const FORMATS = ['text', 'junit', 'github', 'json'] as const;
type TestFormat = (typeof FORMATS)[number];

export function registerTest(program: Command): void {
  program
    .command('test')
    .description('run the tests in tests.d/ offline: model, http and mcp calls replayed from recorded cassettes')
    .argument('[dir]', 'project directory', '.')
    .option('--record', 'run live and (re)write each test\'s cassette in tests.d/cassettes/ (needs the real endpoints and keys)')
    .option('--filter <pattern>', 'only tests whose file name or name contains PATTERN (* matches any text)')
    .option('-f, --format <format>', `report format: ${FORMATS.join(', ')}`, 'text')
    .option('-j, --jobs <n>', 'tests run at once', '4')
    .option('-o, --output <file>', 'write the report to FILE (progress and a summary still go to stdout)')
    .addHelpText(
      'after',
      `
A test is a YAML file in tests.d/ (schemas/test.schema.json): a workflow, its inputs, capabilities
to mock, and what to expect of the finished run (status, outputs, step statuses, assertions).
Each test runs on its own in-memory store. \`amas validate\` checks test files like every spec.

Replay (the default) answers every llm, http and mcp call from tests.d/cassettes/<test>.json and
makes none for real: no keys or network needed. A call with no matching recording fails the test
with the closest recorded request and the fields that differ (a changed prompt or tool list).
Matching ignores key order, the endpoint's address and volatile headers (authorization,
user-agent, date, request ids); a test's match.ignore lists more fields. command and module
steps run for real unless mocked.

--record runs the tests live and writes their cassettes, secrets masked. Commit the cassettes.

Formats:
  text     a line per test, then each failure at file:line (default)
  junit    JUnit XML for CI test reports
  github   ::error annotations on the line of the failing expectation (GitHub Actions)
  json     { mode, passed, failed, tests: [...] }

Exit codes: 0 all tests passed, 1 a test failed, 2 bad usage or an invalid project.

Examples:
  amas test
  amas test --record --filter publish
  amas test --format junit --output amas-tests.xml
  amas test --format github
`,
    )
    .action(
      action(async (dir: string, opts: TestOptions) => {
        const format = FORMATS.find((f) => f === opts.format);
        if (!format) throw new AmasError('AMAS_BAD_USAGE', `unknown format "${opts.format}"`, { exitCode: 2, hint: `use one of: ${FORMATS.join(', ')}` });
        const jobs = Number(opts.jobs);
        if (!/^\d+$/.test(opts.jobs) || !Number.isSafeInteger(jobs) || jobs < 1) {
          throw new AmasError('AMAS_BAD_USAGE', `--jobs must be a whole number of 1 or more, got "${opts.jobs}"`, { exitCode: 2 });
        }
        const root = projectDir(dir);
        const { runTests, ProjectInvalidError } = await import('../../runtime/index.ts');
        const progress = format === 'text' || opts.output !== undefined ? stdout : stderr;
        let report;
        try {
          report = await runTests(root, {
            ...(opts.record ? { record: true } : {}),
            ...(opts.filter !== undefined ? { filter: opts.filter } : {}),
            jobs,
            onResult: (r) => void progress.write(textProgress(r)),
          });
        } catch (err) {
          if (err instanceof ProjectInvalidError) {
            await printProjectErrors(err.diagnostics, err.model.files);
            await stderr.write('amas: the project (tests.d/ included) has errors; no test ran\n');
            return 2;
          }
          throw err;
        }
        const prefix = relative(process.cwd(), root).split(sep).join('/');
        const text = render(format, report, prefix.startsWith('..') ? '' : prefix);
        if (opts.output !== undefined) {
          try {
            writeFileSync(resolve(opts.output), text);
          } catch (err) {
            throw new AmasError('AMAS_OUTPUT', `cannot write ${opts.output}: ${errorMessage(err)}`, { exitCode: 2 });
          }
          if (format !== 'text') await stdout.write(textReport(report));
        } else await stdout.write(text);
        return report.failed > 0 ? 1 : 0;
      }),
    );
}

function render(format: TestFormat, report: Parameters<typeof textReport>[0], prefix: string): string {
  switch (format) {
    case 'text':
      return textReport(report);
    case 'junit':
      return junitReport(report);
    case 'github':
      return githubReport(report, prefix);
    case 'json':
      return jsonReport(report);
    default:
      return assertNever(format, 'test report format');
  }
}
