export { CronSchedule, checkCron, parseCron, type CronOptions } from './cron.ts';
export { checkTimeZone, canonicalTimeZone, zoneOffset, isRepeatedWallTime } from './tz.ts';
export { seededRandom, hashString, jitterDelay, fireJitter } from './jitter.ts';
export { planMisfire, MISFIRE_CAP, type MisfirePlan, type MisfireInput, type MisfirePolicy } from './misfire.ts';
export {
  decideOverlap,
  concurrencyOf,
  RunGate,
  DEFAULT_MAX_QUEUED,
  type OverlapPolicy,
  type OverlapDecision,
  type Concurrency,
  type GateDecision,
} from './overlap.ts';
export {
  MemoryTriggerStateStore,
  type TriggerOutcome,
  type CronTriggerState,
  type WorkflowTriggerState,
  type TriggerStateStore,
} from './state.ts';
export { triggerKind, cronTriggerKeys, allowsManual, type TriggerKind } from './keys.ts';
export {
  CronScheduler,
  type CronSchedulerOptions,
  type ScheduleEntry,
  type ReplanResult,
  type CatchUpReport,
} from './scheduler.ts';
export { type CronFire, type FireResult } from './trigger-states.ts';
export { storeTriggerState } from './store-adapter.ts';
export { matchEvent, matchesFilter, valueAtPath, deepEqual, eventTriggersFor, type EventLike, type EventMatch } from './event.ts';
export { globToRegExp, matchFile } from './glob.ts';
export { Debouncer } from './debounce.ts';
export { FileTriggers, DEFAULT_FILE_DEBOUNCE_MS, type FileFire } from './file-triggers.ts';
export { formatScheduleTable, type ScheduleTableOptions } from './format.ts';
