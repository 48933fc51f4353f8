import { meanSuffix } from '../../schema/index.ts';
import { checked, type Rule } from './base.ts';

const KINDS = ['cron', 'event', 'file', 'manual'] as const;
/** Options that mean something for one kind of trigger only. */
const ONLY: Record<string, (typeof KINDS)[number]> = {
  timezone: 'cron',
  jitter: 'cron',
  misfire: 'cron',
  grace: 'cron',
  where: 'event',
  debounce: 'file',
};

/**
 * AMAS501/504/506: a trigger has exactly one kind, only that kind's options, and inputs the
 * workflow declares. Uses the keys as written: schema defaults (timezone, misfire) are added to
 * every trigger and must not count.
 */
export const triggers: Rule = {
  name: 'triggers',
  codes: ['AMAS501', 'AMAS504', 'AMAS506'],
  check(ctx) {
    for (const wf of checked(ctx.workflows)) {
      const written = wf.file.triggerKeys;
      if (!written) continue;
      const inputNames = Object.keys(wf.spec.inputs ?? {});
      (wf.spec.on ?? []).forEach((t, i) => {
        const keys = written[i] ?? [];
        const kinds = KINDS.filter((k) => keys.includes(k));
        const n = i + 1;
        if (kinds.length === 0) {
          ctx.at(wf.file, ['on', i], 'AMAS501', `trigger #${n} has none of \`cron\`, \`event\`, \`file\` or \`manual\``, { hint: 'add one, e.g. `manual: {}`' });
          return;
        }
        if (kinds.length > 1) {
          ctx.at(wf.file, ['on', i, kinds[1]!], 'AMAS501', `trigger #${n} mixes \`${kinds[0]}\` and \`${kinds[1]}\`; a trigger has exactly one kind`, { target: 'key', hint: 'write each as a trigger of its own under `on:`' });
          return;
        }
        const kind = kinds[0]!;
        for (const k of keys) {
          const only = ONLY[k];
          if (only && only !== kind) {
            ctx.at(wf.file, ['on', i, k], 'AMAS504', `\`${k}\` applies only to ${only} triggers; trigger #${n} is ${kind === 'event' ? 'an' : 'a'} ${kind} trigger`, { target: 'key' });
          }
        }
        const given: unknown = t.inputs;
        if (given && typeof given === 'object' && !Array.isArray(given)) {
          for (const k of Object.keys(given)) {
            if (inputNames.includes(k)) continue;
            ctx.at(wf.file, ['on', i, 'inputs', k], 'AMAS506', `trigger #${n} gives unknown input \`${k}\`${meanSuffix(k, inputNames)}`, {
              target: 'key',
              hint: inputNames.length === 0 ? `workflow \`${wf.spec.id}\` declares no inputs` : `workflow \`${wf.spec.id}\` has inputs ${inputNames.join(', ')}`,
            });
          }
        }
      });
    }
  },
};
