// MCP tools for approvals: list the steps waiting for a person, approve or reject one. The
// answer is the MCP client's (`by` is its name) and goes the same way as from every other face.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';
import type { McpBackend } from '../backend.ts';
import { guard, ok } from '../result.ts';
import { anyJson, jsonObject } from '../schemas.ts';

const approvalView = z
  .object({
    runId: z.string(),
    workflow: z.string(),
    stepId: z.string(),
    callId: z.string().optional().describe('set when a tool call of an agent loop waits, not a step'),
    tool: z.string().optional().describe('the tool the agent called (tool calls only)'),
    args: anyJson("the call's arguments, masked (tool calls only)").optional(),
    prompt: z.string(),
    requestedAt: z.string(),
    deadline: z.string().nullable(),
    onTimeout: z.string().nullable(),
    input: anyJson('the JSON Schema of the form the approver fills (null: none)'),
    path: z.string(),
    answer: anyJson('the answer, once given: approved, by, at, comment, input').optional(),
  });

const target = {
  run_id: z.string().min(1).max(200).describe('The run id (run_…).'),
  step_id: z.string().min(1).max(200).describe('The id of the step waiting for approval.'),
  call: z
    .string()
    .regex(/^[0-9][0-9./]{0,199}$/)
    .optional()
    .describe("A tool call's id (callId in list_approvals): needed when several tool calls of the step wait."),
};

export function registerApprovalTools(server: McpServer, backend: McpBackend): void {
  const by = () => server.server.getClientVersion()?.name || 'mcp';

  server.registerTool(
    'list_approvals',
    {
      title: 'List approvals',
      description: 'Steps waiting for a person to approve or reject them, oldest first, with the prompt and the input form (a JSON Schema) if any.',
      inputSchema: z.object({}),
      outputSchema: z.object({ approvals: z.array(approvalView) }),
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    () => guard(async () => ok({ approvals: await backend.pendingApprovals() })),
  );

  server.registerTool(
    'approve_step',
    {
      title: 'Approve step',
      description: "Approve a step waiting for approval; its run continues. `input` fills the approval's form. An approval takes one answer.",
      inputSchema: z.object({
        ...target,
        input: jsonObject("Values of the approval's input form.", 'one field of the form').optional(),
        comment: z.string().max(10_000).optional().describe('Kept with the answer (the step output `comment`).'),
      }),
      outputSchema: z.object({ approval: approvalView }),
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    },
    (a) =>
      guard(async () =>
        ok({ approval: await backend.answerApproval(a.run_id, a.step_id, { approved: true, by: by(), ...(a.call === undefined ? {} : { call: a.call }), ...(a.comment === undefined ? {} : { comment: a.comment }), ...(a.input === undefined ? {} : { input: a.input }) }) }),
      ),
  );

  server.registerTool(
    'reject_step',
    {
      title: 'Reject step',
      description: 'Reject a step waiting for approval: its output says approved: false and the run continues (steps conditioned on the approval skip).',
      inputSchema: z.object({ ...target, reason: z.string().max(10_000).optional().describe('Why (the step output `comment`).') }),
      outputSchema: z.object({ approval: approvalView }),
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    },
    (a) => guard(async () => ok({ approval: await backend.answerApproval(a.run_id, a.step_id, { approved: false, by: by(), ...(a.call === undefined ? {} : { call: a.call }), ...(a.reason === undefined ? {} : { comment: a.reason }) }) })),
  );
}
