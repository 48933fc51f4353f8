// `amas validate --online` through the real CLI against a real MCP server process (the executors'
// SDK test server): an unknown tool is AMAS314 on its `tool:` value with did-you-mean, a server
// that cannot be reached AMAS315 on its `server:` value, and without --online nothing is started.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin', 'amas');
const FIXTURE = join(ROOT, 'tests', 'fixtures', 'validate-online');
let tmp: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'amas-validate-online-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function amas(args: string[], cwd: string) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
}

describe('the fixture project (one real server, one that does not exist)', () => {
  test('--online: the exact diagnostics, exit 1', () => {
    const r = amas(['validate', '--online'], FIXTURE);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(readFileSync(join(FIXTURE, 'expected.out'), 'utf8'));
    expect(r.status).toBe(1);
  });

  test('--online --json: located at the tool and server values', () => {
    const r = amas(['validate', '.', '--online', '--json'], FIXTURE);
    expect(r.status).toBe(1);
    const { diagnostics } = JSON.parse(r.stdout) as { diagnostics: Record<string, unknown>[] };
    expect(diagnostics).toEqual([
      {
        file: 'agents.d/archivist.yaml',
        line: 5,
        column: 22,
        endLine: 5,
        endColumn: 26,
        severity: 'error',
        code: 'AMAS315',
        message: 'cannot reach MCP server `gone` to check tool `store` of capability `archive`: spawn ./no-such-mcp-server ENOENT',
        hint: 'check mcp_servers.gone in amas.yaml (command or url), or run amas validate without --online',
      },
      {
        file: 'agents.d/helper.yaml',
        line: 8,
        column: 35,
        endLine: 8,
        endColumn: 39,
        severity: 'error',
        code: 'AMAS314',
        message: 'MCP server `tools` has no tool `ecoh` (capability `shout`); did you mean `echo`?',
        hint: 'it offers crash, echo, env, fail, json_text, plain_text, throws, wait',
      },
    ]);
  });

  test('without --online: exit 0, no problems', () => {
    const r = amas(['validate'], FIXTURE);
    expect(r.stdout).toBe('no problems in 3 files\n');
    expect(r.status).toBe(0);
  });

  test('docs/diagnostics.md quotes exactly what the CLI prints', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'diagnostics.md'), 'utf8');
    const blocks = [...doc.matchAll(/<!-- online: tests\/fixtures\/validate-online -->\n```text\n([\s\S]*?)\n```/g)].map((m) => m[1]!);
    expect(blocks.length).toBe(2);
    const out = readFileSync(join(FIXTURE, 'expected.out'), 'utf8');
    for (const b of blocks) expect(out).toContain(b);
  });
});

describe('a server that records being started', () => {
  let dir: string;
  let mark: string;
  beforeAll(() => {
    dir = join(tmp, 'probe');
    mark = join(tmp, 'started');
    mkdirSync(join(dir, 'agents.d'), { recursive: true });
    // Writes a mark and exits without the MCP handshake: started, yet unreachable.
    const script = `require('fs').writeFileSync(${JSON.stringify(mark)}, 'x')`;
    writeFileSync(join(dir, 'amas.yaml'), `mcp_servers:\n  probe: { command: [node, -e, ${JSON.stringify(script)}] }\n`);
    writeFileSync(
      join(dir, 'agents.d', 'a.yaml'),
      'id: a\ncapabilities:\n  one:\n    run:\n      mcp: { server: probe, tool: t1 }\n  two:\n    run:\n      # amas-ignore: AMAS315\n      mcp: { server: probe, tool: t2 }\n',
    );
  });

  test('without --online it is never started', () => {
    const r = amas(['validate', dir], tmp);
    expect(r.status).toBe(0);
    expect(existsSync(mark)).toBe(false);
  });

  test('with --online it is started; exiting before the handshake is AMAS315 (amas-ignore honoured)', () => {
    const r = amas(['validate', dir, '--online', '--json'], tmp);
    expect(existsSync(mark)).toBe(true);
    const { diagnostics } = JSON.parse(r.stdout) as { diagnostics: { file: string; line: number; code: string; message: string }[] };
    expect(diagnostics.map((d) => [d.file, d.line, d.code])).toEqual([['probe/agents.d/a.yaml', 5, 'AMAS315']]);
    expect(diagnostics[0]!.message).toMatch(/^cannot reach MCP server `probe` to check tool `t1` of capability `one`: \S/);
    expect(r.status).toBe(1);
  });
});
