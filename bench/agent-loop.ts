// CPU per model turn of amas's agent loop (llm with tools) — journal included, file-backed store —
// beside the floor: a hand-written fetch loop making the same HTTP calls in the same process.
// The model is a scripted OpenAI-compatible server with zero latency, in this same process (its
// CPU is in both figures alike). Each loop makes TURNS tool turns (one call to a `template`
// capability routed through the engine) and one answer turn. Run: npm run bench:agent-loop
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openProject } from '../src/runtime/index.ts';

interface Body {
  messages: { role: string; content: string | null; tool_calls?: unknown[] }[];
}

let turnsPerLoop = 5;

function answer(body: Body): unknown {
  const done = body.messages.filter((m) => m.role === 'assistant').length;
  const message =
    done < turnsPerLoop
      ? { role: 'assistant', content: null, tool_calls: [{ id: `call_${done}`, type: 'function', function: { name: 'noop', arguments: JSON.stringify({ n: done }) } }] }
      : { role: 'assistant', content: JSON.stringify({ answer: 'done' }) };
  return { choices: [{ message, finish_reason: done < turnsPerLoop ? 'tool_calls' : 'stop' }], usage: { prompt_tokens: 10, completion_tokens: 5 } };
}

async function startModel(): Promise<{ url: string; close(): void }> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const out = JSON.stringify(answer(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Body));
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out) });
      res.end(out);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

function project(url: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'amas-bench-loop-'));
  mkdirSync(join(dir, 'agents.d'));
  mkdirSync(join(dir, 'workflows.d'));
  writeFileSync(join(dir, 'amas.yaml'), `apiVersion: amas/v1\nproviders:\n  default: { base_url: "${url}/v1", model: bench }\n`);
  writeFileSync(
    join(dir, 'agents.d', 'agents.yaml'),
    `id: planner
concurrency: 1000
capabilities:
  plan:
    output: { type: object, required: [answer], properties: { answer: { type: string } } }
    run:
      llm:
        prompt: plan
        max_turns: 50
        tools: [{ capability: noop }]
`,
  );
  writeFileSync(join(dir, 'agents.d', 'tools.yaml'), 'id: tools\nconcurrency: 1000\ncapabilities:\n  noop:\n    input: { type: object, properties: { n: { type: integer } } }\n    run: { template: { ok: true, n: "${{ input.n }}" } }\n');
  writeFileSync(join(dir, 'workflows.d', 'loop.yaml'), 'id: loop\nsteps:\n  - { id: plan, task: plan }\n');
  return dir;
}

/** The floor: the same conversation with fetch and JSON, nothing else. */
async function fetchLoop(url: string): Promise<void> {
  const messages: unknown[] = [{ role: 'user', content: 'plan' }];
  const tools = [{ type: 'function', function: { name: 'noop', description: 'noop', parameters: { type: 'object', properties: { n: { type: 'integer' } } } } }];
  for (;;) {
    const res = await fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'bench', messages, tools }) });
    const data = (await res.json()) as { choices: { message: { content: string | null; tool_calls?: { id: string; function: { arguments: string } }[] } }[] };
    const msg = data.choices[0]!.message;
    if (!msg.tool_calls?.length) return void JSON.parse(msg.content!);
    messages.push(msg);
    for (const c of msg.tool_calls) messages.push({ role: 'tool', tool_call_id: c.id, content: JSON.stringify({ ok: true, n: (JSON.parse(c.function.arguments) as { n: number }).n }) });
  }
}

interface Figures {
  cpuMsPerTurn: number;
  wallMs: number;
}

async function measure(loops: number, fn: () => Promise<void>): Promise<Figures> {
  const turns = loops * (turnsPerLoop + 1);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: loops }, fn));
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { cpuMsPerTurn: (c.user + c.system) / 1000 / turns, wallMs };
}

const model = await startModel();
const dir = project(model.url);
const p = await openProject(dir);
const runLoop = async () => {
  const r = await p.run('loop');
  if (r.status !== 'completed') throw new Error(`run ${r.id} ${r.status}: ${r.error ?? ''}`);
};
try {
  // Warm up both paths (JIT, connection pools, the store's statements).
  for (let i = 0; i < 20; i++) await runLoop();
  for (let i = 0; i < 20; i++) await fetchLoop(model.url);
  console.log('agent loop vs a hand-written fetch loop (same process, zero-latency scripted model, file-backed store)');
  for (const turns of [5, 20]) {
    turnsPerLoop = turns;
    for (const loops of [1, 100]) {
      const reps = loops === 1 ? 20 : 2;
      let amas = { cpuMsPerTurn: 0, wallMs: 0 };
      let floor = { cpuMsPerTurn: 0, wallMs: 0 };
      for (let r = 0; r < reps; r++) {
        const a = await measure(loops, runLoop);
        const f = await measure(loops, () => fetchLoop(model.url));
        amas = { cpuMsPerTurn: amas.cpuMsPerTurn + a.cpuMsPerTurn / reps, wallMs: amas.wallMs + a.wallMs / reps };
        floor = { cpuMsPerTurn: floor.cpuMsPerTurn + f.cpuMsPerTurn / reps, wallMs: floor.wallMs + f.wallMs / reps };
      }
      console.log(
        `${String(loops).padStart(3)} loop(s) × ${String(turns).padStart(2)} tool turns: amas ${amas.cpuMsPerTurn.toFixed(3)} ms CPU/turn, ${amas.wallMs.toFixed(0)} ms wall` +
          ` | floor ${floor.cpuMsPerTurn.toFixed(3)} ms CPU/turn, ${floor.wallMs.toFixed(0)} ms wall | ratio ${(amas.cpuMsPerTurn / floor.cpuMsPerTurn).toFixed(2)}×`,
      );
    }
  }
  console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (the whole process: amas, the floor and the model server)`);
} finally {
  await p.close();
  model.close();
  rmSync(dir, { recursive: true, force: true });
}
