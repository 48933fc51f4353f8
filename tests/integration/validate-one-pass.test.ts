// `amas validate` through the real CLI shows every problem in one run: a file's schema errors
// together with its reference, needs, input and cron errors (schema/partial.ts), and one AMAS111
// instead of a YAML cascade for an unquoted `${{ }}` in a flow collection.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin', 'amas');
const ERR = join(ROOT, 'tests', 'golden', 'err');

function validate(name: string, format = 'text') {
  return spawnSync(process.execPath, [BIN, 'validate', '--format', format], { cwd: join(ERR, name), encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 20_000 });
}

describe('one pass across layers', () => {
  test('a schema error does not hide the same file\'s needs, input, cron and step-kind errors', () => {
    const r = validate('schema-error-and-rules');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(readFileSync(join(ERR, 'schema-error-and-rules.out'), 'utf8'));
    const codes = (JSON.parse(validate('schema-error-and-rules', 'json').stdout) as { diagnostics: { code: string }[] }).diagnostics.map((d) => d.code);
    for (const c of ['AMAS201', 'AMAS206', 'AMAS202', 'AMAS306', 'AMAS405', 'AMAS502', 'AMAS303', 'AMAS402']) expect(codes).toContain(c);
  });
  test('an unquoted expression in a flow map is one diagnostic with the quoted fix', () => {
    const r = validate('unquoted-flow-expr');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(readFileSync(join(ERR, 'unquoted-flow-expr.out'), 'utf8'));
    expect(r.stdout).not.toContain('AMAS101');
    expect(r.stdout).toContain('1 error,');
  });
});
