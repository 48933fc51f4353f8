import { AmasError, type WorkflowSpec } from '../core/index.ts';

type Trigger = NonNullable<WorkflowSpec['on']>[number];

function kindOf(t: Trigger): string {
  if (t.cron !== undefined) return 'cron';
  if (t.event !== undefined) return 'event';
  if (t.file !== undefined) return 'file';
  return 'manual';
}

/**
 * `manual` means manual: a workflow whose `on:` lists triggers but not `manual` cannot be
 * started by hand from any face (CLI, TUI, HTTP, MCP, embedding). A workflow with no `on:` (or
 * an empty one) is manual. Runs started by its own cron, event or file triggers never come here.
 */
export function assertManual(spec: WorkflowSpec): void {
  const on = spec.on ?? [];
  if (on.length === 0 || on.some((t) => t.manual !== undefined)) return;
  const kinds = [...new Set(on.map(kindOf))].join(', ');
  throw new AmasError('AMAS_NOT_MANUAL', `workflow "${spec.id}" cannot be started by hand: its on: lists ${kinds} (add "- manual: {}" to allow it)`, {
    exitCode: 2,
  });
}
