// What `amas runs approve|reject|approvals` need: through a running `amas up` (its control
// socket) when there is one, else on the store directly — then the run continues in this
// process to its next wait or its end, the way `amas runs retry` settles an in_doubt step offline.
import { resolve } from 'node:path';
import { AmasError, type Logger } from '../core/index.ts';
import type { ApprovalDecision, RunResult } from '../engine/index.ts';
import type { RuntimeEvent } from './event-stream.ts';
import { loadProject } from '../spec/index.ts';
import { approvalView } from './approval-control.ts';
import type { ControlClient } from './control/index.ts';
import { openProject } from './project.ts';
import { openProjectStore, projectStoreLocation } from './project-store.ts';
import { approvalRecord } from './store-approvals.ts';

export type ApprovalView = ReturnType<typeof approvalView>;

export interface ApprovalsClient {
  /** Where the answer went: `amas up` continues the run itself; offline, `result` is where the run stopped next. */
  /** `call`: the tool call answered, when the step's agent loop waits on several (see Engine.answer). */
  /** `driver`: on a PostgreSQL store, the answer was stored and the live process driving the run continues it. */
  answer(runId: string, stepId: string, decision: ApprovalDecision, onEvent?: (e: RuntimeEvent) => void, call?: string): Promise<{ approval: ApprovalView; via: 'amas up' | 'store' | 'driver'; result?: RunResult }>;
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
        // On a shared store a live process may drive the run (another machine's amas up): the
        // answer is only stored, and that process notices it and continues the run.
        if (project.driver && (await project.driver.drivenElsewhere(runId))) {
          const taken = await project.engine.takeAnswer(runId, stepId, d, call);
          return project.redactor.redactDeep({ approval: approvalView(taken), via: 'driver' as const });
        }
        await project.driver?.claim(runId);
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
      const env = { ...process.env };
      const { model } = await loadProject(root, { env });
      const where = projectStoreLocation(root, model, env, { store: opts.store });
      if (where.kind === 'embedded' && where.path === ':memory:') throw new AmasError('AMAS_NO_STORE', 'approvals live in a store file; this project uses :memory:', { exitCode: 2 });
      const store = await openProjectStore(root, model, env, { store: opts.store, readOnly: true });
      try {
        return (await store.approvals.pending()).map((r) => approvalView(approvalRecord(r)));
      } finally {
        await store.close();
      }
    },
    close: async () => undefined,
  };
}
