// A small project with approval steps, written by a factory: `review` drafts, waits for a
// person, then (only when approved) appends a line to published.log through a real process, so
// a test counts how often the downstream step ran. `timed-<mode>` waits 1h, then on_timeout.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function approvalProject(opts: { alertUrl?: string } = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amas-approval-'));
  const w = (f: string, s: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), s);
  };
  const alerts = opts.alertUrl ? `monitoring:\n  alerts:\n    - http:\n        url: "${opts.alertUrl}"\n` : '';
  w('amas.yaml', `apiVersion: amas/v1\nname: approvals\nstore: { path: .amas/amas.db }\nruntime: { shutdown_grace: 5s }\nhttp:\n  listen: 127.0.0.1:0\n${alerts}`);
  const log = JSON.stringify(path.join(dir, 'published.log'));
  w(
    'agents.d/worker.yaml',
    `apiVersion: amas/v1
id: worker
description: Drafts and publishes
concurrency: 4
capabilities:
  draft:
    description: Render a draft
    input: { type: object }
    output: { type: object, required: [title] }
    run:
      template: { title: "\${{ input.title }}" }
  publish:
    description: Append a line to published.log through a real process
    input: { type: object, required: [what], properties: { what: { type: string } } }
    output: { type: object }
    run:
      command:
        argv: [node, -e, "require('fs').appendFileSync(process.argv[1], process.argv[2] + '\\\\n'); console.log('{}')", ${log}, "\${{ input.what }}"]
        parse: json
`,
  );
  w(
    'workflows.d/review.yaml',
    `apiVersion: amas/v1
id: review
description: Draft, ask a person, publish when approved
inputs:
  title: { type: string, default: Hello }
steps:
  - id: draft
    task: draft
    with: { title: "\${{ inputs.title }}" }
  - id: review
    needs: [draft]
    approval:
      prompt: "Publish \${{ steps.draft.output.title }}?"
      input:
        type: object
        properties:
          channel: { type: string }
          count: { type: integer }
        additionalProperties: false
  - id: publish
    needs: [review]
    if: \${{ steps.review.output.approved }}
    task: publish
    with: { what: "\${{ steps.draft.output.title }} on \${{ steps.review.output.channel }} by \${{ steps.review.output.by }}" }
outputs:
  approved: \${{ steps.review.output.approved }}
`,
  );
  for (const mode of ['approve', 'reject', 'fail']) {
    w(
      `workflows.d/timed-${mode}.yaml`,
      `apiVersion: amas/v1
id: timed-${mode}
description: Waits an hour, then ${mode}s
steps:
  - id: review
    approval:
      prompt: "Go?"
      timeout: 1h
      on_timeout: ${mode}
  - id: publish
    needs: [review]
    if: \${{ steps.review.output.approved }}
    task: publish
    with: { what: "${mode}" }
`,
    );
  }
  return dir;
}

export function publishedLines(dir: string): string[] {
  const f = path.join(dir, 'published.log');
  return fs.existsSync(f) ? fs.readFileSync(f, 'utf8').split('\n').filter(Boolean) : [];
}
