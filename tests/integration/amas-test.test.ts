// `amas test` end to end through the real CLI: record against a real OpenAI-compatible server, a
// real HTTP server on 127.0.0.1 and a real MCP server process; stop them and replay offline; a
// changed prompt fails the replay with the drift named; cassettes hold no secret; a mocked
// capability never runs; the four report formats (JUnit validated against an XSD by xmllint) and
// the exit codes.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sendJson, startServer } from '../unit/executors/server.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin', 'amas');
const MCP_SERVER = join(ROOT, 'tests', 'fixtures', 'executors', 'mcp-server.mjs');
const XSD = join(ROOT, 'tests', 'fixtures', 'junit', 'junit.xsd');
const LLM_KEY = 'sk-live-llm-key-5f1e0c9a';
const STATS_TOKEN = 'stats-token-7d2b44e1';

interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI as a child process, asynchronously: the servers in this process must keep answering. */
function amas(args: string[], env: Record<string, string | undefined> = {}, cwd = ROOT): Promise<Ran> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', LLM_BASE_URL: undefined, LLM_API_KEY: undefined, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

let dir: string;
const llmPrompts: string[] = [];
const statsBodies: string[] = [];
let liveEnv: Record<string, string>;

function write(rel: string, text: string): void {
  mkdirSync(join(dir, rel, '..'), { recursive: true });
  writeFileSync(join(dir, rel), text);
}

const AGENT = (prompt: string) => `id: writer
capabilities:
  draft:
    input: { type: object, properties: { topic: { type: string } } }
    output: { type: object, required: [title], properties: { title: { type: string } } }
    run:
      llm: { prompt: "${prompt}" }
  stats:
    input: { type: object, properties: { topic: { type: string } } }
    run:
      http:
        method: POST
        url: \${{ env.STATS_URL }}/stats
        body: { topic: "\${{ input.topic }}", token: "\${{ secrets.STATS_TOKEN }}" }
  double:
    run:
      mcp: { server: tools, tool: json_text, arguments: { n: 21 } }
  nap:
    run:
      command: [node, -e, "setTimeout(() => console.log('{}'), 60000)"]
  notify:
    output: { type: object, required: [sent], properties: { sent: { type: boolean } } }
    run:
      command: [node, -e, "require('fs').writeFileSync('side-effect.txt', 'ran'); console.log(JSON.stringify({ sent: true }))"]
`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'amas-test-cli-'));
  write(
    'amas.yaml',
    `apiVersion: amas/v1
runtime: { default_timeout: 20s, retry: { attempts: 3, backoff: fixed, initial: 10ms } }
providers:
  default:
    base_url: \${{ env.LLM_BASE_URL }}
    api_key: \${{ secrets.LLM_API_KEY }}
    model: test-model
mcp_servers:
  tools: { command: [node, "\${{ env.MCP_SERVER }}"] }
`,
  );
  write('agents.d/writer.yaml', AGENT('Write a title about ${{ input.topic }}'));
  write(
    'workflows.d/publish.yaml',
    `id: publish
inputs:
  topic: { type: string }
steps:
  - { id: draft, task: draft, with: { topic: "\${{ inputs.topic }}" } }
  - { id: stats, task: stats, with: { topic: "\${{ inputs.topic }}" } }
  - { id: double, task: double }
  - { id: notify, task: notify, needs: [draft] }
outputs:
  title: \${{ steps.draft.output.title }}
  views: \${{ steps.stats.output.views }}
  doubled: \${{ steps.double.output.doubled }}
  sent: \${{ steps.notify.output.sent }}
`,
  );
  // Two identical model requests in a row (as an agent loop's turns or a retry make): replayed in recorded order.
  write(
    'workflows.d/twice.yaml',
    `id: twice
steps:
  - { id: one, task: draft, with: { topic: twins } }
  - { id: two, task: draft, needs: [one], with: { topic: twins } }
outputs:
  first: \${{ steps.one.output.title }}
  second: \${{ steps.two.output.title }}
`,
  );
  write(
    'tests.d/twice.yaml',
    `workflow: twice
env: { LLM_BASE_URL: "http://llm.invalid/v1", STATS_URL: "http://stats.invalid", MCP_SERVER: ./no-such-server.mjs }
expect:
  outputs: { first: "T: twins #1", second: "T: twins #2" }
`,
  );
  write(
    'tests.d/publish.yaml',
    `workflow: publish
inputs: { topic: otters }
env: { LLM_BASE_URL: "http://llm.invalid/v1", STATS_URL: "http://stats.invalid", MCP_SERVER: ./no-such-server.mjs }
mock:
  notify: { sent: true }
expect:
  status: completed
  outputs: { title: "T: otters", views: 42, doubled: 42, sent: true }
  steps: { draft: completed, notify: completed }
  assert:
    - "\${{ steps.stats.output.echoed_topic == inputs.topic }}"
`,
  );

  const llm = await startServer((req, res) => {
    const body = JSON.parse(req.body) as { messages: { content: string }[] };
    llmPrompts.push(body.messages.at(-1)!.content);
    const topic = /about (\w+)/.exec(body.messages.at(-1)!.content)?.[1] ?? '?';
    const title = topic === 'twins' ? `T: twins #${llmPrompts.filter((p) => p.endsWith('twins')).length}` : `T: ${topic}`;
    sendJson(res, 200, { choices: [{ message: { role: 'assistant', content: JSON.stringify({ title }) }, finish_reason: 'stop' }], usage: { prompt_tokens: 5, completion_tokens: 4 } });
  });
  const stats = await startServer((req, res) => {
    statsBodies.push(req.body);
    const body = JSON.parse(req.body) as { topic: string; token: string };
    // Echoes the token back: the cassette must still not contain it.
    sendJson(res, 200, { views: 42, echoed_topic: body.topic, echoed_token: body.token });
  });
  liveEnv = { LLM_BASE_URL: `${llm.url}/v1`, LLM_API_KEY: LLM_KEY, STATS_URL: stats.url, STATS_TOKEN, MCP_SERVER };
  const rec = await amas(['test', dir, '--record'], liveEnv);
  await llm.close();
  await stats.close();
  expect(rec.stderr).toBe('');
  expect(rec.status, rec.stdout).toBe(0);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cassettePath = () => join(dir, 'tests.d', 'cassettes', 'publish.json');

