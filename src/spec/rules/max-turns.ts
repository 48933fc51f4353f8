import { docOf } from '../loader/parse.ts';
import { originalPath } from '../schema/partial.ts';
import type { PathSeg } from '../locate.ts';
import { checked, type Rule } from './base.ts';
import type { SourceFile } from '../source.ts';

/**
 * AMAS325/327: `max_turns` only bounds an agent loop — without `tools` it does nothing — and a loop
 * of one turn can never read a tool's result: the model's call uses the only turn, so any call
 * ends the step in failure. The schema fills in `max_turns: 10`, so "written" is read from the file.
 */
export const maxTurns: Rule = {
  name: 'max-turns',
  codes: ['AMAS325', 'AMAS327'],
  check(ctx) {
    for (const a of checked(ctx.agents)) {
      for (const [name, cap] of Object.entries(a.spec.capabilities)) {
        const llm = cap.run.llm;
        if (!llm) continue;
        const path = ['capabilities', name, 'run', 'llm', 'max_turns'];
        if (!written(a.file, path)) continue;
        if (!llm.tools) {
          ctx.at(a.file, path, 'AMAS325', `\`max_turns\` has no effect without \`tools\` (capability \`${name}\`)`, {
            hint: 'max_turns bounds an agent loop; add `tools:` or remove `max_turns`',
          });
        } else if (llm.max_turns === 1) {
          ctx.at(a.file, path, 'AMAS327', `\`max_turns: 1\` leaves capability \`${name}\` no turn to read a tool's result`, {
            hint: 'a tool call takes two turns at least (the call, then the answer); raise max_turns or remove tools',
          });
        }
      }
    }
  },
};

function written(file: SourceFile, path: PathSeg[]): boolean {
  const doc = docOf(file);
  return doc !== undefined && doc.hasIn(originalPath(path, file.indexMap));
}
