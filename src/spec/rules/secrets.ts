import { MIN_SECRET_LENGTH } from '../../core/index.ts';
import type { Rule } from './base.ts';
import { expressionSites } from './sites.ts';

/**
 * AMAS601 (warning): `secrets.NAME` is set neither in the environment nor in the project's .env file.
 * AMAS602 (error): its value is shorter than 4 characters. Every exit masks a secret's value, and
 * masking "on" or "1" would destroy ordinary data, so such a value cannot be a secret.
 * AMAS603 (error): a workflow submitted at run time reads a secret the loaded project does not
 * reference: it may read only the project's own secrets, never any environment variable.
 */
export const secrets: Rule = {
  name: 'secrets',
  codes: ['AMAS601', 'AMAS602', 'AMAS603'],
  check(ctx) {
    const reported = new Set<string>();
    for (const site of expressionSites(ctx)) {
      for (const ref of ctx.refs(site.text).refs) {
        const name = ref.root === 'secrets' ? ref.path[0] : undefined;
        if (name === undefined) continue;
        const key = `${site.file.rel}\0${name}`;
        if (reported.has(key)) continue;
        if (ctx.allowedSecrets && !ctx.allowedSecrets.has(name)) {
          reported.add(key);
          ctx.inValue(site.file, site.path, site.text, ref.offset, ref.length, 'AMAS603', `secret \`${name}\` is not one of the project's secrets`, {
            hint: 'a workflow submitted at run time may read only secrets that the project\'s own specs reference',
          });
          continue;
        }
        const value = ctx.env[name] ?? (Object.hasOwn(ctx.dotenv, name) ? ctx.dotenv[name] : undefined);
        if (value === undefined) {
          reported.add(key);
          ctx.inValue(site.file, site.path, site.text, ref.offset, ref.length, 'AMAS601', `secret \`${name}\` is not set in the environment or in .env`, {
            hint: `set ${name} before \`amas up\`, or add \`${name}=…\` to .env (keep .env out of git)`,
          });
        } else if (value.length > 0 && value.length < MIN_SECRET_LENGTH) {
          reported.add(key);
          ctx.inValue(site.file, site.path, site.text, ref.offset, ref.length, 'AMAS602', `secret \`${name}\` is ${value.length} character${value.length === 1 ? '' : 's'} long; a secret needs at least ${MIN_SECRET_LENGTH}`, {
            hint: `a value this short cannot be masked without destroying ordinary output: use a longer ${name}, or pass it as \`env.${name}\` if it is not secret`,
          });
        }
      }
    }
  },
};