describe('record', () => {
  test('made every call for real and wrote one cassette with the llm, http and mcp calls', () => {
    expect(llmPrompts.filter((p) => p.endsWith('otters'))).toEqual(['Write a title about otters']);
    expect(JSON.parse(statsBodies[0]!)).toEqual({ topic: 'otters', token: STATS_TOKEN });
    const cassette = JSON.parse(readFileSync(cassettePath(), 'utf8')) as { version: number; test: string; calls: { kind: string; request: Record<string, unknown>; response: unknown }[] };
    expect(cassette.version).toBe(1);
    expect(cassette.test).toBe('publish');
    expect(cassette.calls.map((c) => c.kind).sort()).toEqual(['http', 'llm', 'mcp']);
    const mcp = cassette.calls.find((c) => c.kind === 'mcp')!;
    expect(mcp.request).toEqual({ server: 'tools', tool: 'json_text', arguments: { n: 21 } });
    const llm = cassette.calls.find((c) => c.kind === 'llm')!;
    expect(llm.request['url']).toBe('/v1/chat/completions');
    expect(Object.keys(llm.request['headers'] as object)).not.toContain('authorization');
  });

  test('the cassette holds no secret, neither sent nor echoed back', () => {
    const text = readFileSync(cassettePath(), 'utf8');
    expect(text).not.toContain(LLM_KEY);
    expect(text).not.toContain(STATS_TOKEN);
    expect(text).toContain('"token": "***"');
    expect(text).toContain('\\"echoed_token\\":\\"***\\"');
  });

  test('a mocked capability never ran, even live', () => {
    expect(existsSync(join(dir, 'side-effect.txt'))).toBe(false);
  });
});

