// `amas validate` through the real CLI: exit codes, the four formats, colour rules, and the
// repository's own example project.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import AjvDraft04Mod from 'ajv-draft-04';
import addFormatsMod from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin', 'amas');
const GOLDEN = join(ROOT, 'tests', 'golden');
let tmp: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'amas-validate-cli-'));
}, 120_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function amas(args: string[], opts: { cwd?: string; env?: Record<string, string | undefined> } = {}) {
  const env = { ...process.env, NO_COLOR: undefined, ...opts.env };
  return spawnSync(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, encoding: 'utf8', env, timeout: 20_000 });
}

/** A copy of a golden case, so that the CLI runs from inside it. */
function copyCase(kind: 'ok' | 'err', name: string): string {
  const dir = join(tmp, `${kind}-${name}`);
  cpSync(join(GOLDEN, kind, name), dir, { recursive: true });
  return dir;
}

describe('exit codes', () => {
  test('0 for a valid project, with a short confirmation', () => {
    const r = amas(['validate', copyCase('ok', 'minimal')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^no problems in 2 files\n$/);
  });
  test('0 when there are only warnings', () => {
    const r = amas(['validate'], { cwd: copyCase('err', 'event-nobody-emits') });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('warning AMAS505');
  });
  test('1 when there are errors; text output equals the golden file when run from the project', () => {
    const r = amas(['validate'], { cwd: copyCase('err', 'unknown-key') });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(readFileSync(join(GOLDEN, 'err', 'unknown-key.out'), 'utf8'));
  });
  test('2 for an unknown format, and for a missing directory', () => {
    const bad = amas(['validate', '--format', 'xml']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('unknown format "xml"');
    const missing = amas(['validate', join(tmp, 'no-such-dir')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('no such directory');
  });
  test('--quiet drops warnings and the all-clear line', () => {
    const r = amas(['validate', '--quiet'], { cwd: copyCase('err', 'unset-secret') });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
  });
});

describe('paths', () => {
  test('are relative to where the command runs', () => {
    const dir = copyCase('err', 'unknown-agent');
    const r = amas(['validate', 'err-unknown-agent'], { cwd: tmp });
    expect(r.stdout.split('\n')[0]).toMatch(/^err-unknown-agent\/workflows\.d\/flow\.yaml:4:12: error AMAS302: /);
    expect(dir).toContain(tmp);
  });
});

describe('colour', () => {
  test('never when stdout is not a terminal, and plain with --no-color', () => {
    const dir = copyCase('err', 'wrong-type');
    for (const args of [['validate'], ['validate', '--no-color']]) {
      const r = amas(args, { cwd: dir, env: { FORCE_COLOR: '1' } });
      expect(r.stdout).not.toContain('\u001b[');
    }
  });
});

describe('formats', () => {
  test('json: diagnostics with ranges and a summary', () => {
    const r = amas(['validate', '--format', 'json'], { cwd: copyCase('err', 'bad-duration') });
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout) as { diagnostics: Record<string, unknown>[]; summary: Record<string, number> };
    expect(out.summary).toEqual({ errors: 2, warnings: 0, files: 2 });
    expect(out.diagnostics[1]).toEqual({
      file: 'workflows.d/flow.yaml',
      line: 7,
      column: 14,
      endLine: 7,
      endColumn: 20,
      severity: 'error',
      code: 'AMAS204',
      message: 'invalid duration `banana` for `timeout`',
      hint: 'write a number then ms, s, m, h or d, e.g. 500ms, 30s, 5m, 2h',
    });
  });

  test('github: every line is a workflow command with escaped properties and data', () => {
    const r = amas(['validate', '--format', 'github'], { cwd: copyCase('err', 'needs-cycle') });
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    // ::error file=F,line=N,col=N,endLine=N,endColumn=N,title=T::DATA — no raw newline, comma or colon inside properties
    const cmd = /^::(error|warning|notice) file=[^,:\r\n]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=AMAS\d{3}::[^\r\n]+$/;
    for (const l of lines) expect(l).toMatch(cmd);
    expect(lines[0]).toContain('::error file=workflows.d/flow.yaml,line=5,col=13,endLine=5,endColumn=14,title=AMAS307::');
    expect(lines[0]).toContain('%0Ahint: ');
  });

  test('sarif: validates against the SARIF 2.1.0 JSON Schema', () => {
    const r = amas(['validate', '--format', 'sarif'], { cwd: copyCase('err', 'expr-unknown-field') });
    expect(r.status).toBe(1);
    const log = JSON.parse(r.stdout) as { runs: { results: { ruleId: string; locations: unknown[] }[]; tool: { driver: { rules: { id: string }[] } } }[] };
    const Ajv04 = (AjvDraft04Mod as unknown as { default: new (o: object) => any }).default;
    // The schema has a pattern (language tags) that is invalid with the u flag ajv uses by default.
    const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
    (addFormatsMod as unknown as { default: (a: unknown) => void }).default(ajv);
    const schema = JSON.parse(readFileSync(join(ROOT, 'tests', 'fixtures', 'sarif-2.1.0.schema.json'), 'utf8')) as object;
    const validate = ajv.compile(schema);
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...log, version: '2.0.0' })).toBe(false); // the schema really constrains
    expect(log.runs[0]!.results.map((x) => x.ruleId)).toEqual(['AMAS406', 'AMAS406']);
    expect(log.runs[0]!.tool.driver.rules.map((x) => x.id)).toEqual(['AMAS406']);
  });

  test('sarif of a clean project is a valid, empty log', () => {
    const r = amas(['validate', '--format', 'sarif'], { cwd: copyCase('ok', 'full') });
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as { runs: { results: unknown[] }[] }).runs[0]!.results).toEqual([]);
  });
});

