import { AmasError, canonicalHash, stepKind, type ProjectSpec, type StepKind, type StepSpec, type WorkflowSpec } from '../core/index.ts';
import type { AgentPort, CapabilityInfo, ExprPort } from './ports.ts';
import { resolveRetry, resolveTimeout, type ResolvedRetry } from './policy.ts';

/** One step, precomputed once per workflow hash so that scheduling a run costs O(steps + edges). */
export interface PlanStep {
  index: number;
  id: string;
  spec: StepSpec;
  /** A task for an agent, an approval by a person (approval-step.ts), or another workflow as a child run. */
  kind: StepKind;
  /** The capability a task step runs; for a `workflow:` step, the child workflow's id; '' for an approval. */
  capability: string;
  /** `for_each`: the list (an expression or a literal) and how many items run at once. */
  forEach: { list: unknown; concurrency: number } | undefined;
  /** `repeat`: the condition as a template and the most iterations. */
  repeat: { until: string; max: number } | undefined;
  /** The step's needs list: a group in `Plan.edges` (steps whose spec shares one `needs` array share one group). */
  group: number;
  /** `with` holds no expression: its value is passed as is, never re-rendered. */
  constantWith: boolean;
  /** The condition as a template (`${{ … }}`), or undefined when the step has none. */
  condition: string | undefined;
  timeoutMs: number;
  retry: ResolvedRetry;
  /** Anything but a template: its transitions are acknowledged only once durable. */
  sideEffects: boolean;
  idempotent: boolean;
  /** Routing preferences handed to the agent port, built once here rather than per attempt. */
  route: { agentId?: string; domain?: string };
}

/**
 * The dependency graph in flat arrays (compressed rows) rather than two arrays per step: a
 * layered 10,000-step workflow has 990,000 edges, and 20,000 typed arrays cost 3.7 MB of
 * wrappers on top of their 8 MB of contents. Edges go through needs groups — one per distinct
 * `needs` array in the spec, so the hundred steps of a layer that share one list (a spec built in
 * code, or a YAML alias) store it once, and a step's dependents are the groups that name it.
 */
export interface PlanEdges {
  /** Steps needed by group g: `needs[needStart[g] … needStart[g + 1])`. Group 0 is empty. */
  needStart: Int32Array;
  needs: Int32Array;
  /** Steps in group g: `members[memberStart[g] … memberStart[g + 1])`, in index order. */
  memberStart: Int32Array;
  members: Int32Array;
  /** Groups that name step i (once per mention): `dependentGroups[depStart[i] … depStart[i + 1])`. */
  depStart: Int32Array;
  dependentGroups: Int32Array;
}

export interface Plan {
  workflow: WorkflowSpec;
  hash: string;
  steps: PlanStep[];
  byId: Map<string, number>;
  edges: PlanEdges;
  hasOutputs: boolean;
  /**
   * The capability and project settings this plan baked in (see `planSettings`). The plan is
   * cached by workflow hash, but these come from agents and amas.yaml, which a reload changes:
   * a cached plan is reused only while they still read the same.
   */
  settings: PlanSettings;
}

/** The (capability, pinned agent) pairs a workflow's steps use, and what they resolved to. */
export interface PlanSettings {
  pairs: { task: string; agent: string | undefined }[];
  key: string;
}

const hashes = new WeakMap<WorkflowSpec, string>();

/** sha256 of the canonical spec; memoised per spec object (specs are treated as immutable once loaded). */
export function specHash(spec: WorkflowSpec): string {
  let h = hashes.get(spec);
  if (h === undefined) {
    h = canonicalHash(spec);
    hashes.set(spec, h);
  }
  return h;
}

function containsExpr(value: unknown, expr: ExprPort): boolean {
  if (typeof value === 'string') return expr.hasExpressions(value);
  if (Array.isArray(value)) return value.some((v) => containsExpr(v, expr));
  if (value && typeof value === 'object') return Object.values(value).some((v) => containsExpr(v, expr));
  return false;
}

export interface PlanDeps {
  agents: AgentPort;
  expr: ExprPort;
  project?: ProjectSpec | undefined;
  /** Whether a workflow id names a workflow a `workflow:` step can run. */
  hasWorkflow?: ((id: string) => boolean) | undefined;
}

/**
 * Compiles a workflow into index-based adjacency lists. The spec layer has already rejected
 * cycles and unknown references in files; dynamic specs pass through it too, but the plan
 * re-checks what scheduling relies on, so a bad spec can never hang a run.
 */
