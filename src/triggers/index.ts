export { CronSchedule, checkCron, parseCron, type CronOptions } from './cron.ts';
export { checkTimeZone, canonicalTimeZone, zoneOffset, isRepeatedWallTime } from './tz.ts';
export { seededRandom, hashString, jitterDelay, fireJitter } from './jitter.ts';
export { planMisfire, MISFIRE_CAP, type MisfirePlan, type MisfireInput, type MisfirePolicy } from './misfire.ts';
