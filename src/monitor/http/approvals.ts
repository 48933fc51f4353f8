// The approval routes of the HTTP API: answer a step (or, with `call`, a tool call of its agent loop)
// waiting for approval, list the waiting ones.
// Bodies are checked by schema before anything runs; refusals come back as the engine words them
// (400 bad input, 404 no such run/step or not waiting, 409 already answered).
import type { FastifyInstance } from 'fastify';

export interface ApprovalAnswerBody {
  approved: boolean;
  input?: Record<string, unknown>;
  comment?: string;
  /** The tool call answered, when the step's agent loop waits on several. */
  call?: string;
}

export interface ApprovalBackend {
  /** Takes the answer (durably, once) and returns the approval as answered. */
  answerApproval(runId: string, stepId: string, body: ApprovalAnswerBody, by: string): Promise<unknown>;
  /** Unanswered approvals of unfinished runs, oldest first. */
  pendingApprovals(): Promise<unknown[]>;
}

const ID = '^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$';

export function approvalRoutes(app: FastifyInstance, backend: ApprovalBackend): void {
  app.post<{ Params: { id: string; step: string }; Body: ApprovalAnswerBody }>(
    '/api/runs/:id/steps/:step/approval',
    {
      schema: {
        params: { type: 'object', properties: { id: { type: 'string', pattern: ID }, step: { type: 'string', pattern: ID } } },
        body: {
          type: 'object',
          required: ['approved'],
          additionalProperties: false,
          properties: {
            approved: { type: 'boolean' },
            input: { type: 'object' },
            comment: { type: 'string', maxLength: 10_000 },
            call: { type: 'string', pattern: '^[0-9][0-9./]{0,199}$' },
          },
        },
      },
    },
    async (req) => ({ approval: await backend.answerApproval(req.params.id, req.params.step, req.body, 'http') }),
  );

  app.get('/api/approvals', async () => ({ approvals: await backend.pendingApprovals() }));
}
