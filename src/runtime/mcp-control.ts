// Control methods `amas mcp` uses when `amas up` is running (merged into the control API by
// control-handlers.ts). Thin over the Runtime: runs go through its overlap gates, dynamic runs
// show in its snapshot, and every answer has the shape the local MCP backend gives.
import { AmasError, newId, type WorkflowSpec } from '../core/index.ts';
import { prepareInputs } from '../engine/index.ts';
import { checkWorkflow, validateSpecSource, type SpecKind } from '../mcp/index.ts';
import { InvalidParamsError, obj, record, str, type ControlHandler, type Params } from './control/index.ts';
import { catalogOf } from './mcp-backend-local.ts';
import { findRun, summaryOf, waitForRun } from './mcp-runs.ts';
import type { Runtime } from './runtime.ts';

function waitMs(p: Params): number {
  const v = p.waitMs ?? 0;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new InvalidParamsError('waitMs must be a number ≥ 0');
  return v;
}
function source(p: Params): string | object {
  const v = p.source;
  if (typeof v === 'string' || (typeof v === 'object' && v !== null && !Array.isArray(v))) return v;
  throw new InvalidParamsError('source must be YAML/JSON text or an object');
}

export function mcpControlHandlers(rt: Runtime): Record<string, ControlHandler> {
  const project = rt.project;
  return {
    'mcp.catalog': () => catalogOf(rt.model),

    'mcp.execute': async (raw) => {
      const p = obj(raw);
      const workflow = str(p, 'workflow');
      const outcome = rt.fire(workflow, { inputs: record(p, 'inputs'), trigger: 'manual' });
      if (outcome.kind === 'skipped') throw new AmasError('AMAS_RUN_SKIPPED', `not started: ${outcome.reason}`, { hint: 'the workflow’s concurrency policy refused a new run' });
      if (outcome.kind === 'queued') await outcome.durable; // the answer means journaled
      const result = outcome.kind === 'started' ? rt.waitFor(outcome.runId).then((r) => r ?? Promise.reject(new Error('run not tracked'))) : undefined;
      return waitForRun(project, outcome.runId, workflow, result, waitMs(p));
    },

    'mcp.dynamic': async (raw) => {
      const p = obj(raw);
      const { spec, report } = checkWorkflow(rt.model, source(p));
      if (!spec) return { ok: false, validation: report };
      const inputs = record(p, 'inputs');
      prepareInputs(spec, inputs);
      return { ok: true, run: await startDynamic(rt, spec, inputs, waitMs(p)) };
    },

    'mcp.run': async (raw) => (await findRun(project, str(obj(raw), 'runId'))) ?? null,

    'mcp.runs': async (raw) => {
      const limit = obj(raw).limit;
      await project.engine.flush();
      return project.store.runs.list({ limit: typeof limit === 'number' && limit > 0 ? limit : 50 }).map(summaryOf);
    },

    // Runs started by triggers are the Runtime's; dynamic ones only the engine's.
    'mcp.cancel': async (raw) => {
      const p = obj(raw);
      const runId = str(p, 'runId');
      const reason = typeof p.reason === 'string' ? p.reason : 'cancelled through MCP';
      return { cancelled: (await rt.cancelRun(runId, reason)) || project.engine.cancel(runId, reason) };
    },

    'mcp.validate': (raw) => {
      const p = obj(raw);
      const kind = str(p, 'kind');
      if (kind !== 'agent' && kind !== 'workflow' && kind !== 'project') throw new InvalidParamsError('kind must be agent, workflow or project');
      return validateSpecSource(rt.model, kind as SpecKind, source(p));
    },
  };
}

function startDynamic(rt: Runtime, spec: WorkflowSpec, inputs: Record<string, unknown>, wait: number) {
  const runId = newId('run_');
  rt.builder.runStarting(runId, spec, 'manual', rt.clock.now());
  const handle = rt.project.engine.start(spec, inputs, { runId });
  rt.changed();
  return waitForRun(rt.project, runId, spec.id, handle.result, wait);
}
