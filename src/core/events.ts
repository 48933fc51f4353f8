import type { TriggerSpec } from './spec-types.generated.ts';

/** The seed's seven event types: the bus, triggers, the TUI, `amas emit`, MCP and HTTP all speak these. */
export const EVENT_TYPES = [
  'task_request',
  'task_complete',
  'data_update',
  'error_occurred',
  'system_status',
  'agent_message',
  'external_trigger',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Delivery order: higher priorities first (this list is lowest first), oldest first within one. */
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type EventPriority = (typeof PRIORITIES)[number];

// The workflow schema's `event:` enum is the source of truth: this fails to compile if they drift.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaAgrees: Same<EventType, NonNullable<TriggerSpec['event']>> = true;
void schemaAgrees;