test("the repository's own example project validates without errors", () => {
  const r = amas(['validate', '--format', 'json']);
  const out = JSON.parse(r.stdout) as { diagnostics: { severity: string }[]; summary: { errors: number } };
  expect(out.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(r.status).toBe(0);
});

test('a large project checked on worker threads reports exactly what one thread reports', () => {
  const dir = join(tmp, 'large');
  mkdirSync(join(dir, 'agents.d'), { recursive: true });
  mkdirSync(join(dir, 'workflows.d'), { recursive: true });
  for (let i = 0; i < 150; i++) {
    writeFileSync(join(dir, 'agents.d', `a${i}.yaml`), `id: agent-${i}\ncapabilities:\n  task_${i}:\n    input: { type: object, required: [x], properties: { x: { type: integer } } }\n    run: { template: "\${{ input.x }}" }\n${i % 50 === 7 ? 'concurrency: lots\n' : ''}`);
    const step = i % 40 === 3 ? `task: task_${i}x` : `task: task_${i}`;
    writeFileSync(join(dir, 'workflows.d', `w${i}.yaml`), `id: flow-${i}\nsteps:\n  - id: s\n    ${step}\n    with: { x: ${i % 30 === 5 ? '"five"' : i} }\n${i % 60 === 11 ? '  bad: [\n' : ''}`);
  }
  const one = amas(['validate', '--format', 'json'], { cwd: dir, env: { AMAS_LOADER_THREADS: '0' } });
  const many = amas(['validate', '--format', 'json'], { cwd: dir, env: { AMAS_LOADER_THREADS: '2' } });
  expect(one.status).toBe(1);
  const parsed = JSON.parse(one.stdout) as { diagnostics: { code: string }[]; summary: { files: number } };
  expect(parsed.summary.files).toBe(300);
  expect(new Set(parsed.diagnostics.map((d) => d.code))).toEqual(new Set(['AMAS101', 'AMAS201', 'AMAS303', 'AMAS309']));
  expect(many.stdout).toBe(one.stdout);
  expect(many.status).toBe(1);
});
