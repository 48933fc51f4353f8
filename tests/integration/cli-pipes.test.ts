// CLI output through pipes (finding 13): every byte reaches a slow reader, and a reader that
// goes away early ends amas quietly with exit 0 — no EAGAIN half-way, no EPIPE stack trace.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN } from './mcp-helpers.ts';

const LINES = 2500;
let dir: string;
let tmp: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'amas-pipes-'));
  dir = path.join(tmp, 'project');
  for (const d of ['agents.d', 'workflows.d']) fs.mkdirSync(path.join(dir, d), { recursive: true });
  fs.writeFileSync(path.join(dir, 'amas.yaml'), 'apiVersion: amas/v1\n');
  // ~250 bytes a line: 2,500 lines are ~600 KB, ten times a pipe's buffer
  const jsonl = Array.from({ length: LINES }, (_, i) => JSON.stringify({ category: 'notes', content: `note ${i} ${'x'.repeat(200)}` })).join('\n');
  fs.writeFileSync(path.join(tmp, 'in.jsonl'), `${jsonl}\n`);
  execFileSync(process.execPath, [BIN, 'knowledge', 'import', path.join(tmp, 'in.jsonl'), '--dir', dir]);
  // A reader that takes its time: 4 KB, then a pause, until the end; prints the lines it got.
  fs.writeFileSync(
    path.join(tmp, 'slow-reader.mjs'),
    `let n = 0; let rest = '';
process.stdin.on('readable', function read() {
  const chunk = process.stdin.read(4096);
  if (chunk === null) return;
  const text = rest + chunk.toString();
  const lines = text.split('\\n');
  rest = lines.pop();
  n += lines.length;
  process.stdin.off('readable', read);
  setTimeout(() => { process.stdin.on('readable', read); read(); }, 2);
});
process.stdin.on('end', () => console.log(n));
`,
  );
});

/** A bash pipeline with pipefail: its status is amas's own when amas fails. */
function pipeline(script: string): { status: number; stdout: string; stderr: string } {
  const r = spawnSyncBash(`set -o pipefail; ${script}`);
  return r;
}

function spawnSyncBash(script: string): { status: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync('bash', ['-c', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, AMAS: `${process.execPath} ${BIN}` } });
    return { status: 0, stdout, stderr: '' };
  } catch (err) {
    const e = err as { status: number; stdout: string; stderr: string };
    return { status: e.status, stdout: e.stdout, stderr: e.stderr };
  }
}

/** amas with the read end of its stdout (or stderr) closed before it writes anything. */
function closedEarly(args: string[], which: 'stdout' | 'stderr'): Promise<{ status: number | null; signal: NodeJS.Signals | null; other: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    child[which].destroy();
    let other = '';
    child[which === 'stdout' ? 'stderr' : 'stdout'].on('data', (d: Buffer) => (other += d.toString()));
    child.on('close', (status, signal) => done({ status, signal, other }));
  });
}

describe('amas output through pipes', () => {
  it(`knowledge export delivers all ${LINES} lines to a slow reader`, () => {
    const r = pipeline(`$AMAS knowledge export --dir '${dir}' | node '${path.join(tmp, 'slow-reader.mjs')}'`);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(Number(r.stdout.trim())).toBe(LINES);
  });

  it('knowledge export through gzip and back is identical to an export to a file', () => {
    const file = path.join(tmp, 'direct.jsonl');
    execFileSync(process.execPath, [BIN, 'knowledge', 'export', file, '--dir', dir], { stdio: 'ignore' });
    const r = pipeline(`$AMAS knowledge export --dir '${dir}' | gzip | gzip -d > '${path.join(tmp, 'round.jsonl')}'`);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const round = fs.readFileSync(path.join(tmp, 'round.jsonl'), 'utf8');
    expect(round.split('\n').filter(Boolean)).toHaveLength(LINES);
    expect(round).toBe(fs.readFileSync(file, 'utf8'));
  });

  it('`runs list | head -1` and `--help | head -1` exit 0 with nothing on stderr', () => {
    for (const args of ['runs list', '--help', `knowledge export --dir '${dir}'`]) {
      const r = pipeline(`cd '${dir}' && $AMAS ${args} | head -1`);
      expect(r.stderr, args).toBe('');
      expect(r.status, args).toBe(0);
      expect(r.stdout.split('\n').filter(Boolean), args).toHaveLength(1);
    }
  });

  it('a reader that closes stdout before amas writes ends it quietly with exit 0', async () => {
    for (const args of [['runs', 'list'], ['--help'], ['knowledge', 'export']]) {
      const r = await closedEarly(args[0] === 'knowledge' ? [...args, '--dir', dir] : args, 'stdout');
      expect(r.other, args.join(' ')).toBe('');
      expect(r.signal, args.join(' ')).toBe(null);
      expect(r.status, args.join(' ')).toBe(0);
    }
  });

  it('a closed stderr is quiet too', async () => {
    // an unknown command writes its usage error to stderr
    const r = await closedEarly(['no-such-command'], 'stderr');
    expect(r.other).toBe('');
    expect(r.signal).toBe(null);
    expect(r.status).toBe(0);
  });
});
