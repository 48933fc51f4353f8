// Cost of the cron paths the runtime hits: nextFire per fire, and catch-up after an outage.
import { parseCron, planMisfire } from '../src/triggers/index.ts';

function time(label: string, n: number, fn: () => void): void {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) fn();
  const ms = performance.now() - t0;
  console.log(`${label.padEnd(52)} ${(ms / n).toFixed(3)} ms/op`);
}

const start = Date.parse('2025-06-01T00:00:00Z');
const minutely = parseCron('* * * * *');
const berlin = parseCron('30 2 * * *', 'Europe/Berlin');
const secondly = parseCron('* * * * * *', 'America/New_York');
time('nextFire, minutely, UTC', 2000, () => minutely.nextFire(start));
time('nextFire, daily 02:30 Europe/Berlin (DST check)', 2000, () => berlin.nextFire(start));
time('planMisfire run-once, 12 h outage, minutely', 20, () => planMisfire(minutely, { lastFire: start, now: start + 12 * 3_600_000 }));
time('planMisfire run-all, 12 h outage, minutely (720)', 20, () => planMisfire(minutely, { policy: 'run-all', lastFire: start, now: start + 12 * 3_600_000 }));
time('planMisfire run-once, 12 h outage, secondly (capped)', 5, () => planMisfire(secondly, { lastFire: start, now: start + 12 * 3_600_000 }));
