// Public face of src/bus: the event system (docs/architecture.md "The event stream"). May import src/core only.
export { EventBus } from './bus.ts';
export type { EventBusOptions, Unsubscribe } from './bus.ts';
export { EVENT_TYPES, PRIORITIES } from './types.ts';
export type {
  BusEvent,
  BusStats,
  DeadLetter,
  DeadLetterReason,
  EventHandler,
  EventType,
  HistoryQuery,
  Priority,
  PublishInput,
} from './types.ts';