describe('replay', () => {
  test('passes offline: both servers are gone, no key is set and the MCP server does not exist', async () => {
    const r = await amas(['test', dir]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/PASS {2}publish {2}\(tests\.d\/publish\.yaml, 3 calls/);
    // identical requests got their answers in recorded order (#1 then #2)
    expect(r.stdout).toMatch(/PASS {2}twice {2}\(tests\.d\/twice\.yaml, 2 calls/);
    expect(r.stdout).toContain('2 passed, 0 failed');
    expect(existsSync(join(dir, 'side-effect.txt'))).toBe(false);
  });

  test('a changed prompt fails with the closest recording and the field that drifted', async () => {
    write('agents.d/writer.yaml', AGENT('Write a catchy title about ${{ input.topic }}'));
    try {
      const r = await amas(['test', dir, '--filter', 'publish']);
      expect(r.status).toBe(1);
      expect(r.stdout).toContain('llm call of step `draft` (POST http://llm.invalid/v1/chat/completions) matches no recorded call; the closest is tests.d/cassettes/publish.json call #');
      expect(r.stdout).toContain('body.messages[0].content:');
      expect(r.stdout).toContain('- recorded: "Write a title about otters"');
      expect(r.stdout).toContain('+ now:      "Write a catchy title about otters"');
      expect(r.stdout).toContain('0 passed, 1 failed');
      // A replay miss is final: the step is not retried (the project allows 3 attempts).
      expect(r.stdout).toContain('step draft failed after 1 attempt: llm call of step `draft`');

      const gh = await amas(['test', dir, '--format', 'github', '--filter', 'publish']);
      expect(gh.status).toBe(1);
      expect(gh.stdout).toMatch(/^::error file=tests\.d\/publish\.yaml,line=1,col=1,title=amas test%3A publish::llm call of step `draft`/m);
    } finally {
      write('agents.d/writer.yaml', AGENT('Write a title about ${{ input.topic }}'));
    }
  });

  test('a request made more often than recorded (one more loop turn) says so', async () => {
    const wf = join(dir, 'workflows.d', 'twice.yaml');
    const original = readFileSync(wf, 'utf8');
    writeFileSync(wf, original.replace('outputs:', '  - { id: three, task: draft, needs: [two], with: { topic: twins } }\noutputs:'));
    try {
      const r = await amas(['test', dir, '--filter', 'twice']);
      expect(r.status).toBe(1);
      expect(r.stdout).toContain('llm call of step `three` (POST http://llm.invalid/v1/chat/completions) was made more often than recorded: each recording of it is used up');
    } finally {
      writeFileSync(wf, original);
    }
  });

  test('match.ignore lets a field drift', async () => {
    write('agents.d/writer.yaml', AGENT('Write a catchy title about ${{ input.topic }}'));
    const original = readFileSync(join(dir, 'tests.d', 'publish.yaml'), 'utf8');
    writeFileSync(join(dir, 'tests.d', 'publish.yaml'), `${original}match:\n  ignore: ["body.messages[*].content"]\n`);
    try {
      const r = await amas(['test', dir, '--filter', 'publish']);
      expect(r.status, r.stdout).toBe(0);
    } finally {
      writeFileSync(join(dir, 'tests.d', 'publish.yaml'), original);
      write('agents.d/writer.yaml', AGENT('Write a title about ${{ input.topic }}'));
    }
  });
});

describe('reports and exit codes', () => {
  const wrongTest = `workflow: publish
inputs: { topic: otters }
env: { LLM_BASE_URL: "http://llm.invalid/v1", STATS_URL: "http://stats.invalid", MCP_SERVER: ./no-such-server.mjs }
mock:
  notify: { sent: true }
expect:
  outputs:
    title: "T: beavers"
`;

  test('github annotations point at the line of the failing expectation', async () => {
    write('tests.d/wrong.yaml', wrongTest);
    write('tests.d/cassettes/wrong.json', readFileSync(cassettePath(), 'utf8').replace('"test": "publish"', '"test": "wrong"'));
    try {
      const r = await amas(['test', dir, '--format', 'github', '--filter', 'wrong']);
      expect(r.status).toBe(1);
      expect(r.stdout).toContain('::error file=tests.d/wrong.yaml,line=8,col=5,title=amas test%3A wrong::output `title` does not match%0Atitle: expected "T: beavers", got "T: otters"');
      expect(r.stdout).toContain('::notice title=amas test::0 passed, 1 failed');
    } finally {
      rmSync(join(dir, 'tests.d', 'wrong.yaml'));
      rmSync(join(dir, 'tests.d', 'cassettes', 'wrong.json'));
    }
  });

  test('junit validates against the JUnit XSD, with a failure carrying message and detail', async () => {
    write('tests.d/wrong.yaml', wrongTest);
    write('tests.d/cassettes/wrong.json', readFileSync(cassettePath(), 'utf8'));
    const out = join(dir, 'report.xml');
    try {
      const r = await amas(['test', dir, '--format', 'junit', '--output', out, '--jobs', '2']);
      expect(r.status).toBe(1);
      expect(r.stdout).toContain('2 passed, 1 failed');
      const xml = readFileSync(out, 'utf8');
      const lint = spawnSync('xmllint', ['--noout', '--schema', XSD, out], { encoding: 'utf8' });
      expect(lint.error, 'xmllint is needed (Debian libxml2-utils; .ci/run installs it)').toBeUndefined();
      expect(lint.status, lint.stderr).toBe(0);
      expect(xml).toMatch(/<testsuites name="amas test" tests="3" failures="1" errors="0"/);
      expect(xml).toMatch(/<testcase name="publish" classname="tests\.d\.publish" file="tests\.d\/publish\.yaml" time="[\d.]+"\/>/);
      expect(xml).toContain('<failure message="output `title` does not match" type="expectation">tests.d/wrong.yaml:8:5: output `title` does not match\ntitle: expected &quot;T: beavers&quot;, got &quot;T: otters&quot;</failure>');
      // The XSD is not a rubber stamp: a report without the required testcase attributes fails it.
      writeFileSync(out, xml.replace(/ classname="[^"]*"/g, ''));
      expect(spawnSync('xmllint', ['--noout', '--schema', XSD, out], { encoding: 'utf8' }).status).not.toBe(0);
    } finally {
      rmSync(join(dir, 'tests.d', 'wrong.yaml'));
      rmSync(join(dir, 'tests.d', 'cassettes', 'wrong.json'));
    }
  });

  test('without the mock the same capability does run (so the side-effect check can fail)', async () => {
    write('tests.d/unmocked.yaml', wrongTest.replace('mock:\n  notify: { sent: true }\n', '').replace('T: beavers', 'T: otters'));
    write('tests.d/cassettes/unmocked.json', readFileSync(cassettePath(), 'utf8'));
    try {
      const r = await amas(['test', dir, '--filter', 'unmocked']);
      expect(r.status, r.stdout).toBe(0);
      expect(readFileSync(join(dir, 'side-effect.txt'), 'utf8')).toBe('ran');
    } finally {
      rmSync(join(dir, 'tests.d', 'unmocked.yaml'));
      rmSync(join(dir, 'tests.d', 'cassettes', 'unmocked.json'));
      rmSync(join(dir, 'side-effect.txt'), { force: true });
    }
  });

  test('json has every test with its failures', async () => {
    const r = await amas(['test', dir, '--format', 'json', '--filter', 'pub*']);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as { mode: string; passed: number; failed: number; tests: { key: string; status: string; calls: number; failures: unknown[] }[] };
    expect(report).toMatchObject({ mode: 'replay', passed: 1, failed: 0 });
    expect(report.tests).toEqual([expect.objectContaining({ key: 'publish', status: 'passed', calls: 3, failures: [] })]);
  });

  test('exit 2 for bad usage and for an invalid test file, which validate reports too', async () => {
    expect((await amas(['test', dir, '--format', 'xml'])).status).toBe(2);
    expect((await amas(['test', dir, '--jobs', '0'])).status).toBe(2);
    expect((await amas(['test', dir, '--filter', 'nothing-like-this'])).status).toBe(2);
    write('tests.d/broken.yaml', 'workflow: publsh\n');
    try {
      const r = await amas(['test', dir]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('tests.d/broken.yaml:1:11: error AMAS350: no workflow `publsh`; did you mean `publish`?');
      const v = await amas(['validate', dir]);
      expect(v.status).toBe(1);
      expect(v.stdout).toContain('AMAS350');
    } finally {
      rmSync(join(dir, 'tests.d', 'broken.yaml'));
    }
  });
});

describe('bad input fails the test clearly', () => {
  test('a malformed cassette fails its test with the file named, and the run goes on to report', async () => {
    const good = readFileSync(cassettePath(), 'utf8');
    writeFileSync(cassettePath(), '{ "version": 1, "calls": [ { "kind": "smtp" } ] }');
    try {
      const r = await amas(['test', dir, '--filter', 'publish']);
      expect(r.status).toBe(1);
      expect(r.stdout).toContain('tests.d/publish.yaml:1:1: cassette tests.d/cassettes/publish.json: calls[0] needs a kind (llm, http or mcp) and a request object');
      writeFileSync(cassettePath(), 'not json');
      const r2 = await amas(['test', dir, '--filter', 'publish']);
      expect(r2.status).toBe(1);
      expect(r2.stdout).toContain('is not JSON');
      expect(r2.stderr).not.toMatch(/\n\s+at /); // no stack trace
    } finally {
      writeFileSync(cassettePath(), good);
    }
  });

  test('a test over its timeout fails and its run is cancelled', async () => {
    write('workflows.d/slow.yaml', 'id: slow\nsteps:\n  - { id: nap, task: nap }\n');
    write('tests.d/slow.yaml', 'workflow: slow\ntimeout: 1s\nenv: { LLM_BASE_URL: "http://llm.invalid/v1", STATS_URL: "http://stats.invalid", MCP_SERVER: ./x.mjs }\n');
    try {
      const r = await amas(['test', dir, '--filter', 'slow']);
      expect(r.status).toBe(1);
      expect(r.stdout).toContain('tests.d/slow.yaml:2:1: test timed out after 1s');
      expect(r.stdout).toContain('run ended cancelled, expected completed');
    } finally {
      rmSync(join(dir, 'tests.d', 'slow.yaml'));
      rmSync(join(dir, 'workflows.d', 'slow.yaml'));
    }
  });
});

