import { meanSuffix } from '../../schema/index.ts';
import { listNames } from '../source.ts';
import { checked, type Rule } from './base.ts';

/**
 * AMAS362: a `reacts_to` entry runs a capability the agent itself does not have. A reaction runs on
 * the agent that declares it (docs/guide.md "Agents that react to events"), so another agent's
 * capability is no answer: the hint names who offers it.
 */
export const reactions: Rule = {
  name: 'reactions',
  codes: ['AMAS362'],
  check(ctx) {
    for (const agent of checked(ctx.agents)) {
      const caps = Object.keys(agent.spec.capabilities);
      (agent.spec.reacts_to ?? []).forEach((r, i) => {
        if (caps.includes(r.capability)) return;
        const others = (ctx.providers.get(r.capability) ?? []).map((a) => a.spec.id).filter((id) => id !== agent.spec.id);
        const hint =
          others.length > 0
            ? `a reaction runs on the agent that declares it; ${listNames(others, 'and')} offer${others.length === 1 ? 's' : ''} \`${r.capability}\`: move the reaction there`
            : `${agent.spec.id} offers ${listNames(caps, 'and')}`;
        ctx.at(agent.file, ['reacts_to', i, 'capability'], 'AMAS362', `agent \`${agent.spec.id}\` reacts to \`${r.event}\` with \`${r.capability}\`, a capability it does not have${meanSuffix(r.capability, caps)}`, { hint });
      });
    }
  },
};
