// `amas validate --online` for agent loops, through the real CLI against a real MCP server process
// (the executors' SDK test server): a tool listed under `tools: - mcp: { server, tools }` that the
// server does not offer is AMAS326 on that name, with did-you-mean and what the server offers; an
// `mcp: <server>` entry whose server cannot be reached is AMAS315 on the server name.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin', 'amas');
const FIXTURE = join(ROOT, 'tests', 'fixtures', 'validate-online-tools');

function amas(args: string[], cwd: string) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
}

describe('agent-loop MCP tools checked against the live server', () => {
  test('--online: the exact diagnostics, exit 1', () => {
    const r = amas(['validate', '--online'], FIXTURE);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(readFileSync(join(FIXTURE, 'expected.out'), 'utf8'));
    expect(r.status).toBe(1);
  });

  test('--online --json: located on the unknown tool name and the unreachable server', () => {
    const r = amas(['validate', '.', '--online', '--json'], FIXTURE);
    expect(r.status).toBe(1);
    const { diagnostics } = JSON.parse(r.stdout) as { diagnostics: Record<string, unknown>[] };
    expect(diagnostics.map((d) => [d.file, d.line, d.column, d.endColumn, d.code])).toEqual([
      ['agents.d/planner.yaml', 8, 49, 53, 'AMAS326'],
      ['agents.d/planner.yaml', 9, 18, 22, 'AMAS315'],
    ]);
    expect(diagnostics[0]!.message).toBe('MCP server `tools` has no tool `ecoh` for the agent loop of capability `plan`; did you mean `echo`?');
    expect(diagnostics[0]!.hint).toBe('it offers crash, echo, env, fail, json_text, plain_text, throws, wait');
  });

  test('without --online: nothing is started, no problems', () => {
    const r = amas(['validate'], FIXTURE);
    expect(r.stdout).toBe('no problems in 2 files\n');
    expect(r.status).toBe(0);
  });

  test('docs/diagnostics.md quotes exactly what the CLI prints', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'diagnostics.md'), 'utf8');
    const blocks = [...doc.matchAll(/<!-- online: tests\/fixtures\/validate-online-tools -->\n```text\n([\s\S]*?)\n```/g)].map((m) => m[1]!);
    expect(blocks.length).toBe(1);
    expect(readFileSync(join(FIXTURE, 'expected.out'), 'utf8')).toContain(blocks[0]);
  });
});
