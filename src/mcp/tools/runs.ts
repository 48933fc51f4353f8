import type { McpServer, RegisteredTool } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import * as z from 'zod';
import { agentTaskWorkflow } from '../agent-task.ts';
import type { McpBackend, RunView } from '../backend.ts';
import { fail, guard, ok } from '../result.ts';
import { anyJson, jsonObject, parameters, runView, specSource, validation, waitSeconds } from '../schemas.ts';

const RUNS = { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true } as const;

/** A run that ended badly is an error result (with the run as data); one still going is not. */
function runResult(run: RunView, waitedS: number, data: Record<string, unknown> = run as unknown as Record<string, unknown>): CallToolResult {
  if (!run.done) {
    return ok(data, `run ${run.run_id} of ${run.workflow} is still ${run.status} after ${waitedS}s; poll get_run with run_id "${run.run_id}".\n${JSON.stringify(data, null, 2)}`);
  }
  if (run.status === 'completed') return ok(data);
  const reasons = run.error ? [run.error] : [];
  for (const [id, s] of Object.entries(run.steps)) {
    // The run's error usually quotes its failed step already.
    if (s.error && !reasons.some((r) => r.includes(s.error!))) reasons.push(`step ${id} ${s.status}: ${s.error}`);
  }
  const why = reasons.join('; ');
  return fail(`run ${run.run_id} of workflow ${run.workflow} ended ${run.status}${why ? `: ${why}` : ''}`, data);
}

export interface RunTools {
  executeWorkflow: RegisteredTool;
  requestAgentTask: RegisteredTool;
}

export function registerRunTools(server: McpServer, backend: McpBackend): RunTools {
  const executeWorkflow = server.registerTool(
    'execute_workflow',
    {
      title: 'Execute workflow',
      description: 'Run a workflow declared in workflows.d/ with parameters.',
      inputSchema: z.object({ workflow_name: z.string().min(1).describe('The workflow id.'), parameters, wait_seconds: waitSeconds }),
      outputSchema: runView,
      annotations: RUNS,
    },
    (a) => guard(async () => runResult(await backend.startRun(a.workflow_name, a.parameters, { waitMs: a.wait_seconds * 1000 }), a.wait_seconds)),
  );

  server.registerTool(
    'create_dynamic_workflow',
    {
      title: 'Create and run a dynamic workflow',
      description:
        'Submit a whole workflow (the format of a workflows.d/ file: id, steps with task/agent/needs/with, outputs), validated with the same diagnostics as files, then run it.',
      inputSchema: z.object({ workflow: specSource, parameters, wait_seconds: waitSeconds }),
      outputSchema: z.object({ valid: z.boolean(), validation, run: runView.optional() }),
      annotations: RUNS,
    },
    (a) =>
      guard(async () => {
        const r = await backend.runDynamic(a.workflow, a.parameters, { waitMs: a.wait_seconds * 1000 });
        if (!r.ok) return fail(`the workflow is invalid (${r.validation.errors} error${r.validation.errors === 1 ? '' : 's'}); nothing ran\n${r.validation.text}`, { valid: false, validation: r.validation });
        return runResult(r.run, a.wait_seconds, { valid: true, validation: { ok: true, errors: 0, warnings: 0, diagnostics: [], text: '' }, run: r.run });
      }),
  );

  const requestAgentTask = server.registerTool(
    'request_agent_task',
    {
      title: 'Request an agent task',
      description: 'Have one agent run one capability with parameters.',
      inputSchema: z.object({
        agent_type: z.string().min(1).describe('An agent id, or a domain (any agent of it with the capability).'),
        task_type: z.string().min(1).describe('The capability to run.'),
        parameters: jsonObject('The task input.', 'one field of the task input').default({}),
        wait_seconds: waitSeconds,
      }),
      outputSchema: z.object({
        run_id: z.string(),
        status: z.string(),
        done: z.boolean(),
        agent: z.string().nullable(),
        output: anyJson('what the task returned (null until it completes)'),
        error: z.string().nullable(),
      }),
      annotations: RUNS,
    },
    (a) =>
      guard(async () => {
        const { agents } = await backend.catalog();
        const wf = agentTaskWorkflow(agents, a.agent_type, a.task_type, a.parameters);
        const r = await backend.runDynamic(wf, { params: a.parameters }, { waitMs: a.wait_seconds * 1000 });
        if (!r.ok) return fail(`the task cannot run:\n${r.validation.text}`);
        const step = r.run.steps.task;
        const data = { run_id: r.run.run_id, status: r.run.status, done: r.run.done, agent: step?.agent ?? null, output: step?.output ?? null, error: step?.error ?? r.run.error };
        return runResult(r.run, a.wait_seconds, data);
      }),
  );

  server.registerTool(
    'get_run',
    {
      title: 'Get run',
      description: 'Status, step results and outputs of a run (live or finished).',
      inputSchema: z.object({ run_id: z.string().min(1).describe('The run id (run_…), as execute_workflow returned it.') }),
      outputSchema: runView,
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    (a) =>
      guard(async () => {
        const run = await backend.getRun(a.run_id);
        if (!run) return fail(`no run "${a.run_id}"`);
        return ok(run as unknown as Record<string, unknown>);
      }),
  );

  server.registerTool(
    'cancel_run',
    {
      title: 'Cancel run',
      description: 'Cancel an active run: running steps are aborted, pending ones never start.',
      inputSchema: z.object({ run_id: z.string().min(1).describe('The run id (run_…) to cancel.'), reason: z.string().default('cancelled through MCP').describe('Why; kept in the run record.') }),
      outputSchema: z.object({ cancelled: z.boolean(), run_id: z.string() }),
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    },
    (a) =>
      guard(async () => {
        if (await backend.cancelRun(a.run_id, a.reason)) return ok({ cancelled: true, run_id: a.run_id });
        const run = await backend.getRun(a.run_id);
        return fail(run ? `run "${a.run_id}" is not active (it ended ${run.status})` : `no run "${a.run_id}"`);
      }),
  );

  return { executeWorkflow, requestAgentTask };
}
