import type { Rule } from './base.ts';

/**
 * AMAS801: `store.url` is not a postgres:// URL (only PostgreSQL can hold a shared store).
 * AMAS802: `store.url` carries its password in the file, which ends up in version control and
 * backups: the password belongs in `${{ secrets.NAME }}` or the whole URL in AMAS_STORE_URL.
 * A URL built entirely by an expression is checked when the runtime renders it.
 */
export const storeUrl: Rule = {
  name: 'store-url',
  codes: ['AMAS801', 'AMAS802'],
  check(ctx) {
    const url = ctx.project.store?.url;
    if (!ctx.projectFile || url === undefined) return;
    const path = ['store', 'url'];
    const text = url.trim();
    if (text.startsWith('${{')) return;
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1];
    if (scheme === undefined || !/^postgres(ql)?$/i.test(scheme)) {
      const said = scheme === undefined ? 'it has no scheme://' : `its scheme is ${scheme}`;
      ctx.at(ctx.projectFile, path, 'AMAS801', `store.url must be a PostgreSQL URL (postgres://…): ${said}`, {
        hint: 'postgres://USER@HOST:5432/DATABASE, or remove store.url to keep the embedded store (store.path)',
      });
      return;
    }
    // USER:PASSWORD@ — a password that is an expression (${{ secrets.X }}) is how it should be.
    const auth = /^[a-z]+:\/\/([^@/]*)@/i.exec(text)?.[1];
    const colon = auth?.indexOf(':') ?? -1;
    if (auth === undefined || colon < 0) return;
    const password = auth.slice(colon + 1);
    if (password === '' || password.includes('${{')) return;
    const offset = url.indexOf(auth) + colon + 1;
    ctx.inValue(ctx.projectFile, path, url, offset, password.length, 'AMAS802', 'store.url holds a password written in the file', {
      hint: 'write it as ${{ secrets.PG_PASSWORD }} (set in the environment or .env), or put the whole URL in AMAS_STORE_URL',
      // The report must not copy the password into CI logs.
      concealed: true,
    });
  },
};
