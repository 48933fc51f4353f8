import { parseDuration } from '../core/index.ts';
import type { Clock, TriggerSpec, WorkflowSpec } from '../core/index.ts';
import { Debouncer } from './debounce.ts';
import { matchFile } from './glob.ts';
import { fileTriggerKeys } from './keys.ts';

/** Quiet time when a file trigger gives no `debounce`. */
export const DEFAULT_FILE_DEBOUNCE_MS = 500;

export interface FileFire {
  workflowId: string;
  /** `file:<globs>` (keys.ts): the same trigger keeps its key when others are added or moved. */
  triggerKey: string;
  trigger: TriggerSpec;
  /** Project-relative paths that changed during the quiet window, first seen first. */
  paths: string[];
  inputs: Record<string, unknown>;
}

interface Entry {
  workflowId: string;
  key: string;
  trigger: TriggerSpec;
  globs: readonly string[];
  debouncer: Debouncer;
}

/**
 * Routes file changes (from the runtime's watcher) to the file triggers whose globs match,
 * one debouncer per trigger, so a burst of saves starts one run listing every changed path.
 */
export class FileTriggers {
  private entries = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock,
    private readonly onFire: (fire: FileFire) => void,
  ) {}

  /** Re-plans after a reload; pending changes of a trigger that still exists are kept. */
  setWorkflows(specs: readonly WorkflowSpec[]): void {
    const next = new Map<string, Entry>();
    for (const spec of specs) {
      for (const { key, trigger, globs } of fileTriggerKeys(spec)) {
        const id = `${spec.id}\u0000${key}`;
        const quiet = trigger.debounce === undefined ? DEFAULT_FILE_DEBOUNCE_MS : parseDuration(trigger.debounce);
        const old = this.entries.get(id);
        if (old) {
          old.trigger = trigger;
          old.debouncer.setQuiet(quiet);
          next.set(id, old);
          continue;
        }
        const entry: Entry = {
          workflowId: spec.id,
          key,
          trigger,
          globs,
          debouncer: new Debouncer(this.clock, quiet, (paths) =>
            this.onFire({ workflowId: entry.workflowId, triggerKey: key, trigger: entry.trigger, paths, inputs: { ...(entry.trigger.inputs ?? {}) } }),
          ),
        };
        next.set(id, entry);
      }
    }
    for (const [id, e] of this.entries) if (!next.has(id)) e.debouncer.cancel();
    this.entries = next;
  }

  /** A path (relative to the project root) was added, changed or removed. Returns how many triggers matched. */
  changed(relativePath: string): number {
    let n = 0;
    for (const e of this.entries.values()) {
      if (matchFile(e.globs, relativePath)) {
        e.debouncer.push(relativePath.replace(/\\/g, '/'));
        n++;
      }
    }
    return n;
  }

  /** Drops pending changes (shutdown). */
  stop(): void {
    for (const e of this.entries.values()) e.debouncer.cancel();
  }
}
