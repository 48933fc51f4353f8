import type { Rule, SpecEntry } from './base.ts';

function dupes<T extends { id: string }>(list: readonly SpecEntry<T>[], what: string, report: (e: SpecEntry<T>, msg: string) => void): void {
  const first = new Map<string, SpecEntry<T>>();
  for (const e of list) {
    const prev = first.get(e.spec.id);
    if (!prev) first.set(e.spec.id, e);
    else if (e.check) report(e, `${what} id \`${e.spec.id}\` is already used by ${prev.file.rel}`);
  }
}

/** AMAS301: agent and workflow ids are unique across the project's files. */
export const duplicateIds: Rule = {
  name: 'duplicate-ids',
  codes: ['AMAS301'],
  check(ctx) {
    const hint = 'ids name agents and workflows everywhere (steps, runs, the CLI); rename one';
    dupes(ctx.agents, 'agent', (e, msg) => ctx.at(e.file, ['id'], 'AMAS301', msg, { hint }));
    dupes(ctx.workflows, 'workflow', (e, msg) => ctx.at(e.file, ['id'], 'AMAS301', msg, { hint }));
  },
};
