// What both MCP backends (and the control methods the remote one calls) share: one shape for a
// run whether it is live or read back from the store, and a bounded wait for a run to end.
import { errorMessage } from '../core/index.ts';
import type { RunResult, StepResult } from '../engine/index.ts';
import { FINAL_STATUSES, type Catalog, type RunStepView, type RunSummary, type RunView } from '../mcp/index.ts';
import type { RunRecord, StepRecord, StoreBackend } from '../store/index.ts';
import type { ProjectModel } from '../spec/index.ts';
import type { Project } from './project.ts';
import { runTranscripts } from './transcripts.ts';

/** The view with the run's agent-loop transcripts, when it has any. */
async function withTranscripts(store: StoreBackend, view: RunView): Promise<RunView> {
  const t = await runTranscripts(store, view.run_id);
  if (t) view.transcripts = t;
  return view;
}

function stepView(s: StepResult): RunStepView {
  const v: RunStepView = { status: s.status, attempt: s.attempt, agent: 'agent' in s ? (s.agent ?? null) : null, error: s.error?.message ?? null };
  if (s.status === 'completed') v.output = s.output;
  if (s.status === 'skipped') v.error = null;
  return v;
}

function viewOfResult(r: RunResult): RunView {
  return {
    run_id: r.id,
    workflow: r.workflow,
    status: r.status,
    done: FINAL_STATUSES.has(r.status),
    outputs: r.outputs ?? null,
    error: r.error ?? null,
    started_at: r.startedAt,
    ended_at: r.endedAt ?? null,
    steps: Object.fromEntries(Object.entries(r.steps).map(([id, s]) => [id, stepView(s)])),
    waiting: r.waiting,
  };
}

function errorOf(e: unknown): string | null {
  if (e === null || e === undefined) return null;
  if (typeof e === 'string') return e;
  if (typeof e === 'object' && typeof (e as { message?: unknown }).message === 'string') return (e as { message: string }).message;
  return JSON.stringify(e);
}

function viewOfRecord(r: RunRecord, steps: StepRecord[]): RunView {
  return {
    run_id: r.id,
    workflow: r.workflowId,
    status: r.status,
    done: FINAL_STATUSES.has(r.status),
    outputs: r.outputs ?? null,
    error: errorOf(r.error),
    started_at: r.startedAt ?? r.createdAt,
    ended_at: r.endedAt,
    steps: Object.fromEntries(
      steps.map((s) => {
        const v: RunStepView = { status: s.status, attempt: s.attempt, agent: s.agentId, error: s.status === 'skipped' ? null : errorOf(s.error) };
        if (s.status === 'completed') v.output = s.output;
        return [s.stepId, v];
      }),
    ),
    waiting: steps.filter((s) => s.status === 'in_doubt' || s.status === 'waiting').map((s) => s.stepId),
  };
}

export function summaryOf(r: RunRecord): RunSummary {
  return { run_id: r.id, workflow: r.workflowId, status: r.status, started_at: r.startedAt ?? r.createdAt, ended_at: r.endedAt };
}

/** A run by id: live in the engine, else as journaled (after flushing what is buffered). */
export async function findRun(project: Project, runId: string): Promise<RunView | undefined> {
  const live = project.engine.get(runId);
  await project.engine.flush();
  if (live) return withTranscripts(project.store, await withChildren(project.store, viewOfResult(live)));
  const stored = await readStoredRun(project.store, runId);
  return stored && withTranscripts(project.store, stored);
}

async function readStoredRun(store: StoreBackend, runId: string): Promise<RunView | undefined> {
  const rec = await store.runs.get(runId);
  return rec && withChildren(store, viewOfRecord(rec, await store.runs.steps(runId)));
}

/** Adds the run's child runs (its `workflow:` steps' sub-runs), when it has any. */
async function withChildren(store: StoreBackend, v: RunView): Promise<RunView> {
  const kids = await store.runs.children(v.run_id);
  if (kids.length > 0) v.children = kids.map((k) => ({ ...summaryOf(k), parent_step: k.parentStepId ?? '' }));
  return v;
}

/**
 * Waits up to `waitMs` for a run; past that, the run's current state (`done: false`). A run
 * whose promise rejects (a crash inside the engine) is reported from the journal.
 */
export async function waitForRun(project: Project, runId: string, workflow: string, result: Promise<RunResult> | undefined, waitMs: number): Promise<RunView> {
  if (result) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), waitMs);
    });
    try {
      const r = await Promise.race([result.catch((err: unknown) => ({ crashed: errorMessage(err) })), timeout]);
      if (r && 'id' in r) return withTranscripts(project.store, viewOfResult(r));
    } finally {
      clearTimeout(timer);
    }
  }
  const view = await findRun(project, runId);
  if (view) return view;
  // Not journaled yet (its first write rides along with the first step): it has only just started.
  return { run_id: runId, workflow, status: 'pending', done: false, outputs: null, error: null, started_at: null, ended_at: null, steps: {}, waiting: [] };
}

/** The project's specs as MCP resources (both backends). */
export function catalogOf(model: ProjectModel): Catalog {
  return {
    agents: [...model.agents.values()].map(({ spec, file }) => ({ id: spec.id, file, text: model.files.get(file) ?? '', spec })),
    workflows: [...model.workflows.values()].map(({ spec, file }) => ({ id: spec.id, file, text: model.files.get(file) ?? '', spec })),
  };
}
