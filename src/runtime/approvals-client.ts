// What `amas runs approve|reject|approvals` need: through a running `amas up` (its control
// socket) when there is one, else on the store directly — then the run continues in this
// process to its next wait or its end, the way `amas runs retry` settles an in_doubt step offline.
import { resolve } from 'node:path';
import { AmasError, type Logger } from '../core/index.ts';
import type { ApprovalDecision, RunResult } from '../engine/index.ts';
import type { RuntimeEvent } from './event-stream.ts';
import { loadProject } from '../spec/index.ts';
import { openBackend } from '../store/index.ts';
import { approvalView } from './approval-control.ts';
import type { ControlClient } from './control/index.ts';
import { openProject, resolveStorePath } from './project.ts';
import { approvalRecord } from './store-approvals.ts';

export type ApprovalView = ReturnType<typeof approvalView>;

export interface ApprovalsClient {
  /** Where the answer went: `amas up` continues the run itself; offline, `result` is where the run stopped next. */
  /** `call`: the tool call answered, when the step's agent loop waits on several (see Engine.answer). */
  answer(runId: string, stepId: string, decision: ApprovalDecision, onEvent?: (e: RuntimeEvent) => void, call?: string): Promise<{ approval: ApprovalView; via: 'amas up' | 'store'; result?: RunResult }>;
  pending(): Promise<ApprovalView[]>;
  close(): Promise<void>;
}

export function remoteApprovalsClient(client: ControlClient): ApprovalsClient {
  return {
    answer: async (runId, stepId, d, _onEvent, call) => ({ approval: await client.call<ApprovalView>('approvals.answer', { runId, stepId, ...d, ...(call === undefined ? {} : { call }) }), via: 'amas up' }),
    pending: () => client.call<ApprovalView[]>('approvals.pending', {}),
    close: async () => client.close(),
  };
}

export function directApprovalsClient(dir: string, opts: { store?: string; logger?: Logger } = {}): ApprovalsClient {
  const root = resolve(dir);
  return {
    answer: async (runId, stepId, d, onEvent, call) => {
      const project = await openProject(root, { ...(opts.store === undefined ? {} : { store: opts.store }), ...(opts.logger ? { logger: opts.logger } : {}) });
      try {
        if (onEvent) project.stream.subscribe(onEvent, { filter: { runId } });
        const { record, handle } = await project.engine.answer(runId, stepId, d, call);
        const result = await handle.result;
        // Printed: masked as values first, like at every exit.
        return project.redactor.redactDeep({ approval: approvalView(record), via: 'store' as const, result });
      } finally {
        await project.close();
      }
    },
    pending: async () => {
      const { model } = await loadProject(root);
      const p = resolveStorePath(root, model, opts.store);
      if (p === ':memory:') throw new AmasError('AMAS_NO_STORE', 'approvals live in a store file; this project uses :memory:', { exitCode: 2 });
      const store = await openBackend(p, { readOnly: true });
      try {
        return (await store.approvals.pending()).map((r) => approvalView(approvalRecord(r)));
      } finally {
        await store.close();
      }
    },
    close: async () => undefined,
  };
}
