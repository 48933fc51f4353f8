// Untrusted input against the real CLI and MCP server (docs/security.md, "Untrusted input"):
// a value that tries to break out of a shell script, a URL or the project directory.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../unit/executors/server.ts';
import { BIN, call, connect, data } from './mcp-helpers.ts';

interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The real CLI as a child; async so this file's HTTP server keeps answering meanwhile. */
function amas(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Ran> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { PATH: process.env['PATH'] ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

/** A project made of the given files (path → text), under a fresh temporary directory. */
function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amas-inject-'));
  const root = path.join(dir, 'project');
  for (const [rel, text] of Object.entries({ 'amas.yaml': 'apiVersion: amas/v1\n', ...files })) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  fs.mkdirSync(path.join(root, 'workflows.d'), { recursive: true });
  return root;
}

const ATTACK = 'a; touch pwned';

const echoWorkflow = `id: echo
inputs:
  x: { type: string }
steps:
  - { id: say, task: say, with: { text: "\${{ inputs.x }}" } }
outputs:
  said: \${{ steps.say.output }}
`;

function shellAgent(run: string): string {
  return `id: shell
capabilities:
  say:
    input: { type: object, required: [text], properties: { text: { type: string } } }
    run:
${run}
`;
}

const UNSAFE = `      command:
        argv: ["printf '%s' \${{ input.text }}"]
        shell: true
        parse: text`;
const SAFE = `      command:
        argv: ['printf "%s" "$TEXT"']
        env: { TEXT: "\${{ input.text }}" }
        shell: true
        parse: text`;

describe('finding 8: expressions in shell scripts', () => {
  it('validate reports AMAS701 at the expression, with the env form as the hint', async () => {
    const dir = project({ 'agents.d/shell.yaml': shellAgent(UNSAFE), 'workflows.d/echo.yaml': echoWorkflow });
    const r = await amas(['validate'], dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("agents.d/shell.yaml:7:29: error AMAS701: `${{ input.text }}` is pasted into a shell script");
    expect(r.stdout).toContain('hint: map it through env (`env: { TEXT: "${{ input.text }}" }`) and write "$TEXT" in the script');
  });

  it('amas run refuses the unsafe project, so `a; touch pwned` never runs', async () => {
    const dir = project({ 'agents.d/shell.yaml': shellAgent(UNSAFE), 'workflows.d/echo.yaml': echoWorkflow });
    const r = await amas(['run', 'echo', '--input', `x=${ATTACK}`], dir);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('AMAS701');
    expect(fs.existsSync(path.join(dir, 'pwned'))).toBe(false);
  });

  it('with the env form the value arrives literally and nothing else runs', async () => {
    const dir = project({ 'agents.d/shell.yaml': shellAgent(SAFE), 'workflows.d/echo.yaml': echoWorkflow });
    expect((await amas(['validate'], dir)).status).toBe(0);
    const r = await amas(['run', 'echo', '--input', `x=${ATTACK}`, '--json'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { outputs: { said: string } }).outputs.said).toBe(ATTACK);
    expect(fs.existsSync(path.join(dir, 'pwned'))).toBe(false);
  });

  it('`[sh, -c, script]` without shell: true is a script too', async () => {
    const run = `      command: [sh, -c, "echo \${{ input.text }}"]`;
    const r = await amas(['validate'], project({ 'agents.d/shell.yaml': shellAgent(run) }));
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('agents.d/shell.yaml:6:31: error AMAS701');
  });

  it('over MCP: a submitted agent gets AMAS701, and a dynamic workflow passes its parameter to the safe agent literally', async () => {
    const dir = project({ 'agents.d/shell.yaml': shellAgent(SAFE), 'lib/x.mjs': 'export const f = () => 1;\n' });
    const mcp = await connect(dir);
    try {
      const checked = data<{ ok: boolean; diagnostics: { code: string }[] }>(await call(mcp.client, 'validate_spec', { kind: 'agent', spec: shellAgent(UNSAFE) }));
      expect(checked.ok).toBe(false);
      expect(checked.diagnostics.map((d) => d.code)).toEqual(['AMAS701']);
      // a module inside the project stays valid in MCP's scratch copy (its files are links back)
      const mod = `id: mod\ncapabilities:\n  f:\n    run: { module: ./lib/x.mjs#f }\n`;
      expect(data<{ ok: boolean; text: string }>(await call(mcp.client, 'validate_spec', { kind: 'agent', spec: mod })).ok).toBe(true);

      const wf = { id: 'dyn', inputs: { x: { type: 'string' } }, steps: [{ id: 'say', task: 'say', with: { text: '${{ inputs.x }}' } }], outputs: { said: '${{ steps.say.output }}' } };
      const r = data<{ valid: boolean; run: { status: string; outputs: { said: string } } }>(
        await call(mcp.client, 'create_dynamic_workflow', { workflow: wf, parameters: { x: ATTACK }, wait_seconds: 30 }),
      );
      expect(r.valid).toBe(true);
      expect(r.run.status).toBe('completed');
      expect(r.run.outputs.said).toBe(ATTACK);
      expect(fs.existsSync(path.join(dir, 'pwned'))).toBe(false);
    } finally {
      await mcp.close();
    }
  });
});

describe('finding 9: values in an http URL', () => {
  let srv: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    srv = await startServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ url: req.url }));
    });
  });
  afterAll(() => srv.close());

  function httpProject(extra: string): string {
    const agent = `id: api
capabilities:
  get:
    input: { type: object, required: [id], properties: { id: { type: string }, q: { type: string } } }
    run:
      http:
        url: "\${{ env.API_BASE }}/v1/items/\${{ input.id }}?q=\${{ input.q }}&lang=en#\${{ input.id }}"
        headers: { Authorization: "Bearer \${{ secrets.API_TOKEN }}" }
${extra}`;
    const wf = `id: fetch
inputs:
  id: { type: string }
  q: { type: string, default: "" }
steps:
  - { id: get, task: get, with: { id: "\${{ inputs.id }}", q: "\${{ inputs.q }}" } }
outputs:
  seen: \${{ steps.get.output.url }}
`;
    return project({ 'agents.d/api.yaml': agent, 'workflows.d/fetch.yaml': wf });
  }

  async function fetchRun(dir: string, id: string, q: string): Promise<{ ran: Ran; path: string; auth: string | undefined }> {
    const before = srv.requests.length;
    const ran = await amas(['run', 'fetch', '--input', `id=${id}`, '--input', `q=${q}`], dir, { API_BASE: srv.url, API_TOKEN: 'tok-0123456789' });
    const req = srv.requests[before];
    return { ran, path: req?.url ?? '', auth: req?.headers.authorization };
  }

  it('`../../x?y=1#f` arrives as one encoded path segment, and a query value cannot add parameters', async () => {
    const { ran, path: seen, auth } = await fetchRun(httpProject(''), '../../x?y=1#f', 'a&admin=1');
    expect(ran.status, ran.stderr).toBe(0);
    expect(seen).toBe('/v1/items/..%2F..%2Fx%3Fy%3D1%23f?q=a%26admin%3D1&lang=en');
    expect(auth).toBe('Bearer tok-0123456789');
  });

  it('a value that is a whole `..` segment is refused, not sent to the parent path', async () => {
    const before = srv.requests.length;
    const { ran } = await fetchRun(httpProject(''), '..', 'x');
    expect(ran.status).toBe(1);
    expect(ran.stderr).toContain('would climb the URL path');
    expect(srv.requests.length).toBe(before);
  });

  it('url_raw: true passes the values as written (the explicit opt-out)', async () => {
    const { ran, path: seen } = await fetchRun(httpProject('        url_raw: true\n'), '../../x?y=1#f', 'a&admin=1');
    expect(ran.status, ran.stderr).toBe(0);
    expect(seen).toBe('/x?y=1');
  });
});

