import type { Rule } from './base.ts';
import { expressionSites } from './sites.ts';

/** AMAS601 (warning): `secrets.NAME` is set in the environment or the project's .env file. */
export const secrets: Rule = {
  name: 'secrets',
  codes: ['AMAS601'],
  check(ctx) {
    const reported = new Set<string>();
    for (const site of expressionSites(ctx)) {
      for (const ref of ctx.refs(site.text).refs) {
        const name = ref.root === 'secrets' ? ref.path[0] : undefined;
        if (name === undefined || ctx.env[name] !== undefined || Object.hasOwn(ctx.dotenv, name)) continue;
        const key = `${site.file.rel}\0${name}`;
        if (reported.has(key)) continue;
        reported.add(key);
        ctx.inValue(site.file, site.path, site.text, ref.offset, ref.length, 'AMAS601', `secret \`${name}\` is not set in the environment or in .env`, {
          hint: `set ${name} before \`amas up\`, or add \`${name}=…\` to .env (keep .env out of git)`,
        });
      }
    }
  },
};
