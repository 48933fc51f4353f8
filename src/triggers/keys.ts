import type { TriggerSpec, WorkflowSpec } from '../core/index.ts';

export type TriggerKind = 'cron' | 'event' | 'file' | 'manual';

/** Which kind a trigger is (the schema makes them exclusive; the first present wins otherwise). */
export function triggerKind(t: TriggerSpec): TriggerKind | undefined {
  if (t.cron !== undefined) return 'cron';
  if (t.event !== undefined) return 'event';
  if (t.file !== undefined) return 'file';
  if (t.manual !== undefined) return 'manual';
  return undefined;
}

/** Keys by content: `base`, then `base#2`… when two triggers of one workflow have the same content. */
function numbered<I extends { base: string }>(items: I[]): (Omit<I, 'base'> & { key: string })[] {
  const seen = new Map<string, number>();
  return items.map(({ base, ...rest }) => {
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return { ...rest, key: n === 1 ? base : `${base}#${n}` };
  });
}

/**
 * Stable identity of each cron trigger of a workflow, by content (`cron:<expr>@<tz>`, then
 * `#2`… for duplicates) so that editing one schedule does not move another's last fire.
 */
export function cronTriggerKeys(wf: Pick<WorkflowSpec, 'on'>): { key: string; trigger: TriggerSpec }[] {
  return numbered((wf.on ?? []).flatMap((t) => (t.cron === undefined ? [] : [{ base: `cron:${t.cron.trim().replace(/\s+/g, ' ')}@${t.timezone ?? 'UTC'}`, trigger: t }])));
}

/**
 * Whether runs may be started by hand (CLI, TUI, MCP, HTTP): a `manual` trigger says so, and a
 * workflow with no triggers at all could not run otherwise.
 */
export function allowsManual(wf: Pick<WorkflowSpec, 'on'>): boolean {
  const on = wf.on ?? [];
  return on.length === 0 || on.some((t) => t.manual !== undefined);
}

/**
 * Stable identity of each file trigger of a workflow, by its globs (`file:<glob>,<glob>`, then
 * `#2`… for duplicates): a reload that adds or moves another trigger keeps its pending changes.
 */
export function fileTriggerKeys(wf: Pick<WorkflowSpec, 'on'>): { key: string; trigger: TriggerSpec; globs: string[] }[] {
  const files = (wf.on ?? []).flatMap((t) => (t.file === undefined ? [] : [{ trigger: t, globs: typeof t.file === 'string' ? [t.file] : t.file }]));
  return numbered(files.map((f) => ({ ...f, base: `file:${f.globs.join(',')}` })));
}
