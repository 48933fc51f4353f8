import { checked, type Rule } from './base.ts';

/**
 * Event types some part of amas publishes on its own: agents (task_complete, error_occurred),
 * the runtime and monitoring (system_status), and `amas emit` / HTTP / MCP (external_trigger).
 * task_request, data_update and agent_message come only from agents that say so in `produces`
 * (or from outside, by hand), so a trigger waiting for them without a producer is warned about.
 */
const ALWAYS = new Set(['task_complete', 'error_occurred', 'system_status', 'external_trigger']);

/** AMAS505 (warning): an event trigger or an agent's `reacts_to` waits for a type that nothing in the project emits. */
export const events: Rule = {
  name: 'events',
  codes: ['AMAS505'],
  check(ctx) {
    const produced = new Set(ctx.agents.flatMap((a) => a.spec.produces ?? []));
    for (const wf of checked(ctx.workflows)) {
      (wf.spec.on ?? []).forEach((t, i) => {
        const type = t.event;
        if (type === undefined || ALWAYS.has(type) || produced.has(type)) return;
        ctx.at(wf.file, ['on', i, 'event'], 'AMAS505', `nothing in this project emits \`${type}\`, so this trigger fires only on \`amas emit ${type}\``, {
          hint: `list \`${type}\` under \`produces:\` of the agent that publishes it`,
        });
      });
    }
    for (const agent of checked(ctx.agents)) {
      (agent.spec.reacts_to ?? []).forEach((r, i) => {
        if (ALWAYS.has(r.event) || produced.has(r.event)) return;
        ctx.at(agent.file, ['reacts_to', i, 'event'], 'AMAS505', `nothing in this project emits \`${r.event}\`, so this reaction runs only on \`amas emit ${r.event}\``, {
          hint: `list \`${r.event}\` under \`produces:\` of the agent that publishes it`,
        });
      });
    }
  },
};
