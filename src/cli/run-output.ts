// Live step progress and final results for `amas run` and `amas runs`: plain lines on stderr
// (coloured on a terminal), results on stdout — JSON with --json.
import { formatDuration } from '../core/index.ts';
import type { RunResult } from '../engine/index.ts';
import type { RuntimeEvent } from '../runtime/index.ts';
import { printJson } from './target.ts';
import { stdout, stderr } from './out.ts';

const tty = () => process.stderr.isTTY === true && !process.env.NO_COLOR;
const paint = (code: number, s: string) => (tty() ? `\u001b[${code}m${s}\u001b[0m` : s);

const clip = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max)}…`);

/**
 * The one printer of `amas run`: one line per step transition, on stderr, from the project's
 * event stream — the project opened here, or a running `amas up` over its control socket.
 */
export function progressPrinter(write: (s: string) => void = (s) => void stderr.write(s)): (e: RuntimeEvent) => void {
  return (e) => {
    switch (e.type) {
      case 'run_started':
        write(`${paint(1, `run ${e.runId}`)} ${e.workflow}${e.attempt > 1 ? ` (resumed, attempt ${e.attempt})` : ''}: ${e.total} step${e.total === 1 ? '' : 's'}\n`);
        return;
      case 'step_started':
        write(`  ${paint(36, '▶')} ${e.stepId}${e.attempt > 1 ? ` (attempt ${e.attempt})` : ''} ${paint(2, `on ${e.agent}`)}\n`);
        return;
      case 'step_retrying':
        write(`  ${paint(33, '↻')} ${e.stepId} failed (${e.error.message}); retry in ${formatDuration(e.delayMs)}\n`);
        return;
      case 'step_finished': {
        const r = e.result;
        const at = `[${e.finished}/${e.total}]`;
        if (r.status === 'completed') write(`  ${paint(32, '✓')} ${e.stepId} ${paint(2, `${formatDuration(r.durationMs)} ${at}`)}\n`);
        else if (r.status === 'skipped') write(`  ${paint(2, '↷')} ${e.stepId} skipped: ${r.reason} ${paint(2, at)}\n`);
        else if (r.status === 'failed') write(`  ${paint(31, '✗')} ${e.stepId}: ${r.error.message} ${paint(2, at)}\n`);
        else write(`  ${paint(33, '■')} ${e.stepId} ${r.status}${r.error ? `: ${r.error.message}` : ''} ${paint(2, at)}\n`);
        return;
      }
      case 'tool_call_started':
        write(`    ${paint(36, '→')} ${e.stepId} calls ${e.tool}(${clip(JSON.stringify(e.args) ?? '', 80)}) ${paint(2, e.kind)}\n`);
        return;
      case 'tool_call_finished':
        if (e.ok) write(`    ${paint(32, '←')} ${e.stepId} ${e.tool} ${paint(2, formatDuration(e.durationMs))}\n`);
        else write(`    ${paint(31, '←')} ${e.stepId} ${e.tool} failed: ${clip(e.error ?? '', 120)} ${paint(2, formatDuration(e.durationMs))}\n`);
        return;
      case 'step_item_finished':
        write(`  ${paint(e.status === 'completed' ? 32 : 31, '·')} ${e.stepId} ${e.finished}/${e.total} ${paint(2, `item ${e.index} ${e.status}${e.error ? `: ${e.error.message}` : ''}`)}\n`);
        return;
      case 'step_iteration_finished':
        write(`  ${paint(36, '↻')} ${e.stepId} iteration ${e.index + 1}/${e.max}${e.done ? ' — until holds' : ''}\n`);
        return;
      case 'step_repeat_exhausted':
        write(`  ${paint(33, '!')} ${e.stepId} reached max ${e.max} iterations without until holding; keeping the last output\n`);
        return;
      case 'approval_requested':
        write(`  ${paint(33, '⏸')} ${e.stepId} waits for approval: ${e.prompt}\n    answer: amas runs approve ${e.runId} ${e.stepId}  |  amas runs reject ${e.runId} ${e.stepId}\n`);
        return;
      case 'approval_answered':
        write(`  ${paint(36, '✎')} ${e.stepId} ${e.approved ? 'approved' : 'rejected'} by ${e.by}\n`);
        return;
      default:
        // run_finished (the result is printed at the end) and what progress does not show.
        return;
    }
  };
}

/** What --json prints for a run. */
function runJson(r: RunResult): Record<string, unknown> {
  return { id: r.id, workflow: r.workflow, status: r.status, attempt: r.attempt, outputs: r.outputs ?? null, error: r.error ?? null, waiting: r.waiting, steps: r.steps, usage: r.usage ?? null };
}

/** Prints the end of a run; returns the exit code (0 only when the run completed). */
export async function printRunEnd(r: RunResult, json: boolean): Promise<number> {
  if (json) {
    await printJson(runJson(r));
  } else {
    const took = r.endedAt === undefined ? '' : ` in ${formatDuration(r.endedAt - r.startedAt)}`;
    const colour = r.status === 'completed' ? 32 : r.status === 'running' ? 33 : 31;
    await stderr.write(`${paint(colour, `run ${r.id} ${r.status === 'running' ? 'is waiting' : r.status}`)}${took}${r.error ? `: ${r.error}` : ''}\n`);
    for (const s of r.waiting) {
      if (r.steps[s]?.status === 'waiting') await stderr.write(`  step ${s} is waiting for approval: answer with \`amas runs approve ${r.id} ${s}\` or \`amas runs reject ${r.id} ${s}\`\n`);
      else await stderr.write(`  step ${s} is in doubt: decide with \`amas runs retry ${r.id} ${s}\` or \`amas runs skip ${r.id} ${s}\`\n`);
    }
    for (const [k, v] of Object.entries(r.outputs ?? {})) await stdout.write(`${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}\n`);
  }
  return r.status === 'completed' ? 0 : 1;
}
