// Control methods `amas mcp` uses when `amas up` is running (merged into the control API by
// control-handlers.ts). Thin over the Runtime: runs go through its overlap gates, dynamic runs
// show in its snapshot, and every answer has the shape the local MCP backend gives.
import { AmasError } from '../core/index.ts';
import { prepareInputs } from '../engine/index.ts';
import { checkWorkflow, validateSpecSource, type DynamicOutcome, type RunView, type SpecKind } from '../mcp/index.ts';
import { InvalidParamsError, obj, record, str, type ControlHandler, type Params } from './control/index.ts';
import { catalogOf, findRun, summaryOf, waitForRun } from './mcp-runs.ts';
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
      return mcpExecute(rt, str(p, 'workflow'), record(p, 'inputs'), waitMs(p));
    },

    'mcp.dynamic': async (raw) => {
      const p = obj(raw);
      return mcpDynamic(rt, source(p), record(p, 'inputs'), waitMs(p));
    },

    'mcp.run': async (raw) => (await findRun(project, str(obj(raw), 'runId'))) ?? null,

    'mcp.runs': async (raw) => {
      const limit = obj(raw).limit;
      await project.engine.flush();
      return (await project.store.runs.list({ limit: typeof limit === 'number' && limit > 0 ? limit : 50 })).map(summaryOf);
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

/** The MCP run tool, on either side of the control socket: one start through the run path. */
export async function mcpExecute(rt: Runtime, workflow: string, inputs: Record<string, unknown>, wait: number): Promise<RunView> {
  const outcome = rt.startRun({ workflow, inputs, origin: { kind: 'manual', via: 'mcp' } });
  if (outcome.kind === 'skipped') throw new AmasError('AMAS_RUN_SKIPPED', `not started: ${outcome.reason}`, { hint: 'the workflow’s concurrency policy refused a new run' });
  if (outcome.kind === 'queued') await outcome.durable; // the answer means journaled
  const result = outcome.kind === 'started' ? rt.waitFor(outcome.runId).then((r) => r ?? Promise.reject(new Error('run not tracked'))) : undefined;
  return waitForRun(rt.project, outcome.runId, workflow, result, wait);
}

/** The MCP dynamic-run tool: validated against the loaded project, then one start through the run path. */
export async function mcpDynamic(rt: Runtime, src: string | object, inputs: Record<string, unknown>, wait: number): Promise<DynamicOutcome> {
  const { spec, report } = checkWorkflow(rt.model, src);
  if (!spec) return { ok: false, validation: report };
  prepareInputs(spec, inputs); // bad inputs fail here, before the run shows anywhere
  const o = rt.startRun({ workflow: spec.id, inputs, origin: { kind: 'manual', via: 'mcp' }, dynamic: spec });
  const handle = rt.project.runs.handleOf(o);
  return { ok: true, run: await waitForRun(rt.project, o.runId, spec.id, handle.result, wait) };
}
