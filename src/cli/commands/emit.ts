import type { Command } from 'commander';
import { AmasError } from '../../core/index.ts';
import { action } from '../action.ts';
import { connectRuntime, printJson, projectDir } from '../target.ts';
import { stdout } from '../out.ts';

interface EmitOptions {
  data?: string;
  priority: string;
  target?: string;
  source: string;
  json?: boolean;
}

export function registerEmit(program: Command): void {
  program
    .command('emit')
    .description('publish an event on the running project\'s bus (event triggers with matching `where` start runs)')
    .argument('<type>', 'event type: task_request, task_complete, data_update, error_occurred, system_status, agent_message, external_trigger')
    .argument('[dir]', 'project directory', '.')
    .option('-d, --data <json>', 'event data as JSON (default {})')
    .option('-p, --priority <priority>', 'low | normal | high | urgent', 'normal')
    .option('-t, --target <agent>', 'deliver to this agent only (default: broadcast)')
    .option('--source <name>', 'who published it', 'cli')
    .option('--json', 'print {"id": …} as JSON')
    .addHelpText(
      'after',
      `
Events are live: they go to the \`amas up\` serving this project (over .amas/amas.sock),
whose event triggers and agents react at once. Without a running \`amas up\` nothing could
react, so emit fails (exit 1) instead of storing an event that would never be delivered.

Examples:
  amas emit data_update --data '{"data_type": "audience_metrics", "rows": 120}'
  amas emit external_trigger --priority high --data '{"reason": "deploy"}'`,
    )
    .action(action((type: string, dir: string, opts: EmitOptions) => emit(type, dir, opts)));
}

function parseData(text: string | undefined): unknown {
  if (text === undefined) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new AmasError('AMAS_BAD_DATA', `--data is not JSON: ${(err as Error).message}`, { exitCode: 2, hint: `quote it for the shell: --data '{"key": "value"}'` });
  }
}

async function emit(type: string, dir: string, opts: EmitOptions): Promise<number> {
  const { EVENT_TYPES, PRIORITIES } = await import('../../bus/index.ts');
  if (!(EVENT_TYPES as readonly string[]).includes(type)) throw new AmasError('AMAS_USAGE', `unknown event type "${type}"`, { exitCode: 2, hint: `one of: ${EVENT_TYPES.join(', ')}; for an event of your own, emit external_trigger with a field that names it (--data '{"kind": "${type}"}') and match it with \`where: { kind: ${type} }\` (docs/guide.md)` });
  if (!(PRIORITIES as readonly string[]).includes(opts.priority)) throw new AmasError('AMAS_USAGE', `unknown priority "${opts.priority}"`, { exitCode: 2, hint: `one of: ${PRIORITIES.join(', ')}` });
  const data = parseData(opts.data);
  const client = await connectRuntime(projectDir(dir));
  if (!client) {
    throw new AmasError('AMAS_NOT_RUNNING', 'no `amas up` is running for this project, so nothing would receive the event', {
      exitCode: 1,
      hint: 'start the runtime first (`amas up`, or `amas up --no-tui` in the background)',
    });
  }
  try {
    const { id } = await client.call<{ id: string }>('emit', { type, data, priority: opts.priority, source: opts.source, ...(opts.target ? { target: opts.target } : {}) });
    if (opts.json) await printJson({ id });
    else await stdout.write(`${id}\n`);
  } finally {
    client.close();
  }
  return 0;
}
