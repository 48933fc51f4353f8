import { resolve } from 'node:path';
import { isInsideDir } from '../../core/index.ts';
import { checked, type Rule, type RuleContext } from './base.ts';

/** Inside the project — or, for a scratch copy, inside the project its links lead back to. */
export function insideProject(ctx: Pick<RuleContext, 'dir' | 'mirrorOf'>, rel: string): boolean {
  return isInsideDir(ctx.dir, rel) || (ctx.mirrorOf !== undefined && isInsideDir(ctx.mirrorOf, resolve(ctx.dir, rel)));
}

/** The directory part of the literal text before the first expression (`../${{ x }}` → `../`); '' when there is none. */
function literalDir(text: string): string {
  const open = text.indexOf('${{');
  if (open < 0) return text;
  const prefix = text.slice(0, open);
  return prefix.slice(0, prefix.lastIndexOf('/') + 1);
}

/**
 * AMAS316/317: a `module` file and a `command` working directory stay inside the project, after
 * `..` and symlinks are resolved — a spec must not run code or programs from elsewhere on the
 * machine (docs/security.md). A cwd built by an expression is checked as far as its literal
 * start goes here, and in full by the executor at run time.
 */
export const projectPaths: Rule = {
  name: 'project-paths',
  codes: ['AMAS316', 'AMAS317'],
  check(ctx) {
    for (const a of checked(ctx.agents)) {
      for (const [name, cap] of Object.entries(a.spec.capabilities)) {
        const run = cap.run;
        const base = ['capabilities', name, 'run'];
        if (typeof run.module === 'string') {
          const rel = run.module.split('#')[0]!;
          if (!insideProject(ctx, rel)) {
            ctx.at(a.file, [...base, 'module'], 'AMAS316', `module file \`${rel}\` is outside the project directory`, {
              hint: 'keep project code inside the project (for example ./lib/), and do not link to files outside it',
            });
          }
        }
        const cmd = run.command;
        if (cmd !== undefined && !Array.isArray(cmd) && typeof cmd.cwd === 'string') {
          const dir = literalDir(cmd.cwd);
          if (dir !== '' && !insideProject(ctx, dir)) {
            ctx.at(a.file, [...base, 'command', 'cwd'], 'AMAS317', `working directory \`${cmd.cwd}\` is outside the project directory`, {
              hint: 'cwd is relative to the project directory and must stay inside it',
            });
          }
        }
      }
    }
  },
};
