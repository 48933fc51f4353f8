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

/**
 * Stable identity of each cron trigger of a workflow, by content (`cron:<expr>@<tz>`, then
 * `#2`… for duplicates) so that editing one schedule does not move another's last fire.
 */
export function cronTriggerKeys(wf: Pick<WorkflowSpec, 'on'>): { key: string; trigger: TriggerSpec }[] {
  const seen = new Map<string, number>();
  const out: { key: string; trigger: TriggerSpec }[] = [];
  for (const t of wf.on ?? []) {
    if (t.cron === undefined) continue;
    const base = `cron:${t.cron.trim().replace(/\s+/g, ' ')}@${t.timezone ?? 'UTC'}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    out.push({ key: n === 1 ? base : `${base}#${n}`, trigger: t });
  }
  return out;
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
  const seen = new Map<string, number>();
  const out: { key: string; trigger: TriggerSpec; globs: string[] }[] = [];
  for (const t of wf.on ?? []) {
    if (t.file === undefined) continue;
    const globs = typeof t.file === 'string' ? [t.file] : t.file;
    const base = `file:${globs.join(',')}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    out.push({ key: n === 1 ? base : `${base}#${n}`, trigger: t, globs });
  }
  return out;
}
