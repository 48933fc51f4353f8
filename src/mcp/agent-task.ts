import { AmasError, type AgentSpec, type WorkflowSpec } from '../core/index.ts';
import type { CatalogEntry } from './backend.ts';

/**
 * `request_agent_task` as a one-step dynamic workflow, so that it gets the engine's routing,
 * contracts, timeouts, retries and journal like any step. `agentType` is an agent id (the step
 * is pinned to it) or a domain (any agent of that domain with the capability; case-insensitive).
 * Parameters travel as run inputs and are referenced from `with`, never pasted into it: their
 * text is data, so a `${{ … }}` inside a parameter is not evaluated.
 */
export function agentTaskWorkflow(agents: CatalogEntry<AgentSpec>[], agentType: string, taskType: string, params: Record<string, unknown>): WorkflowSpec {
  const byId = agents.find((a) => a.id === agentType);
  const step: WorkflowSpec['steps'][number] = { id: 'task', task: taskType };
  if (byId) {
    if (!Object.hasOwn(byId.spec.capabilities, taskType)) {
      const caps = Object.keys(byId.spec.capabilities);
      throw new AmasError('AMAS_UNKNOWN_CAPABILITY', `agent "${agentType}" has no capability "${taskType}"`, { hint: `its capabilities: ${caps.join(', ') || 'none'}` });
    }
    step.agent = byId.id;
  } else {
    const wanted = agentType.toLowerCase();
    const inDomain = agents.filter((a) => (a.spec.domain ?? '').toLowerCase() === wanted);
    if (inDomain.length === 0) {
      const domains = [...new Set(agents.map((a) => a.spec.domain).filter((d): d is string => !!d))];
      throw new AmasError('AMAS_UNKNOWN_AGENT', `no agent or domain "${agentType}"`, {
        hint: `agents: ${agents.map((a) => a.id).join(', ') || 'none'}${domains.length ? `; domains: ${domains.join(', ')}` : ''}`,
      });
    }
    const capable = inDomain.filter((a) => Object.hasOwn(a.spec.capabilities, taskType));
    if (capable.length === 0) {
      throw new AmasError('AMAS_UNKNOWN_CAPABILITY', `no agent of domain "${agentType}" has capability "${taskType}"`, {
        hint: `agents of that domain: ${inDomain.map((a) => `${a.id} (${Object.keys(a.spec.capabilities).join(', ')})`).join('; ')}`,
      });
    }
    // One capable agent: pin it. Several: route by the capability, preferring the domain.
    if (capable.length === 1) step.agent = capable[0]!.id;
    else step.domain = capable[0]!.spec.domain!;
  }
  const keys = Object.keys(params);
  if (keys.length) step.with = Object.fromEntries(keys.map((k) => [k, `\${{ inputs.params[${JSON.stringify(k)}] }}`]));
  return {
    id: 'agent-task',
    description: `request_agent_task: ${taskType} on ${agentType}`,
    inputs: { params: { type: 'object', default: {} } },
    steps: [step],
    outputs: { result: '${{ steps.task.output }}' },
  };
}
