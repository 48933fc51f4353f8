import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// A credential read from the environment (`api_key: ${{ env.PROVIDER_KEY }}`, an MCP server's
// `env:` reading a secret) is masked by the project's redactor although it is not in the secrets
// scope. A `command` step's child must inherit none of those values — neither the variable that
// holds one nor a variable that merely contains one (a proxy URL with the key in it) — unless the
// capability maps it in its own `env:`. The child writes its whole environment to a file: its
// stdout would be masked on the way out and could not show a leak.

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/amas');
const PROVIDER_KEY = 'sk-provider-7f3e1c9a55';
const MCP_TOKEN = 'mcp-token-0c4b2d8e71';

const PROBE = `import { writeFileSync } from 'node:fs';
writeFileSync(process.env.PROBE_FILE, JSON.stringify(process.env));
process.stdout.write(JSON.stringify({ inherited: process.env.PROVIDER_KEY ?? null, mapped: (process.env.MAPPED_KEY ?? '').length }));
`;

let dir = '';
let probeFile = '';

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amas-cmdenv-'));
  probeFile = path.join(dir, 'probe-env.json');
  const w = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };
  w(
    'amas.yaml',
    `name: cmdenv
providers:
  default:
    base_url: http://127.0.0.1:9/v1
    api_key: \${{ env.PROVIDER_KEY }}
    model: m
mcp_servers:
  files:
    command: [node, server.mjs]
    env: { TOKEN: '\${{ secrets.MCP_TOKEN }}' }
`,
  );
  w('.env', `MCP_TOKEN=${MCP_TOKEN}\n`);
  w('probe.mjs', PROBE);
  w(
    'agents.d/worker.yaml',
    `id: worker
capabilities:
  probe:
    run:
      command:
        argv: [node, probe.mjs]
  mapped:
    run:
      command:
        argv: [node, probe.mjs]
        env: { MAPPED_KEY: '\${{ env.PROVIDER_KEY }}' }
`,
  );
  w('workflows.d/probe.yaml', 'id: probe\nsteps:\n  - id: p\n    task: probe\noutputs:\n  out: ${{ steps.p.output }}\n');
  w('workflows.d/mapped.yaml', 'id: mapped\nsteps:\n  - id: p\n    task: mapped\noutputs:\n  out: ${{ steps.p.output }}\n');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('AMAS_')) env[k] = v;
  return {
    ...env,
    PROVIDER_KEY,
    // Holds the key inside a longer value: the redactor masks it, so the child must not see it.
    HTTPS_PROXY_URL: `https://user:${PROVIDER_KEY}@proxy.invalid:3128`,
    // The MCP server's token also sits in amas's environment under another name.
    LEGACY_MCP_TOKEN: MCP_TOKEN,
    PLAIN_SETTING: 'ordinary-value',
    PROBE_FILE: probeFile,
  };
}

function amas(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: baseEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('a command child inherits no credential the redactor masks', () => {
  it('a provider key read as ${{ env.X }}, a value containing it, and an MCP credential are absent; ordinary variables pass', async () => {
    const r = await amas(['run', 'probe', dir, '--json']);
    expect(r.code).toBe(0);
    const childEnv = JSON.parse(fs.readFileSync(probeFile, 'utf8')) as Record<string, string>;
    expect(childEnv.PROVIDER_KEY).toBeUndefined();
    expect(childEnv.HTTPS_PROXY_URL).toBeUndefined();
    expect(childEnv.LEGACY_MCP_TOKEN).toBeUndefined();
    const all = JSON.stringify(childEnv);
    expect(all).not.toContain(PROVIDER_KEY);
    expect(all).not.toContain(MCP_TOKEN);
    expect(childEnv.PLAIN_SETTING).toBe('ordinary-value');
    expect(childEnv.PATH).toBe(process.env.PATH);
    const out = JSON.parse(r.stdout) as { status: string; outputs: { out: { inherited: unknown } } };
    expect(out.status).toBe('completed');
    expect(out.outputs.out.inherited).toBeNull();
  });

  it('the capability’s own env: still passes the credential explicitly', async () => {
    const r = await amas(['run', 'mapped', dir, '--json']);
    expect(r.code).toBe(0);
    const childEnv = JSON.parse(fs.readFileSync(probeFile, 'utf8')) as Record<string, string>;
    expect(childEnv.MAPPED_KEY).toBe(PROVIDER_KEY);
    expect(childEnv.PROVIDER_KEY).toBeUndefined();
    const out = JSON.parse(r.stdout) as { outputs: { out: { mapped: number } } };
    expect(out.outputs.out.mapped).toBe(PROVIDER_KEY.length);
  });
});