describe('finding 14: module files and cwd stay inside the project', () => {
  it('validate reports a module reached through a symlink out of the project (AMAS316) and a cwd outside it (AMAS317)', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'amas-outside-'));
    fs.writeFileSync(path.join(outside, 'x.mjs'), 'export const f = () => 1;\n');
    const dir = project({
      'agents.d/mod.yaml': 'id: mod\ncapabilities:\n  f:\n    run: { module: ./link-to-elsewhere/x.mjs#f }\n',
      'agents.d/ls.yaml': 'id: ls\ncapabilities:\n  l:\n    run: { command: { argv: [ls], cwd: /etc } }\n',
    });
    fs.symlinkSync(outside, path.join(dir, 'link-to-elsewhere'));
    const r = await amas(['validate'], dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('agents.d/mod.yaml:4:20: error AMAS316: module file `./link-to-elsewhere/x.mjs` is outside the project directory');
    expect(r.stdout).toContain('agents.d/ls.yaml:4:40: error AMAS317: working directory `/etc` is outside the project directory');
  });

  it('a cwd rendered from an input (`../..`) is refused when the step runs', async () => {
    const agent = `id: where
capabilities:
  pwd:
    input: { type: object, required: [dir], properties: { dir: { type: string } } }
    run:
      command: { argv: [pwd], cwd: "\${{ input.dir }}", parse: text }
`;
    const wf = `id: where\ninputs:\n  dir: { type: string }\nsteps:\n  - { id: pwd, task: pwd, with: { dir: "\${{ inputs.dir }}" } }\noutputs:\n  cwd: \${{ steps.pwd.output }}\n`;
    const dir = project({ 'agents.d/where.yaml': agent, 'workflows.d/where.yaml': wf });
    fs.mkdirSync(path.join(dir, 'data'));
    const inside = await amas(['run', 'where', '--input', 'dir=data', '--json'], dir);
    expect(inside.status, inside.stderr).toBe(0);
    expect((JSON.parse(inside.stdout) as { outputs: { cwd: string } }).outputs.cwd).toBe(fs.realpathSync(path.join(dir, 'data')));
    const escaped = await amas(['run', 'where', '--input', 'dir=../..'], dir);
    expect(escaped.status).toBe(1);
    expect(escaped.stderr).toContain('is outside the project directory');
  });
});
