// An agent loop's transcript as `amas runs show` prints it: one line per model turn (tokens,
// duration, what it said), one per tool call under it (arguments masked in the store, result clipped).
import { formatDuration, type Transcript } from '../core/index.ts';

const ARGS_CHARS = 120;
const RESULT_CHARS = 160;

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max)}…`;
}

export function transcriptLines(loop: string, t: Transcript): string[] {
  const lines = [`transcript of ${loop}: ${t.turns.length} turn${t.turns.length === 1 ? '' : 's'}, ${t.promptTokens + t.completionTokens} tokens (${t.promptTokens} prompt, ${t.completionTokens} completion)`];
  for (const turn of t.turns) {
    const said = turn.content === null || turn.content === '' ? '' : ` ${turn.final ? 'answered' : 'said'}: ${oneLine(turn.content, RESULT_CHARS)}`;
    const calls = turn.calls.length ? ` called ${turn.calls.length} tool${turn.calls.length === 1 ? '' : 's'}` : '';
    lines.push(`  turn ${turn.seq} (attempt ${turn.attempt}) ${formatDuration(turn.durationMs)} ${turn.promptTokens + turn.completionTokens} tokens${calls}${said}`);
    for (const c of turn.calls) {
      const took = c.durationMs === null ? '' : ` ${formatDuration(c.durationMs)}`;
      const result = c.result === null ? '' : ` → ${oneLine(c.result, RESULT_CHARS)}`;
      lines.push(`    ${c.tool}(${oneLine(JSON.stringify(c.args) ?? '', ARGS_CHARS)}) [${c.kind}] ${c.status}${took}${result}`);
    }
  }
  return lines;
}
