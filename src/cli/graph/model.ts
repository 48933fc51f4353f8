import { stepLabel, type AgentSpec, type StepSpec, type WorkflowSpec } from '../../core/index.ts';

/** A step placed in the DAG: its layer (0 = no needs) and the agents that can run it. */
export interface PlacedStep {
  step: StepSpec;
  layer: number;
  /** The pinned agent, or every agent offering the step's task (routing picks one at run time). */
  agents: string[];
  pinned: boolean;
}

export interface WorkflowGraph {
  workflow: WorkflowSpec;
  layers: PlacedStep[][];
  /** needs edges, [from, to] = `to` needs `from`; only between steps that exist. */
  edges: [string, string][];
}

/** Agents that may run a step: the pinned one, else those with the capability (same domain first). */
export function agentsForStep(step: StepSpec, agents: readonly AgentSpec[]): { agents: string[]; pinned: boolean } {
  const task = step.task;
  if (task === undefined) return { agents: [], pinned: false };
  if (step.agent !== undefined) return { agents: [step.agent], pinned: true };
  const able = agents.filter((a) => Object.hasOwn(a.capabilities, task));
  if (step.domain !== undefined) {
    const preferred = able.filter((a) => a.domain === step.domain);
    if (preferred.length > 0) return { agents: preferred.map((a) => a.id), pinned: false };
  }
  return { agents: able.map((a) => a.id), pinned: false };
}

/**
 * Longest-path layering: a step sits one layer below the deepest step it needs, so every
 * edge points downwards. Steps caught in a cycle (validate reports those) go to a last layer
 * rather than looping; order within a layer follows the file.
 */
export function layoutWorkflow(wf: WorkflowSpec, agents: readonly AgentSpec[]): WorkflowGraph {
  const byId = new Map(wf.steps.map((s) => [s.id, s]));
  const layerOf = new Map<string, number>();
  const visiting = new Set<string>();
  const CYCLE = -1;

  const depth = (id: string): number => {
    const known = layerOf.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) return CYCLE;
    visiting.add(id);
    let layer = 0;
    for (const need of byId.get(id)?.needs ?? []) {
      if (!byId.has(need)) continue;
      const d = depth(need);
      if (d === CYCLE) {
        layer = CYCLE;
        break;
      }
      layer = Math.max(layer, d + 1);
    }
    visiting.delete(id);
    layerOf.set(id, layer);
    return layer;
  };

  for (const s of wf.steps) depth(s.id);
  const maxLayer = Math.max(0, ...layerOf.values());
  const layers: PlacedStep[][] = [];
  for (const step of wf.steps) {
    let layer = layerOf.get(step.id) ?? 0;
    if (layer === CYCLE) layer = maxLayer + 1;
    (layers[layer] ??= []).push({ step, layer, ...agentsForStep(step, agents) });
  }
  const edges: [string, string][] = [];
  for (const s of wf.steps) for (const n of s.needs ?? []) if (byId.has(n)) edges.push([n, s.id]);
  return { workflow: wf, layers: layers.filter((l) => l.length > 0), edges };
}

/** The agent relationship map: who offers what, which workflow steps use it, who feeds whom. */
export interface AgentsMap {
  agents: {
    id: string;
    domain: string | undefined;
    description: string | undefined;
    capabilities: { name: string; usedBy: { workflow: string; step: string }[] }[];
    dependsOn: string[];
    consumers: string[];
    /** Bus events this agent reacts to, and the capability each runs (`reacts_to`). */
    reactsTo: { event: string; capability: string }[];
  }[];
  workflows: { id: string; description: string | undefined; steps: { id: string; task: string; agents: string[]; pinned: boolean }[] }[];
  /** Steps whose task no agent offers (validate reports them as errors). */
  unresolved: { workflow: string; step: string; task: string }[];
}

export function buildAgentsMap(agents: readonly AgentSpec[], workflows: readonly WorkflowSpec[]): AgentsMap {
  const usage = new Map<string, { workflow: string; step: string }[]>();
  const key = (agent: string, task: string) => `${agent}\u0000${task}`;
  const unresolved: AgentsMap['unresolved'] = [];
  const wfs = workflows.map((wf) => ({
    id: wf.id,
    description: wf.description,
    steps: wf.steps.map((step) => {
      const { agents: ids, pinned } = agentsForStep(step, agents);
      const task = step.task;
      if (task !== undefined) {
        if (ids.length === 0) unresolved.push({ workflow: wf.id, step: step.id, task });
        for (const id of ids) {
          const list = usage.get(key(id, task)) ?? [];
          list.push({ workflow: wf.id, step: step.id });
          usage.set(key(id, task), list);
        }
      }
      return { id: step.id, task: stepLabel(step), agents: ids, pinned };
    }),
  }));
  return {
    agents: agents.map((a) => ({
      id: a.id,
      domain: a.domain,
      description: a.description,
      capabilities: Object.keys(a.capabilities).map((name) => ({ name, usedBy: usage.get(key(a.id, name)) ?? [] })),
      dependsOn: [...(a.depends_on ?? [])],
      consumers: [...(a.consumers ?? [])],
      reactsTo: (a.reacts_to ?? []).map((r) => ({ event: r.event, capability: r.capability })),
    })),
    workflows: wfs,
    unresolved,
  };
}

/** `${{ x }}` → `x`, for showing expressions compactly. */
export function bareExpr(text: string): string {
  const m = /^\s*\$\{\{([\s\S]*)\}\}\s*$/.exec(text);
  return (m?.[1] ?? text).trim().replace(/\s+/g, ' ');
}

/**
 * How a step repeats or delegates, one short line each, the same in every drawing: a fan-out
 * (`×N for_each …`), a loop (`↻ max 3 until …`), a sub-workflow (`↳ workflow publish`).
 */
export function flowMarks(step: StepSpec): { fanOut?: string; loop?: string; child?: string } {
  const out: { fanOut?: string; loop?: string; child?: string } = {};
  if (step.for_each !== undefined) {
    const over = Array.isArray(step.for_each) ? `×${step.for_each.length} [${step.for_each.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ')}]` : `×N ${bareExpr(step.for_each)}`;
    out.fanOut = `${over}${(step.concurrency ?? 1) > 1 ? ` · ${step.concurrency} at a time` : ''}`;
  }
  if (step.repeat !== undefined) out.loop = `↻ max ${step.repeat.max} until ${bareExpr(step.repeat.until)}`;
  if (step.workflow !== undefined) out.child = `↳ workflow ${step.workflow}`;
  return out;
}
