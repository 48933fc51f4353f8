import { relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import { AmasError } from '../../core/index.ts';
import { action } from '../action.ts';
import { projectDir } from '../target.ts';
import type { LoadResult } from '../../spec/index.ts';
import { stdout } from '../out.ts';

interface ValidateOptions {
  format: string;
  json?: boolean;
  color: boolean;
  quiet?: boolean;
  online?: boolean;
}

const FORMAT_NAMES = ['text', 'json', 'github', 'sarif'];

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check amas.yaml, agents.d/, workflows.d/ and tests.d/: YAML syntax, schemas, references, expressions, triggers')
    .argument('[dir]', 'project directory', '.')
    .option('-f, --format <format>', `output format: ${FORMAT_NAMES.join(', ')}`, 'text')
    .option('--json', 'same as --format json')
    .option('--no-color', 'no colours, even on a terminal (NO_COLOR is honoured too)')
    .option('-q, --quiet', 'report errors only: no warnings, nothing when all is well')
    .option('--online', 'also connect to each MCP server in mcp_servers and check that the tools agents name exist')
    .addHelpText(
      'after',
      `
Every problem is reported in one pass, sorted by file and position, each with a stable code
(docs/diagnostics.md). Silence one on the next line with a comment: # amas-ignore: AMAS601

Formats:
  text     file:line:col: severity CODE: message, a code frame and a hint (default)
  json     { diagnostics: [...], summary: { errors, warnings, files } }
  github   ::error file=…,line=…,col=…:: annotations for GitHub Actions
  sarif    SARIF 2.1.0 for code-scanning dashboards

With --online, each MCP server an agent uses is started (or its URL contacted) once, asked for
its tools and closed: an unknown tool is AMAS314, a server that cannot be reached AMAS315.
Without --online nothing is started or contacted.

Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 bad usage.

Examples:
  amas validate
  amas validate path/to/project --format github
  amas validate --format sarif > amas.sarif
  amas validate --online
`,
    )
    .action(
      action(async (dir: string, opts: ValidateOptions) => {
        const format = opts.json ? 'json' : opts.format;
        if (!FORMAT_NAMES.includes(format)) {
          throw new AmasError('AMAS_BAD_USAGE', `unknown format "${format}"`, { exitCode: 2, hint: `use one of: ${FORMAT_NAMES.join(', ')}` });
        }
        projectDir(dir);
        const { loadProject, formatDiagnostics, FORMATS } = await import('../../spec/index.ts');
        const fmt = FORMATS.find((f) => f === format) ?? 'text';
        let result = await loadProject(dir);
        if (opts.online) result = await withOnlineChecks(result);

        // Paths relative to where the command runs, so that terminals and CI can open them.
        const prefix = relative(process.cwd(), resolve(dir)).split(sep).join('/');
        const withPrefix = (f: string) => (prefix && prefix !== '.' ? `${prefix}/${f}` : f);
        const shown = result.diagnostics.filter((d) => !opts.quiet || d.severity === 'error').map((d) => ({ ...d, file: withPrefix(d.file) }));
        const files = new Map([...result.model.files].map(([k, v]) => [withPrefix(k), v] as const));
        const color = opts.color && fmt === 'text' && process.stdout.isTTY === true && !process.env.NO_COLOR;

        const out = formatDiagnostics(shown, fmt, { files, color });
        if (out) await stdout.write(out);
        else if (fmt === 'text' && !opts.quiet) await stdout.write(`no problems in ${files.size} file${files.size === 1 ? '' : 's'}\n`);
        return result.ok ? 0 : 1;
      }),
    );
}

/** The load result with the --online diagnostics merged in (ignores, order and `ok` as offline). */
async function withOnlineChecks(result: LoadResult): Promise<LoadResult> {
  const [{ applyIgnores }, { listMcpTools }, { checkMcpToolsOnline }, { sortDiagnostics }, { projectSecrets }] = await Promise.all([
    import('../../spec/index.ts'),
    import('../../agents/index.ts'),
    import('../online-check.ts'),
    import('../../core/index.ts'),
    import('../../runtime/index.ts'),
  ]);
  const { model } = result;
  const env = { ...process.env };
  // The servers' specs render the project's own secrets only; a connection error quoting one is masked.
  const secrets = projectSecrets(model, env);
  const online = await checkMcpToolsOnline(model, async (server) =>
    (await listMcpTools(model.project, server, { projectDir: model.dir, timeoutMs: 15_000, scope: { env, secrets: secrets.scope } })).map((t) => t.name),
  );
  const diagnostics = sortDiagnostics([...result.diagnostics, ...applyIgnores(secrets.redactor.redactDeep(online), model.files)]);
  return { model, diagnostics, ok: !diagnostics.some((d) => d.severity === 'error') };
}
