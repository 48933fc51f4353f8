import type { TriggerSpec, WorkflowSpec } from '../core/index.ts';

/** The part of a bus event a trigger looks at (BusEvent satisfies it). */
export interface EventLike {
  readonly type: string;
  readonly data?: unknown;
}

const MISSING = Symbol('missing');

/**
 * Value at a dotted path in `data` (`order.items.0.sku`). A key that itself contains dots is
 * found too when it exists as written, so `{"a.b": 1}` answers the path `a.b`.
 */
export function valueAtPath(data: unknown, path: string): unknown {
  if (path === '') return data;
  if (data === null || typeof data !== 'object') return MISSING;
  const obj = data as Record<string, unknown>;
  if (Object.hasOwn(obj, path)) return obj[path];
  const dot = path.indexOf('.');
  if (dot < 0) return MISSING;
  // Prefer the longest literal key prefix so `a.b.c` finds `{ "a.b": { c } }`.
  for (let i = path.lastIndexOf('.'); i > 0; i = path.lastIndexOf('.', i - 1)) {
    const head = path.slice(0, i);
    if (Object.hasOwn(obj, head)) {
      const v = valueAtPath(obj[head], path.slice(i + 1));
      if (v !== MISSING) return v;
    }
  }
  return MISSING;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  const bo = b as Record<string, unknown>;
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(bo, k) && deepEqual((a as Record<string, unknown>)[k], bo[k]));
}

/**
 * Whether one `where` filter holds: an array lists allowed values (an array-valued field
 * equal to the whole list matches too); anything else must be equal. A missing path never
 * matches, except a filter of `null`, which also accepts an absent field.
 */
export function matchesFilter(actual: unknown, expected: unknown): boolean {
  if (actual === MISSING) return expected === null;
  if (Array.isArray(expected)) return expected.some((e) => deepEqual(actual, e)) || deepEqual(actual, expected);
  return deepEqual(actual, expected);
}

/** Whether an event starts a run of this trigger: same type, and every `where` filter holds. */
export function matchEvent(trigger: TriggerSpec, event: EventLike): boolean {
  if (trigger.event === undefined || trigger.event !== event.type) return false;
  for (const [path, expected] of Object.entries(trigger.where ?? {})) {
    if (!matchesFilter(valueAtPath(event.data, path), expected)) return false;
  }
  return true;
}

export interface EventMatch {
  workflowId: string;
  /** `event:<index in on[]>`. */
  triggerKey: string;
  trigger: TriggerSpec;
  inputs: Record<string, unknown>;
}

/** Every event trigger of every workflow that this event starts, in spec order. */
export function eventTriggersFor(specs: readonly Pick<WorkflowSpec, 'id' | 'on'>[], event: EventLike): EventMatch[] {
  const out: EventMatch[] = [];
  for (const spec of specs) {
    (spec.on ?? []).forEach((trigger, i) => {
      if (matchEvent(trigger, event)) out.push({ workflowId: spec.id, triggerKey: `event:${i}`, trigger, inputs: { ...(trigger.inputs ?? {}) } });
    });
  }
  return out;
}
