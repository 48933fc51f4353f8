import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { render } from '../../src/expr/index.ts';
import { loadProject } from '../../src/spec/index.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/amas');

function amas(args: string[], cwd = ROOT): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, AMAS_DEBUG: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'amas-init-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let template: string | undefined;
/**
 * A copy, at `dir`, of a project `amas init` scaffolded once for this file: the tests that only
 * use a scaffold need not each pay for an init (the init itself is tested above them).
 */
function scaffold(dir: string): void {
  if (!template) {
    const t = join(tmp, 'scaffold-template');
    const r = amas(['init', t]);
    if (r.code !== 0) throw new Error(`amas init failed (${r.code}): ${r.stderr}`);
    template = t;
  }
  cpSync(template, dir, { recursive: true });
}

describe('amas init', () => {
  it('scaffolds a project with schema headers that resolve, and a .gitignore for .amas/', () => {
    const dir = join(tmp, 'fresh');
    const r = amas(['init', dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('agents.d/greeter.yaml');
    // No amas in node_modules: the schemas are copied into the project, and init says so.
    expect(r.stdout).toContain('.amas-schemas/, a copy of this amas');
    expect(readFileSync(join(dir, 'amas.yaml'), 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=./.amas-schemas/project.schema.json');
    expect(readFileSync(join(dir, 'agents.d/greeter.yaml'), 'utf8')).toMatch(/^# yaml-language-server: \$schema=\.\.\/\.amas-schemas\/agent\.schema\.json\n/);
    expect(readFileSync(join(dir, 'workflows.d/hello.yaml'), 'utf8')).toMatch(/^# yaml-language-server: \$schema=\.\.\/\.amas-schemas\/workflow\.schema\.json\n/);
    for (const f of ['amas.yaml', 'agents.d/greeter.yaml', 'workflows.d/hello.yaml', 'tests.d/hello.yaml']) {
      const ref = /\$schema=(\S+)/.exec(readFileSync(join(dir, f), 'utf8'))![1]!;
      const schema = JSON.parse(readFileSync(join(dir, f, '..', ref), 'utf8')) as { $schema?: string };
      expect(schema.$schema).toContain('2020-12');
    }
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toMatch(/^\.amas\/$/m);
  });

  it('points the headers into node_modules/amas/schemas when amas is installed in (or above) the project', () => {
    const parent = join(tmp, 'with-dep');
    const installed = join(parent, 'node_modules', 'amas', 'schemas');
    mkdirSync(installed, { recursive: true });
    for (const f of ['project', 'agent', 'workflow']) writeFileSync(join(installed, `${f}.schema.json`), readFileSync(join(ROOT, 'schemas', `${f}.schema.json`)));
    const dir = join(parent, 'packages', 'team');
    const r = amas(['init', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('node_modules/amas/schemas/ (the amas installed in this project)');
    expect(readFileSync(join(dir, 'amas.yaml'), 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=../../node_modules/amas/schemas/project.schema.json');
    expect(readFileSync(join(dir, 'agents.d/greeter.yaml'), 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=../../../node_modules/amas/schemas/agent.schema.json');
    expect(existsSync(join(dir, '.amas-schemas'))).toBe(false);
  });

  it('scaffolds a project the spec layer accepts without any diagnostic', async () => {
    const dir = join(tmp, 'valid');
    scaffold(dir);
    const { ok, diagnostics } = await loadProject(dir);
    expect(diagnostics).toEqual([]);
    expect(ok).toBe(true);
  });

  it("runs the example's executors offline: the real command and the templates", () => {
    const dir = join(tmp, 'executors');
    scaffold(dir);
    const agent = parse(readFileSync(join(dir, 'agents.d/greeter.yaml'), 'utf8')) as {
      capabilities: Record<string, { run: { template?: unknown; command?: { argv: string[]; stdin: string } } }>;
    };
    const caps = agent.capabilities;
    const greeting = render(caps.greet!.run.template, { input: { name: 'Ada' } }) as { message: string };
    expect(greeting).toEqual({ message: 'Hello, Ada!' });
    const cmd = caps.count_words!.run.command!;
    const stdin = render(cmd.stdin, { input: { text: greeting.message } }) as string;
    const [program, ...args] = cmd.argv;
    const r = spawnSync(program === 'node' ? process.execPath : program!, args, { input: stdin, encoding: 'utf8', cwd: dir });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ words: 2, chars: 11 });
    expect(render(caps.summarize!.run.template, { input: { message: greeting.message, words: 2 } })).toEqual({ text: 'Hello, Ada! (2 words)', words: 2 });
  });

  it('passes amas validate', () => {
    const dir = join(tmp, 'validate');
    scaffold(dir);
    const r = amas(['validate', dir]);
    expect(r.stdout + r.stderr).not.toMatch(/error|warning/i);
    expect(r.code).toBe(0);
  });

  it('runs end to end with amas run, offline', () => {
    const dir = join(tmp, 'run');
    scaffold(dir);
    const r = amas(['run', 'hello', '--input', 'name=Ada'], dir);
    expect(r.stdout + r.stderr).toContain('Hello, Ada! (2 words)');
    expect(r.code).toBe(0);
  }, 60_000);

  it('scaffolds a test that amas test passes, offline (no cassette needed)', () => {
    const dir = join(tmp, 'tested');
    scaffold(dir);
    const r = amas(['test'], dir);
    expect(r.stdout).toContain('PASS  hello  (tests.d/hello.yaml, 0 calls');
    expect(r.stdout).toContain('1 passed, 0 failed');
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'tests.d', 'cassettes'))).toBe(false);
  }, 60_000);

  it('never overwrites: names every existing file, writes nothing, exits 1', () => {
    const dir = join(tmp, 'taken');
    mkdirSync(join(dir, 'workflows.d'), { recursive: true });
    writeFileSync(join(dir, 'amas.yaml'), 'name: mine\n');
    writeFileSync(join(dir, 'workflows.d/hello.yaml'), 'id: mine\n');
    const r = amas(['init', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('amas.yaml');
    expect(r.stderr).toContain(join('workflows.d', 'hello.yaml'));
    expect(r.stderr).not.toContain('greeter.yaml');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(join(dir, 'amas.yaml'), 'utf8')).toBe('name: mine\n');
    expect(existsSync(join(dir, 'agents.d'))).toBe(false);
    expect(existsSync(join(dir, '.gitignore'))).toBe(false);
  });

  it('appends .amas/ to an existing .gitignore once, keeping its content', () => {
    const dir = join(tmp, 'gitignore');
    mkdirSync(dir);
    writeFileSync(join(dir, '.gitignore'), 'node_modules/');
    expect(amas(['init', dir]).code).toBe(0);
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toBe('node_modules/\n.amas/\n');
  });

  it('defaults to the current directory and names the project after it', () => {
    const dir = join(tmp, 'here-project');
    mkdirSync(dir);
    const r = amas(['init', '--json'], dir);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      files: ['amas.yaml', 'agents.d/greeter.yaml', 'workflows.d/hello.yaml', 'tests.d/hello.yaml', '.amas-schemas/project.schema.json', '.amas-schemas/agent.schema.json', '.amas-schemas/workflow.schema.json', '.amas-schemas/test.schema.json'],
      gitignore: 'created',
      schemas: { dir: join(dir, '.amas-schemas'), copied: true },
    });
    expect(readFileSync(join(dir, 'amas.yaml'), 'utf8')).toContain('name: here-project');
  });
});

describe('amas graph', () => {
  it('draws a scaffolded workflow as layered boxes within 80 columns', () => {
    const dir = join(tmp, 'graph');
    scaffold(dir);
    const r = amas(['graph', 'hello', dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('workflow hello — Greet, count the words of the greeting, and summarise');
    expect(lines.findIndex((l) => l.includes('─ greet '))).toBeLessThan(lines.findIndex((l) => l.includes('─ summary ')));
    expect(r.stdout).toContain('│ needs greet, count ');
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
  });

  it('draws the repository example in mermaid, dot and json', () => {
    const m = amas(['graph', 'content-pipeline', '--format', 'mermaid']);
    expect(m.code).toBe(0);
    expect(m.stdout).toMatch(/^flowchart TD\n/);
    expect(m.stdout).toContain('s_plan --> s_draft');
    const d = amas(['graph', 'content-pipeline', '--format', 'dot']);
    expect(d.stdout).toMatch(/^digraph "content-pipeline" \{/);
    const j = JSON.parse(amas(['graph', 'repo-health', '--json']).stdout) as { layers: { id: string }[][] };
    expect(j.layers.map((l) => l.map((s) => s.id))).toEqual([['stats', 'commits'], ['report'], ['write']]);
  });

  it('draws the agent map of the repository example', () => {
    const r = amas(['graph', '--agents']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/◆ write_blog_post +← draft-and-review\/draft/);
    const dot = amas(['graph', '--agents', '.', '--format', 'dot']);
    expect(dot.stdout).toContain('"workflow:repo-health" -> "repo-inspector.count_sources" [label="stats"];');
  });

  it('exits 2 with a did-you-mean for an unknown workflow', () => {
    const r = amas(['graph', 'content-pipline']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('did you mean "content-pipeline"?');
  });

  it('prints the diagnostics and exits 1 when the project has errors', () => {
    const dir = join(tmp, 'broken');
    scaffold(dir);
    const wf = join(dir, 'workflows.d/hello.yaml');
    writeFileSync(wf, readFileSync(wf, 'utf8').replace('task: summarize', 'task: summarise'));
    const r = amas(['graph', 'hello', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/workflows\.d\/hello\.yaml:\d+:\d+: error AMAS\d+/);
    expect(r.stdout).toBe('');
  });
});