export function compilePlan(workflow: WorkflowSpec, deps: PlanDeps, hash = specHash(workflow)): Plan {
  const described = new Map<string, CapabilityInfo | undefined>();
  const describe = (task: string, agent: string | undefined): CapabilityInfo | undefined => {
    const k = pairKey(task, agent);
    if (!described.has(k)) described.set(k, deps.agents.describe(task, agent));
    return described.get(k);
  };
  const byId = new Map<string, number>();
  workflow.steps.forEach((s, i) => {
    if (byId.has(s.id)) throw new AmasError('AMAS_ENGINE_PLAN', `workflow ${workflow.id}: duplicate step id "${s.id}"`);
    byId.set(s.id, i);
  });
  const { groupOf, edges } = compileEdges(workflow, byId);
  const noRoute = {};
  const steps: PlanStep[] = workflow.steps.map((s, i) => {
    const kind = stepKind(s);
    if (kind === 'approval') {
      // A person answers: no agent, executor, timeout or retry. Its request and answer are durable writes.
      const cond = s.if === undefined ? undefined : deps.expr.hasExpressions(s.if) ? s.if : `\${{ ${s.if} }}`;
      return { index: i, id: s.id, spec: s, kind, capability: '', forEach: undefined, repeat: undefined, group: groupOf[i]!, constantWith: true, condition: cond, timeoutMs: 0, retry: ONE_ATTEMPT, sideEffects: true, idempotent: true, route: noRoute };
    }
    let cap: CapabilityInfo | undefined;
    if (kind === 'workflow') {
      if (!deps.hasWorkflow?.(s.workflow!)) throw new AmasError('AMAS_ENGINE_PLAN', `workflow ${workflow.id}: step "${s.id}": no workflow "${s.workflow}" to run`);
    } else {
      cap = describe(s.task!, s.agent);
      if (!cap) {
        throw new AmasError('AMAS_ENGINE_PLAN', `workflow ${workflow.id}: step "${s.id}": no agent${s.agent ? ` "${s.agent}"` : ''} has capability "${s.task}"`);
      }
    }
    if (s.for_each !== undefined && s.repeat !== undefined) {
      throw new AmasError('AMAS_ENGINE_PLAN', `workflow ${workflow.id}: step "${s.id}": for_each and repeat cannot be combined on one step`);
    }
    const asTemplate = (e: string) => (deps.expr.hasExpressions(e) ? e : `\${{ ${e} }}`);
    return {
      index: i,
      id: s.id,
      spec: s,
      kind,
      capability: kind === 'workflow' ? s.workflow! : s.task!,
      forEach: s.for_each === undefined ? undefined : { list: s.for_each, concurrency: Math.max(1, s.concurrency ?? 1) },
      repeat: s.repeat === undefined ? undefined : { until: asTemplate(s.repeat.until), max: Math.max(1, s.repeat.max) },
      group: groupOf[i]!,
      // Item and iteration scopes change per render: such a step's `with` is always rendered.
      constantWith: s.for_each === undefined && s.repeat === undefined && !containsExpr(s.with, deps.expr),
      condition: s.if === undefined ? undefined : asTemplate(s.if),
      timeoutMs: resolveTimeout(deps.project, s.timeout, cap?.timeout, workflow.timeout),
      retry: kind === 'workflow' ? resolveRetry({ attempts: 1 }, undefined, undefined) : resolveRetry(s.retry, cap?.retry, deps.project?.runtime?.retry),
      sideEffects: cap?.kind !== 'template',
      idempotent: s.idempotent !== false,
      route: s.agent === undefined && s.domain === undefined ? noRoute : { agentId: s.agent, domain: s.domain },
    };
  });
  checkAcyclic(steps, edges, workflow.id);
  const pairs = [...described.keys()].map((k) => {
    const [task, agent] = k.split('\0') as [string, string];
    return { task, agent: agent === '' ? undefined : agent };
  });
  const settings = { pairs, key: settingsKey(pairs, (t, a) => described.get(pairKey(t, a)), deps.project) };
  return { workflow, hash, steps, byId, edges, hasOutputs: workflow.outputs !== undefined, settings };
}

const ONE_ATTEMPT = resolveRetry({ attempts: 1 });

const pairKey = (task: string, agent: string | undefined): string => `${task}\0${agent ?? ''}`;

/**
 * Everything a plan reads outside the workflow spec, as one string: per (capability, agent)
 * pair its executor kind, timeout and retry, and the project's default timeout and retry.
 * A few `describe` calls per run (one per distinct pair, not per step).
 */
function settingsKey(pairs: PlanSettings['pairs'], describe: (task: string, agent: string | undefined) => CapabilityInfo | undefined, project: ProjectSpec | undefined): string {
  const parts: unknown[] = [project?.runtime?.default_timeout ?? null, project?.runtime?.retry ?? null];
  for (const p of pairs) {
    const c = describe(p.task, p.agent);
    parts.push(c ? [c.kind ?? null, c.timeout ?? null, c.retry ?? null] : null);
  }
  return JSON.stringify(parts);
}

