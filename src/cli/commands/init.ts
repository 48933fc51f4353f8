import { existsSync } from 'node:fs';
import { lstat, mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join, posix, relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import { AmasError } from '../../core/index.ts';
import { action } from '../action.ts';
import { printJson } from '../target.ts';
import { stdout } from '../out.ts';

/**
 * Where the `$schema` headers point. When amas is installed in the project (a node_modules/amas
 * in the project or above it), into that copy: offline, the version the project pins, the same
 * on every teammate's machine. Otherwise (a global install, a one-off tarball or git checkout)
 * there is no stable place to point at — an absolute path is one machine's, a URL needs a
 * published site — so the schemas are copied into the project as `.amas-schemas/`, to be
 * committed with it: editors then find them on any machine, however amas was installed.
 */
const INSTALLED = 'node_modules/amas/schemas';
const COPIED = '.amas-schemas';
const SCHEMA_FILES = ['project.schema.json', 'agent.schema.json', 'workflow.schema.json', 'test.schema.json'] as const;
/** What marks an installed amas (test.schema.json came later: an older install still counts). */
const MARKER_FILES = SCHEMA_FILES.slice(0, 3);
/** schemas/ of the amas that is running: three levels above both src/cli/commands and dist/cli/commands. */
const OWN_SCHEMAS = new URL('../../../schemas/', import.meta.url);

/** The installed schemas directory (absolute) that files under `root` resolve, if any. */
function installedSchemas(root: string): string | undefined {
  for (let d = root; ; d = dirname(d)) {
    const dir = join(d, ...INSTALLED.split('/'));
    if (MARKER_FILES.every((f) => existsSync(join(dir, f)))) return dir;
    if (dirname(d) === d) return undefined;
  }
}

/** The `$schema` value for a spec file at `file` (relative to root) and a schemas directory. */
function schemaRef(root: string, file: string, schemaDir: string, name: string): string {
  const rel = relative(join(root, dirname(file)), join(schemaDir, name)).split(sep).join(posix.sep);
  return rel.startsWith('../') ? rel : `./${rel}`;
}

interface ScaffoldFile {
  path: string;
  content: string;
}

/** The files of a new project: an offline example on `template` and `command` executors, and a test of it. */
function scaffoldFiles(name: string, schema: (file: string, name: (typeof SCHEMA_FILES)[number]) => string): ScaffoldFile[] {
  return [
    {
      path: 'amas.yaml',
      content: `# yaml-language-server: $schema=${schema('amas.yaml', 'project.schema.json')}
# Project settings. Everything here is optional; see \`amas validate --help\`.
apiVersion: amas/v1
name: ${name}
store: { path: .amas/amas.db }
runtime:
  max_concurrent_tasks: 10
  default_timeout: 1m
  retry: { attempts: 2, backoff: exponential, initial: 1s }
`,
    },
    {
      path: 'agents.d/greeter.yaml',
      content: `# yaml-language-server: $schema=${schema('agents.d/greeter.yaml', 'agent.schema.json')}
# An agent that works offline: a template executor (no I/O) and a command executor (a real
# program; \`node\` is there wherever amas runs).
apiVersion: amas/v1
id: greeter
domain: Examples
description: Greets someone and measures a text
concurrency: 2
capabilities:
  greet:
    description: Compose a greeting
    input:
      type: object
      required: [name]
      properties:
        name: { type: string }
    output:
      type: object
      required: [message]
      properties:
        message: { type: string }
    run:
      template:
        message: "Hello, \${{ input.name }}!"
  count_words:
    description: Count the words and characters of a text with a real program
    input:
      type: object
      required: [text]
      properties:
        text: { type: string }
    output:
      type: object
      required: [words, chars]
      properties:
        words: { type: integer }
        chars: { type: integer }
    run:
      command:
        argv:
          - node
          - -e
          - "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>console.log(JSON.stringify({words:s.split(/\\\\s+/).filter(Boolean).length,chars:s.length})))"
        stdin: \${{ input.text }}
        parse: json
    timeout: 30s
  summarize:
    description: Put the results together
    input:
      type: object
      required: [message, words]
      properties:
        message: { type: string }
        words: { type: integer }
    output:
      type: object
      required: [text]
    writes: [greetings]
    run:
      template:
        text: "\${{ input.message }} (\${{ input.words }} words)"
        words: \${{ input.words }}
`,
    },
    {
      path: 'workflows.d/hello.yaml',
      content: `# yaml-language-server: $schema=${schema('workflows.d/hello.yaml', 'workflow.schema.json')}
# A workflow is a DAG of steps; \`needs\` orders them, \`\${{ }}\` passes data between them.
apiVersion: amas/v1
id: hello
description: Greet, count the words of the greeting, and summarise
inputs:
  name: { type: string, default: world }
on:
  - manual: {}
  # - cron: "0 9 * * MON"        # uncomment to run every Monday at 09:00
  #   timezone: UTC
steps:
  - id: greet
    task: greet
    with:
      name: \${{ inputs.name }}
  - id: count
    task: count_words
    needs: [greet]
    with:
      text: \${{ steps.greet.output.message }}
  - id: summary
    task: summarize
    needs: [greet, count]
    with:
      message: \${{ steps.greet.output.message }}
      words: \${{ steps.count.output.words }}
outputs:
  summary: \${{ steps.summary.output.text }}
`,
    },
    {
      path: 'tests.d/hello.yaml',
      content: `# yaml-language-server: $schema=${schema('tests.d/hello.yaml', 'test.schema.json')}
# A test: \`amas test\` runs the workflow on an in-memory store and checks the finished run.
# This workflow calls no model, HTTP API or MCP server, so it needs no cassette; one that does
# is recorded once with \`amas test --record\` into tests.d/cassettes/ and replayed offline.
workflow: hello
inputs: { name: Ada }
# mock:                        # answer a capability without running it
#   count_words: { words: 2, chars: 11 }
expect:
  status: completed
  outputs: { summary: "Hello, Ada! (2 words)" }
  steps: { greet: completed, count: completed, summary: completed }
  assert:
    - "\${{ steps.count.output.chars == 11 }}"
`,
    },
  ];
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

/** Paths that would be overwritten (or cannot be created because a file stands where a folder goes). */
async function conflicts(root: string, files: ScaffoldFile[]): Promise<string[]> {
  const found = new Set<string>();
  for (const f of files) {
    if (await exists(join(root, f.path))) found.add(f.path);
    const folder = f.path.includes('/') ? f.path.slice(0, f.path.indexOf('/')) : undefined;
    if (folder !== undefined && (await exists(join(root, folder))) && !(await lstat(join(root, folder))).isDirectory()) found.add(folder);
  }
  return [...found].sort();
}

/** Adds `.amas/` to .gitignore unless a line already ignores it; returns what was done. */
async function ignoreStateDir(root: string): Promise<'created' | 'updated' | 'unchanged'> {
  const path = join(root, '.gitignore');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    await writeFile(path, '# amas state: database, reports, control socket\n.amas/\n', { flag: 'wx' });
    return 'created';
  }
  if (text.split(/\r?\n/).some((l) => ['.amas', '.amas/', '/.amas', '/.amas/'].includes(l.trim()))) return 'unchanged';
  await writeFile(path, `${text.length > 0 && !text.endsWith('\n') ? '\n' : ''}.amas/\n`, { flag: 'a' });
  return 'updated';
}

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('scaffold a project: amas.yaml, agents.d/, workflows.d/ and tests.d/ with an example that runs offline')
    .argument('[dir]', 'project directory, created if missing', '.')
    .option('--name <name>', 'project name (default: the directory name)')
    .option('--json', 'print the files written as JSON')
    .addHelpText(
      'after',
      `
Never overwrites: if any file it would write exists, it names each one, writes nothing and
exits 1. It also adds .amas/ (the database and run state) to .gitignore.

Each file starts with a # yaml-language-server: $schema=… line, so editors with the YAML
language server (VS Code: the YAML extension) complete keys and validate as you type. With amas
installed in the project (npm install --save-dev <git URL or amas-X.tgz>), the lines point into
${INSTALLED}/; otherwise init copies the schemas into ${COPIED}/ (commit it).

Examples:
  amas init my-team
  cd my-team && amas validate && amas graph hello
`,
    )
    .action(
      action(async (dir: string, opts: { name?: string; json?: boolean }) => {
        const root = resolve(dir);
        if ((await exists(root)) && !(await lstat(root)).isDirectory()) {
          throw new AmasError('AMAS_INIT_NOT_DIR', `${dir} exists and is not a directory`, { exitCode: 2 });
        }
        const name = opts.name ?? (basename(root) || 'amas-project');
        const installed = installedSchemas(root);
        const schemaDir = installed ?? join(root, COPIED);
        const files = scaffoldFiles(name, (file, schema) => schemaRef(root, file, schemaDir, schema));
        if (!installed) {
          for (const f of SCHEMA_FILES) files.push({ path: `${COPIED}/${f}`, content: await readFile(new URL(f, OWN_SCHEMAS), 'utf8') });
        }
        const clash = await conflicts(root, files);
        if (clash.length > 0) {
          throw new AmasError('AMAS_INIT_EXISTS', `refusing to overwrite existing files; nothing was written:\n${clash.map((c) => `  ${join(dir, c)}`).join('\n')}`, {
            hint: 'move them away, or run amas init in an empty directory',
          });
        }
        for (const f of files) {
          await mkdir(join(root, f.path, '..'), { recursive: true });
          await writeFile(join(root, f.path), f.content, { flag: 'wx' });
        }
        const gitignore = await ignoreStateDir(root);
        const shown = relative(process.cwd(), root) === '' ? '.' : dir;
        if (opts.json) {
          await printJson({ dir: root, files: files.map((f) => f.path), gitignore, schemas: { dir: schemaDir, copied: !installed } });
          return 0;
        }
        const lines = [`Created an amas project in ${shown}:`, ...files.map((f) => `  ${f.path}`)];
        if (gitignore !== 'unchanged') lines.push(`  .gitignore (${gitignore}: ignores .amas/)`);
        lines.push('', 'Next:', ...(shown === '.' ? [] : [`  cd ${shown}`]), '  amas validate', '  amas graph hello', '  amas run hello', '  amas test');
        const where = relative(root, schemaDir).split(sep).join(posix.sep);
        lines.push(
          '',
          'Editor completion: each file\'s "# yaml-language-server: $schema=" line points at',
          installed
            ? `  ${where}/ (the amas installed in this project), read by the YAML language server (VS Code: the YAML extension).`
            : `  ${where}/, a copy of this amas's schemas (no amas in node_modules here): commit it; the YAML language server (VS Code: the YAML extension) reads it.`,
        );
        await stdout.write(`${lines.join('\n')}\n`);
        return 0;
      }),
    );
}
