import { parseTemplate, type CompiledExpr } from '../../expr/index.ts';
import type { PathSeg } from '../locate.ts';
import { checked, type Rule } from './base.ts';

/** Programs that run their `-c` argument as a script, so argv `[sh, -c, "…"]` is a script too. */
const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'ash']);

/** An environment variable name for the hint, from the last name the expression reads (`input.topic` → TOPIC). */
function envName(source: string): string {
  const m = /([A-Za-z_][A-Za-z0-9_-]*)\W*$/.exec(source.trim());
  const name = (m?.[1] ?? 'VALUE').replace(/-/g, '_').toUpperCase();
  return /^[A-Z_]/.test(name) ? name : 'VALUE';
}

/** The indexes of argv items a shell parses as script text. */
function scriptItems(argv: readonly string[], shell: boolean): number[] {
  if (shell) return argv.map((_, i) => i);
  const prog = (argv[0] ?? '').split('/').pop() ?? '';
  if (SHELLS.has(prog) && /^-[a-z]*c[a-z]*$/.test(argv[1] ?? '') && argv.length > 2) return [2];
  return [];
}

/**
 * AMAS701: a `${{ }}` expression inside a script a shell parses (`shell: true`, or argv
 * `[sh, -c, script]`). The value is pasted into the script text, so `a; id` runs `id` — the
 * injection actionlint reports for `run:` scripts. The safe form passes the value through the
 * environment, where the shell reads it as data. Argv without a shell is safe and not reported.
 */
export const shellExpressions: Rule = {
  name: 'shell-expressions',
  codes: ['AMAS701'],
  check(ctx) {
    for (const a of checked(ctx.agents)) {
      for (const [name, cap] of Object.entries(a.spec.capabilities)) {
        const cmd = cap.run.command;
        if (cmd === undefined) continue;
        const [argv, base, shell]: [readonly string[], PathSeg[], boolean] = Array.isArray(cmd)
          ? [cmd, ['capabilities', name, 'run', 'command'], false]
          : [cmd.argv, ['capabilities', name, 'run', 'command', 'argv'], cmd.shell === true];
        for (const i of scriptItems(argv, shell)) {
          const text = argv[i]!;
          if (!text.includes('${{')) continue;
          let parts: readonly (string | CompiledExpr)[];
          try {
            parts = parseTemplate(text).parts;
          } catch {
            continue; // AMAS401 reports the syntax error
          }
          for (const p of parts) {
            if (typeof p === 'string') continue;
            const env = envName(p.source);
            const expr = `\${{${p.source}}}`;
            ctx.inValue(a.file, [...base, i], text, p.offset - 3, p.source.length + 5, 'AMAS701', `\`${expr}\` is pasted into a shell script: a value like \`a; id\` runs as a command`, {
              hint: `map it through env (\`env: { ${env}: "${expr}" }\`) and write "$${env}" in the script`,
            });
          }
        }
      }
    }
  },
};