/** Whether a cached plan still matches the capability and project settings it was compiled from. */
export function planIsCurrent(plan: Plan, deps: PlanDeps): boolean {
  return settingsKey(plan.settings.pairs, (t, a) => deps.agents.describe(t, a), deps.project) === plan.settings.key;
}

function compileEdges(workflow: WorkflowSpec, byId: Map<string, number>): { groupOf: Int32Array; edges: PlanEdges } {
  const n = workflow.steps.length;
  const groupOf = new Int32Array(n);
  const lists: (readonly string[])[] = [[]];
  const groupIds = new Map<readonly string[], number>();
  let edgeCount = 0;
  for (let i = 0; i < n; i++) {
    const needs = workflow.steps[i]!.needs;
    if (!needs || needs.length === 0) continue;
    let g = groupIds.get(needs);
    if (g === undefined) {
      g = lists.push(needs) - 1;
      groupIds.set(needs, g);
      edgeCount += needs.length;
    }
    groupOf[i] = g;
  }
  const G = lists.length;
  const needStart = new Int32Array(G + 1);
  const needIdx = new Int32Array(edgeCount);
  const mentions = new Int32Array(n);
  for (let g = 1, k = 0; g < G; g++) {
    needStart[g] = k;
    for (const id of lists[g]!) {
      const j = byId.get(id);
      if (j === undefined) {
        const by = workflow.steps[groupOf.indexOf(g)]!.id;
        throw new AmasError('AMAS_ENGINE_PLAN', `workflow ${workflow.id}: step "${by}" needs unknown step "${id}"`);
      }
      needIdx[k++] = j;
      mentions[j]!++;
    }
  }
  needStart[G] = edgeCount;
  const memberStart = new Int32Array(G + 1);
  for (let i = 0; i < n; i++) memberStart[groupOf[i]! + 1]!++;
  for (let g = 0; g < G; g++) memberStart[g + 1]! += memberStart[g]!;
  const members = new Int32Array(n);
  const fill = memberStart.slice(0, G);
  for (let i = 0; i < n; i++) members[fill[groupOf[i]!]!++] = i;
  const depStart = new Int32Array(n + 1);
  for (let j = 0; j < n; j++) depStart[j + 1] = depStart[j]! + mentions[j]!;
  const dependentGroups = new Int32Array(edgeCount);
  const at = depStart.slice(0, n);
  for (let g = 1; g < G; g++) for (let k = needStart[g]!; k < needStart[g + 1]!; k++) dependentGroups[at[needIdx[k]!]!++] = g;
  return { groupOf, edges: { needStart, needs: needIdx, memberStart, members, depStart, dependentGroups } };
}

/**
 * Open needs per step, counted once per needs group (the steps of a layer share one): all of
 * them in a new run, those not `finished` when a run resumes.
 */
export function openNeeds(plan: Plan, finished: ((step: number) => boolean) | undefined): Int32Array {
  const { needStart, needs } = plan.edges;
  const ofGroup = new Int32Array(needStart.length - 1);
  for (let g = 0; g < ofGroup.length; g++) {
    let open = needStart[g + 1]! - needStart[g]!;
    if (finished) for (let k = needStart[g]!; k < needStart[g + 1]!; k++) if (finished(needs[k]!)) open--;
    ofGroup[g] = open;
  }
  return Int32Array.from(plan.steps, (s) => ofGroup[s.group]!);
}

/** Kahn's algorithm over the needs groups; names the steps on a cycle. */
function checkAcyclic(steps: PlanStep[], e: PlanEdges, wf: string): void {
  const indeg = Int32Array.from(steps, (s) => e.needStart[s.group + 1]! - e.needStart[s.group]!);
  const queue: number[] = [];
  for (let i = 0; i < steps.length; i++) if (indeg[i] === 0) queue.push(i);
  let seen = 0;
  while (queue.length) {
    const i = queue.pop()!;
    seen++;
    for (let k = e.depStart[i]!; k < e.depStart[i + 1]!; k++) {
      const g = e.dependentGroups[k]!;
      for (let m = e.memberStart[g]!; m < e.memberStart[g + 1]!; m++) if (--indeg[e.members[m]!]! === 0) queue.push(e.members[m]!);
    }
  }
  if (seen !== steps.length) {
    const stuck = steps.filter((_, i) => indeg[i]! > 0).map((s) => s.id);
    throw new AmasError('AMAS_ENGINE_PLAN', `workflow ${wf}: steps form a cycle through ${stuck.slice(0, 5).join(', ')}`);
  }
}
