// What an agent loop has journaled at the moment it asks the model again, read from the journal
// files of a real `amas run` child while the scripted model server holds its request: the
// crash contract of docs/agents.md ("Durability") at each request, and how many records a tool
// turn costs. A pure tool (a `template` capability) runs while its turn is journaled, so its
// result goes in the turn's record; a tool with a side effect runs only once its turn and the
// call (as running) are on disk, and its result is on disk before the next request.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { scanSegment } from '../../src/store/frame.ts';
import { final, startScripted, toolCalls, type ChatBody, type ScriptedServer } from './agent-loop-server.ts';
import { BIN, ROOT } from './up-child.ts';

const FIXTURE = join(ROOT, 'tests/fixtures/agent-loop');
const MCP_SERVER = join(ROOT, 'tests/fixtures/executors/mcp-server.mjs');
let srv: ScriptedServer;
const dirs: string[] = [];

beforeAll(async () => {
  srv = await startScripted();
});
afterAll(async () => {
  await srv.close();
});
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** One journal record as the rows of the loop it writes: `turn 1`, `call 1.0 ok`. */
type Rows = string[];

/** The named columns of an INSERT statement, zipped with its parameters. */
function columns(sql: string, params: unknown[]): Record<string, unknown> {
  const names = /\(([^)]*)\)\s*VALUES/i.exec(sql)?.[1]?.split(',').map((c) => c.trim()) ?? [];
  return Object.fromEntries(names.map((n, i) => [n, params[i]]));
}

/** Every record on disk now, oldest first, as the agent-loop rows each holds (records without any are left out). */
function journalRecords(dir: string): Rows[] {
  return loopRecords(dir).map((r) => r.rows);
}

/** The same records, with whether each was written by a write that reached the disk (`synced`). */
function loopRecords(dir: string): { rows: Rows; synced: boolean }[] {
  const jdir = join(dir, '.amas', 'amas.db.journal');
  const out: { rows: Rows; synced: boolean }[] = [];
  for (const f of readdirSync(jdir).filter((n) => n.endsWith('.log')).sort()) {
    for (const rec of scanSegment(readFileSync(join(jdir, f))).records) {
      const rows: Rows = [];
      for (const op of rec.ops) {
        if (op.sql.includes('INTO agent_turns')) rows.push(`turn ${String(columns(op.sql, op.params)['seq'])}`);
        if (op.sql.includes('INTO agent_tool_calls')) {
          const c = columns(op.sql, op.params);
          rows.push(`call ${String(c['call_id'])} ${String(c['status'])}`);
        }
      }
      if (rows.length) out.push({ rows, synced: rec.synced === true });
    }
  }
  return out;
}

function amasRun(dir: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, 'run', 'main', dir, '--json'], { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('what an agent loop has on disk when it asks the model again', () => {
  it('a pure tool turn is one record holding the turn and the finished call; a side-effect call is on disk as running before it runs, then with its result', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'amas-loop-journal-'));
    dirs.push(dir);
    cpSync(FIXTURE, dir, { recursive: true });
    const env = { LLM_URL: `${srv.url}/v1`, MCP_SERVER };
    srv.bodies.length = 0;
    srv.script.length = 0;
    // The journal as it was when each request arrived (amas waits for the answer meanwhile).
    const seen: Rows[][] = [];
    const at = (answer: (b: ChatBody) => unknown) => (b: ChatBody) => {
      seen.push(journalRecords(dir));
      return answer(b);
    };
    srv.script.push(
      at(() => toolCalls(['shout', { word: 'hi' }])),
      at(() => toolCalls(['lookup', { q: 'tea' }])),
      at(() => toolCalls(['shout', { word: 'a' }], ['shout', { word: 'b' }])),
      at(() => final({ answer: 'planned' })),
    );
    const r = await amasRun(dir, env);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'completed', outputs: { answer: 'planned' } });
    expect(seen).toHaveLength(4);

    // Asked for turn 2: turn 1 and its pure call's result, in one record; the call never on disk as running.
    expect(seen[1]).toEqual([['turn 1', 'call 1.0 ok']]);
    // Asked for turn 3: the side-effect call was on disk as running with its turn (before it ran), then its result.
    expect(seen[2]!.slice(1)).toEqual([['turn 2', 'call 2.0 running'], ['call 2.0 ok']]);
    // Two pure calls in one turn: one record again.
    expect(seen[3]!.slice(3)).toEqual([['turn 3', 'call 3.0 ok', 'call 3.1 ok']]);
    // A turn of pure calls was only written (it survives the process's crash; the machine's costs
    // requests asked again); a turn with a side effect, and that call's result, reached the disk.
    const synced = new Map(loopRecords(dir).map((r) => [r.rows.join(', '), r.synced]));
    expect(synced.get('turn 1, call 1.0 ok')).toBe(false);
    expect(synced.get('turn 2, call 2.0 running')).toBe(true);
    expect(synced.get('call 2.0 ok')).toBe(true);
    expect(synced.get('turn 3, call 3.0 ok, call 3.1 ok')).toBe(false);
    // Every result the model was sent is the one on disk: the lookup tool ran once.
    const lookups = readFileSync(join(dir, 'calls.log'), 'utf8').split('\n').filter((l) => l.includes('"tea"'));
    expect(lookups).toHaveLength(1);
  }, 60_000);
});
