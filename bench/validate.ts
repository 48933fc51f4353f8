// Validation at scale: 1,000 agents + 1,000 workflows, checked in-process and through the CLI.
// Run: npm run build && npx tsx bench/validate.ts [agents] [workflows]
// Targets (2 cores): ≤ 1.5 s and ≤ 300 MB for all 2,000 files; `amas --version` ≤ 150 ms.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const AGENTS = Number(process.argv[2] ?? 1000);
const WORKFLOWS = Number(process.argv[3] ?? 1000);
const root = resolve(import.meta.dirname, '..');

function agentYaml(i: number): string {
  // Every agent's schemas differ (field names carry the index), as in a real project.
  return `# yaml-language-server: $schema=../schemas/agent.schema.json
apiVersion: amas/v1
id: agent-${i}
domain: Bench
description: Generated agent ${i}
concurrency: 2
capabilities:
  summarize_${i}:
    description: Summarize a text
    input:
      type: object
      required: [text_${i}]
      properties:
        text_${i}: { type: string, minLength: 1 }
        max_words: { type: integer, minimum: 1, default: 100 }
    output:
      type: object
      required: [summary]
      properties:
        summary: { type: string }
    run:
      template:
        summary: "\${{ input.text_${i} }} (\${{ input.max_words }} words)"
    timeout: 30s
    retry: { attempts: 2, backoff: exponential, initial: 1s }
  count_${i}:
    description: Count things
    input:
      type: object
      properties:
        items_${i}: { type: array, items: { type: string } }
    run:
      command: { argv: [node, -e, "console.log(1)"], parse: json }
`;
}

function workflowYaml(i: number): string {
  const a = i % AGENTS;
  return `# yaml-language-server: $schema=../schemas/workflow.schema.json
apiVersion: amas/v1
id: flow-${i}
description: Generated workflow ${i}
inputs:
  text: { type: string, default: hello }
on:
  - cron: "${i % 60} * * * *"
    timezone: Europe/Berlin
  - manual: {}
concurrency: { max_runs: 1, overlap: skip }
steps:
  - id: first
    agent: agent-${a}
    task: summarize_${a}
    with:
      text_${a}: \${{ inputs.text }}
      max_words: 50
  - id: second
    task: count_${a}
    needs: [first]
    with:
      items_${a}: ["\${{ steps.first.output.summary }}"]
  - id: third
    task: summarize_${a}
    needs: [second]
    if: \${{ steps.second.status == 'succeeded' }}
    with:
      text_${a}: "done: \${{ steps.first.output.summary }}"
outputs:
  summary: \${{ steps.third.output.summary }}
`;
}

const dir = mkdtempSync(join(tmpdir(), 'amas-bench-validate-'));
try {
  mkdirSync(join(dir, 'agents.d'));
  mkdirSync(join(dir, 'workflows.d'));
  for (let i = 0; i < AGENTS; i++) writeFileSync(join(dir, 'agents.d', `agent-${i}.yaml`), agentYaml(i));
  for (let i = 0; i < WORKFLOWS; i++) writeFileSync(join(dir, 'workflows.d', `flow-${i}.yaml`), workflowYaml(i));
  const files = AGENTS + WORKFLOWS;
  console.log(`generated ${AGENTS} agents + ${WORKFLOWS} workflows in ${dir}`);

  // In-process: first load (cold: imports, schema compilation) and a second, warm one.
  const t0 = performance.now();
  const { loadProject } = await import('../src/spec/index.ts');
  const tImport = performance.now();
  const first = await loadProject(dir, { env: {} });
  const t1 = performance.now();
  const second = await loadProject(dir, { env: {} });
  const t2 = performance.now();
  if (!first.ok || !second.ok) {
    console.error(first.diagnostics.slice(0, 5));
    throw new Error('generated project did not validate');
  }
  console.log(`in-process cold: ${(t1 - t0).toFixed(0)} ms (import ${(tImport - t0).toFixed(0)} ms), ${((t1 - tImport) / files).toFixed(3)} ms/file`);
  console.log(`in-process warm: ${(t2 - t1).toFixed(0)} ms, ${((t2 - t1) / files).toFixed(3)} ms/file`);
  console.log(`in-process RSS after: ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB`);

  // Through the CLI: wall time, and the child's own peak RSS reported by a preloaded exit hook.
  const bin = join(root, 'bin', 'amas');
  const hook = `data:text/javascript,process.on('exit',()=>{const u=process.resourceUsage();process.stderr.write('maxrss='+u.maxRSS+' cpu='+(u.userCPUTime+u.systemCPUTime)+'\\n')})`;
  const c0 = performance.now();
  const res = spawnSync(process.execPath, ['--import', hook, bin, 'validate', dir, '--format', 'json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const c1 = performance.now();
  if (res.status !== 0) throw new Error(`CLI exit ${res.status}: ${res.stderr.slice(0, 500)}`);
  const m = /maxrss=(\d+) cpu=(\d+)/.exec(res.stderr);
  const peak = m ? `${(Number(m[1]) / 1024).toFixed(0)} MB` : 'n/a';
  const cpu = m ? `${(Number(m[2]) / 1000).toFixed(0)} ms` : 'n/a';
  console.log(`CLI validate: ${(c1 - c0).toFixed(0)} ms wall for ${files} files, ${((c1 - c0) / files).toFixed(3)} ms/file, CPU ${cpu} (all threads), peak RSS ${peak}`);
  console.log(`load average while measuring: ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${availableParallelism()} cores (wall times need an idle machine)`);

  const v: number[] = [];
  for (let k = 0; k < 5; k++) {
    const s = performance.now();
    spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
    v.push(performance.now() - s);
  }
  v.sort((a, b) => a - b);
  console.log(`amas --version: median ${v[2]!.toFixed(0)} ms (min ${v[0]!.toFixed(0)} ms)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
