// A bare queue worker for bench/scale-out.ts's queue-only phases: PgQueueWorker (the store's work
// queue, no project, no engine) whose tasks POST to the bench's counting server, like the http
// step of the full phases. argv: DATABASE_URL COUNTER_URL CONCURRENCY. Prints `ready`; SIGTERM
// stops it after its running tasks.
import { PgQueueWorker } from '../src/store/index.ts';

const [url, counterUrl, concurrency] = process.argv.slice(2) as [string, string, string];
const worker = await PgQueueWorker.start({
  url,
  concurrency: Number(concurrency),
  execute: async (task, ctx) => {
    const res = await fetch(`${counterUrl}/call`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-e2e-proc': ctx.workerId },
      body: JSON.stringify({ run: task.runId, step: task.stepId, runAttempt: 1 }),
      signal: ctx.signal,
    });
    return { output: (await res.json()) as unknown };
  },
});
process.stdout.write('ready\n');
process.on('SIGTERM', () => void worker.stop({ wait: true }).then(() => process.exit(0)));
