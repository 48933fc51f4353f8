import type { Command } from 'commander';
import { AmasError, errorMessage, type Health } from '../../core/index.ts';
import type { HealthReport } from '../../monitor/index.ts';
import { action } from '../action.ts';
import { connectRuntime, printJson, projectDir } from '../target.ts';
import { stdout } from '../out.ts';

interface HealthOptions {
  json?: boolean;
  timeout: string;
}

/** What `amas health` saw: the running runtime's report, or why there is none. */
type HealthAnswer = { running: true; report: HealthReport } | { running: false; status: Health; message: string };

const EXIT: Record<Health, 0 | 1 | 2> = { healthy: 0, warning: 1, critical: 2 };

/**
 * Asks the `amas up` of `root` for its health report over the control socket. Not running (or
 * not answering within `timeoutMs`) is `critical`: a container whose runtime is gone is not
 * healthy, whatever the last stored metrics said.
 */
async function fetchHealth(root: string, timeoutMs: number): Promise<HealthAnswer> {
  const client = await connectRuntime(root);
  if (!client) return { running: false, status: 'critical', message: `amas is not running in ${root}` };
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    const report = await Promise.race([client.call<HealthReport>('health'), timeout]);
    return { running: true, report };
  } catch (err) {
    return { running: false, status: 'critical', message: `amas in ${root} did not report its health: ${errorMessage(err)}` };
  } finally {
    if (timer) clearTimeout(timer);
    client.close();
  }
}

export function registerHealth(program: Command): void {
  program
    .command('health')
    .description('health check of a running amas up: metrics, thresholds, alerts; exit 0 healthy, 1 warning, 2 critical')
    .argument('[dir]', 'project directory', '.')
    .option('--json', 'print the report as JSON')
    .option('--timeout <ms>', 'how long to wait for the runtime to answer', '5000')
    .addHelpText(
      'after',
      `
Asks the project's running \`amas up\` over its control socket. When nothing is running (or it
does not answer in time) the answer is critical, exit 2: made for container health checks.

Exit codes: 0 healthy · 1 warning · 2 critical (or not running)

Examples:
  amas health
  amas health /srv/project --json
  HEALTHCHECK CMD amas health /data || exit 1      # Dockerfile`,
    )
    .action(action((dir: string, opts: HealthOptions) => health(dir, opts)));
}

async function health(dir: string, opts: HealthOptions): Promise<number> {
  const root = projectDir(dir);
  const timeoutMs = Number(opts.timeout);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) throw new AmasError('AMAS_USAGE', `--timeout: expected milliseconds, got "${opts.timeout}"`, { exitCode: 2 });
  const answer = await fetchHealth(root, timeoutMs);
  if (!answer.running) {
    if (opts.json) await stdout.write(`${JSON.stringify({ status: answer.status, running: false, message: answer.message })}\n`);
    else await stdout.write(`CRITICAL  ${answer.message}\n`);
    return EXIT[answer.status];
  }
  if (opts.json) await printJson(answer.report);
  else {
    const { formatHealth } = await import('../../monitor/index.ts');
    await stdout.write(formatHealth(answer.report));
  }
  return EXIT[answer.report.status];
}
