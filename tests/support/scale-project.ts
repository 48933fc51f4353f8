// The project the scale-out test and bench run: a `chain` workflow of N http steps, each a POST to
// the counting server (tests/support/counting-server.ts) naming its run, step and the run's
// attempt, with the calling process in a header; and, optionally, a `tick` workflow fired by cron
// every second (misfire run-all, with a grace that covers a leader change).
import fs from 'node:fs';
import path from 'node:path';

export interface ScaleProjectOptions {
  /** The project's name: every `amas up` of one name competes for the same leader lock. */
  name: string;
  /** Base URL of the counting server. */
  counterUrl: string;
  /** Steps of `chain`, run one after another (s1 … sN). */
  steps: number;
  /** Adds `tick`, a cron workflow firing every second. */
  cron?: boolean;
}

/** Writes the project into `dir` (created if missing); returns `dir`. */
export function writeScaleProject(dir: string, opts: ScaleProjectOptions): string {
  fs.mkdirSync(path.join(dir, 'agents.d'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'workflows.d'), { recursive: true });
  // No store: the store comes from AMAS_STORE_URL (PostgreSQL) or is the embedded default.
  // Hundreds of runs at once: the default caps (one run of a workflow, 50 tasks, 100 API
  // requests a minute) are for a hand-driven project, not a load test.
  fs.writeFileSync(
    path.join(dir, 'amas.yaml'),
    `apiVersion: amas/v1
name: ${opts.name}
runtime:
  max_concurrent_tasks: 1000
http:
  rate_limit: 100000
`,
  );
  fs.writeFileSync(
    path.join(dir, 'agents.d/caller.yaml'),
    `apiVersion: amas/v1
id: caller
concurrency: 1000
capabilities:
  call_api:
    input: { type: object }
    output: { type: object }
    timeout: 30s
    run:
      http:
        method: POST
        url: ${opts.counterUrl}/call
        headers:
          x-e2e-proc: \${{ env.E2E_PROC }}
        body:
          run: \${{ run.id }}
          runAttempt: \${{ run.attempt }}
          step: \${{ input.step }}
  stamp:
    input: { type: object }
    output: { type: object }
    run:
      template:
        run: \${{ run.id }}
`,
  );
  const steps = Array.from({ length: opts.steps }, (_, i) => {
    const id = `s${i + 1}`;
    const needs = i === 0 ? '' : `\n    needs: [s${i}]`;
    return `  - id: ${id}
    task: call_api${needs}
    with: { step: ${id} }`;
  }).join('\n');
  fs.writeFileSync(
    path.join(dir, 'workflows.d/chain.yaml'),
    `apiVersion: amas/v1
id: chain
concurrency: { max_runs: 1000, overlap: allow }
steps:
${steps}
`,
  );
  if (opts.cron) {
    fs.writeFileSync(
      path.join(dir, 'workflows.d/tick.yaml'),
      `apiVersion: amas/v1
id: tick
on:
  - cron: "* * * * * *"
    misfire: run-all
    grace: 120s
concurrency: { max_runs: 1000, overlap: allow }
steps:
  - id: stamp
    task: stamp
`,
    );
  }
  return dir;
}
