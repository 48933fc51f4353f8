import { EVENT_TYPES, PRIORITIES, type EventType, type Priority } from '../bus/index.ts';
import { AmasError } from '../core/index.ts';
import type { KnowledgeInput, RetrieveQuery, SearchQuery } from '../store/index.ts';
import { InvalidParamsError, obj, optNum, optStr, str, type ControlHandler } from './control/index.ts';
import { mcpControlHandlers } from './mcp-control.ts';
import { approvalControlHandlers } from './approval-control.ts';
import { streamHandlers } from './control-stream.ts';
import { StoreJournal } from './store-journal.ts';
import { runDetail, runSummary } from './runs-client.ts';
import type { Runtime } from './runtime.ts';
import type { RunStatus } from '../engine/index.ts';

/**
 * The control API of a running `amas up`: what `amas run|runs|status|emit|events|schedule|
 * knowledge` and `amas mcp` call instead of opening the store (which the runtime owns).
 */
export function controlHandlers(rt: Runtime): Record<string, ControlHandler> {
  const store = rt.project.store;
  let journalP: Promise<StoreJournal> | undefined;
  const journal = () => (journalP ??= StoreJournal.open(store));
  return {
    status: () => rt.snapshotNow(),
    // `amas health`: the monitor's report (what GET /health and container health checks read).
    health: () => {
      const m = rt.monitoring?.monitor;
      if (!m) throw new AmasError('AMAS_MONITOR_OFF', 'monitoring is off in this runtime', { exitCode: 1 });
      return m.health();
    },

    'run.wait': async (raw) => {
      const runId = str(obj(raw), 'runId');
      return (await rt.waitFor(runId)) ?? null;
    },
    'runs.list': (raw) => {
      const p = obj(raw);
      const q: { workflowId?: string; status?: string; limit?: number } = {};
      const wf = optStr(p, 'workflow');
      const status = optStr(p, 'status');
      const limit = optNum(p, 'limit');
      if (wf) q.workflowId = wf;
      if (status) q.status = status;
      if (limit) q.limit = limit;
      return store.runs.list(q);
    },
    'runs.show': async (raw) => {
      const runId = str(obj(raw), 'runId');
      const run = await store.runs.get(runId);
      if (!run) throw new AmasError('AMAS_RUN_UNKNOWN', `no run "${runId}"`, { exitCode: 2 });
      const [steps, children] = await Promise.all([store.runs.steps(runId), store.runs.children(runId)]);
      return { run, steps, children };
    },
    'runs.summaries': async (raw) => {
      const p = obj(raw);
      const j = await journal();
      const q: { status?: RunStatus[]; workflow?: string; limit?: number } = { limit: optNum(p, 'limit') ?? 20 };
      const wf = optStr(p, 'workflow');
      if (wf) q.workflow = wf;
      if (Array.isArray(p.status)) q.status = p.status as RunStatus[];
      return (await j.listRuns(q)).map(runSummary);
    },
    'runs.detail': async (raw) => runDetail(await journal(), str(obj(raw), 'runId')),
    'runs.cancel': async (raw) => {
      const runId = str(obj(raw), 'runId');
      if (!(await rt.cancelRun(runId))) throw new AmasError('AMAS_RUN_UNKNOWN', `run "${runId}" is not active`, { exitCode: 1 });
      return { cancelled: runId };
    },
    'runs.decide': async (raw) => {
      const p = obj(raw);
      const action = str(p, 'action');
      if (action !== 'retry' && action !== 'skip') throw new InvalidParamsError('action must be retry or skip');
      await rt.decide(str(p, 'runId'), str(p, 'stepId'), action);
      return { ok: true };
    },

    emit: (raw) => {
      const p = obj(raw);
      const type = str(p, 'type');
      if (!(EVENT_TYPES as readonly string[]).includes(type)) throw new InvalidParamsError(`unknown event type ${type}; one of ${EVENT_TYPES.join(', ')}`);
      const priority = optStr(p, 'priority') ?? 'normal';
      if (!(PRIORITIES as readonly string[]).includes(priority)) throw new InvalidParamsError(`priority must be one of ${PRIORITIES.join(', ')}`);
      const target = optStr(p, 'target');
      const id = rt.publish({ type: type as EventType, priority: priority as Priority, source: optStr(p, 'source') ?? 'cli', data: p.data ?? {}, ...(target ? { target } : {}) });
      return { id };
    },
    'events.list': (raw) => {
      const p = obj(raw);
      const type = optStr(p, 'type');
      const limit = optNum(p, 'limit');
      return rt.project.bus.history({ ...(type ? { type: type as EventType } : {}), ...(limit ? { limit } : {}) });
    },
    'events.deadLetters': () => rt.project.bus.deadLetters(),
    'events.subscribe': (raw, client) => {
      const type = optStr(obj(raw), 'type');
      const off = rt.project.bus.subscribeAll(
        (e) => {
          if (!type || e.type === type) client.notify('event', e);
        },
        { includeTargeted: true },
      );
      client.onClose(off);
      return { subscribed: true };
    },

    'schedule.list': () => rt.schedule(),
    'schedule.pause': async (raw) => {
      await rt.pause(str(obj(raw), 'workflow'));
      return rt.schedule();
    },
    'schedule.resume': async (raw) => {
      await rt.resume(str(obj(raw), 'workflow'));
      return rt.schedule();
    },

    'knowledge.put': (raw) => store.knowledge.store(obj(raw) as unknown as KnowledgeInput),
    'knowledge.get': async (raw) => (await store.knowledge.get(str(obj(raw), 'id'))) ?? null,
    'knowledge.list': (raw) => store.knowledge.retrieve(obj(raw) as RetrieveQuery),
    'knowledge.search': (raw) => {
      const p = obj(raw);
      return store.knowledge.search(str(p, 'query'), p as SearchQuery);
    },
    'knowledge.prune': async () => ({ pruned: await store.knowledge.prune() }),
    'knowledge.delete': async (raw) => {
      const p = obj(raw);
      const ids = p.ids === undefined ? undefined : Array.isArray(p.ids) && p.ids.every((x) => typeof x === 'string') ? (p.ids as string[]) : undefined;
      if (p.ids !== undefined && ids === undefined) throw new InvalidParamsError('ids must be a list of strings');
      const category = optStr(p, 'category');
      const olderThanMs = optNum(p, 'olderThanMs');
      const q = { ...(ids ? { ids } : {}), ...(category ? { category } : {}), ...(olderThanMs === undefined ? {} : { before: rt.clock.now() - olderThanMs }) };
      return { deleted: await store.knowledge.remove(q) };
    },

    // What `amas mcp` needs beyond the above (mcp.catalog, mcp.execute, mcp.dynamic, …).
    ...mcpControlHandlers(rt),
    // amas runs approve|reject|approvals
    ...approvalControlHandlers(rt),
    // The event stream: `events.stream` and `run.start` (with `follow`, the run's events as it runs).
    ...streamHandlers(rt),
  };
}
