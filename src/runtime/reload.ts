// Hot reload: re-validate the whole project; a valid change swaps in (agents, schedules,
// triggers), an invalid one keeps the last good spec running and says why.
import { reloadModules } from '../agents/index.ts';
import type { WorkflowSpec } from '../core/index.ts';
import { loadProject } from '../spec/index.ts';
import type { ReplanResult } from '../triggers/index.ts';
import { swapAgents } from './agent-swap.ts';
import type { Runtime } from './runtime.ts';
import type { RuntimeEventBody } from './event-stream.ts';

export async function reloadSpec(
  rt: Runtime,
  env: Record<string, string | undefined> | undefined,
  setWorkflows: (specs: WorkflowSpec[]) => Promise<ReplanResult>,
): Promise<void> {
  if (rt.isStopping) return;
  const loaded = await loadProject(rt.dir, env === undefined ? {} : { env });
  // stop() may have begun while the files were read: swapping agents in now would race it.
  if (rt.isStopping) return;
  const { builder, clock, logger } = rt;
  const diagnostics = loaded.diagnostics.map(({ file, line, column, severity, code, message }) => ({ file, line, column, severity, code, message }));
  if (!loaded.ok) {
    builder.reload({ at: clock.now(), ok: false, diagnostics });
    const first = loaded.diagnostics.find((d) => d.severity === 'error');
    logger.warn('reload rejected: the change has errors; the last good spec keeps running', {
      errors: loaded.diagnostics.filter((d) => d.severity === 'error').length,
      ...(first ? { first: `${first.file}:${first.line}:${first.column} ${first.code} ${first.message}` } : {}),
    });
    rt.publish({ type: 'system_status', priority: 'high', source: 'runtime', data: { kind: 'reload_failed', diagnostics: diagnostics.slice(0, 20) } });
    rt.project.stream.publish(reloadEvent(false, diagnostics));
    rt.changed();
    return;
  }
  const after = loaded.model;
  const { added, changed, removed } = swapAgents(rt.project.agents, rt.model, after, logger);
  rt.model = after;
  rt.project.setModel(after);
  // module executors import the project's JS afresh from now on (runs going keep theirs).
  reloadModules();
  const replan = await setWorkflows([...after.workflows.values()].map((w) => w.spec));
  builder.reload({ at: clock.now(), ok: true, diagnostics });
  logger.info('reloaded', {
    agents_added: added, agents_changed: changed, agents_removed: removed,
    schedules_added: replan.added, schedules_changed: replan.changed, schedules_removed: replan.removed,
  });
  rt.publish({ type: 'system_status', priority: 'normal', source: 'runtime', data: { kind: 'reloaded', agents: { added, changed, removed } } });
  rt.project.stream.publish(reloadEvent(true, diagnostics));
  rt.changed();
}

/** The stream's `reload` event: the files with findings, and how many errors and warnings. */
function reloadEvent(ok: boolean, diagnostics: readonly { file: string; severity: string }[]): RuntimeEventBody {
  return {
    type: 'reload',
    ok,
    files: [...new Set(diagnostics.map((d) => d.file))].sort(),
    errors: diagnostics.filter((d) => d.severity === 'error').length,
    warnings: diagnostics.filter((d) => d.severity === 'warning').length,
  };
}
