import { createHash } from 'node:crypto';
import { AmasError, type ProjectSpec, type StepSpec, type WorkflowSpec } from '../core/index.ts';
import type { AgentPort, ExprPort } from './ports.ts';
import { resolveRetry, resolveTimeout, type ResolvedRetry } from './policy.ts';

/** One step, precomputed once per workflow hash so that scheduling a run costs O(steps + edges). */
export interface PlanStep {
  index: number;
  id: string;
  spec: StepSpec;
  needs: Int32Array;
  dependents: Int32Array;
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

export interface Plan {
  workflow: WorkflowSpec;
  hash: string;
  steps: PlanStep[];
  byId: Map<string, number>;
  roots: Int32Array;
  hasOutputs: boolean;
}

/** Canonical JSON (sorted keys) so that the hash does not depend on key order in the file. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
    }
    return v;
  });
}

const hashes = new WeakMap<WorkflowSpec, string>();

/** sha256 of the canonical spec; memoised per spec object (specs are treated as immutable once loaded). */
export function specHash(spec: WorkflowSpec): string {
  let h = hashes.get(spec);
  if (h === undefined) {
    h = createHash('sha256').update(canonicalJson(spec)).digest('hex');
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
}

/**
 * Compiles a workflow into index-based adjacency lists. The spec layer has already rejected
 * cycles and unknown references in files; dynamic specs pass through it too, but the plan
 * re-checks what scheduling relies on, so a bad spec can never hang a run.
 */
export function compilePlan(workflow: WorkflowSpec, deps: PlanDeps, hash = specHash(workflow)): Plan {
  const n = workflow.steps.length;
  const byId = new Map<string, number>();
  workflow.steps.forEach((s, i) => {
    if (byId.has(s.id)) throw new AmasError('AMAS_ENGINE_PLAN', `workflow ${workflow.id}: duplicate step id "${s.id}"`);
    byId.set(s.id, i);
  });
  const depCount = new Int32Array(n);
  const needsOf: Int32Array[] = [];
  for (let i = 0; i < n; i++) {
    const s = workflow.steps[i]!;
    const needs = new Int32Array((s.needs ?? []).length);
    (s.needs ?? []).forEach((id, k) => {
      const j = byId.get(id);
      if (j === undefined) throw new AmasError('AMAS_ENGINE_PLAN', `workflow ${workflow.id}: step "${s.id}" needs unknown step "${id}"`);
      needs[k] = j;
      depCount[j]!++;
    });
    needsOf.push(needs);
  }
  const dependents = Array.from({ length: n }, (_, j) => new Int32Array(depCount[j]!));
  const fill = new Int32Array(n);
  for (let i = 0; i < n; i++) for (const j of needsOf[i]!) dependents[j]![fill[j]!++] = i;

  const steps: PlanStep[] = workflow.steps.map((s, i) => {
    const cap = deps.agents.describe(s.task, s.agent);
    if (!cap) {
      throw new AmasError('AMAS_ENGINE_PLAN', `workflow ${workflow.id}: step "${s.id}": no agent${s.agent ? ` "${s.agent}"` : ''} has capability "${s.task}"`);
    }
    const cond = s.if === undefined ? undefined : deps.expr.hasExpressions(s.if) ? s.if : `\${{ ${s.if} }}`;
    return {
      index: i,
      id: s.id,
      spec: s,
      needs: needsOf[i]!,
      dependents: dependents[i]!,
      constantWith: !containsExpr(s.with, deps.expr),
      condition: cond,
      timeoutMs: resolveTimeout(deps.project, s.timeout, cap.timeout, workflow.timeout),
      retry: resolveRetry(s.retry, cap.retry, deps.project?.runtime?.retry),
      sideEffects: cap.kind !== 'template',
      idempotent: s.idempotent !== false,
      route: { agentId: s.agent, domain: s.domain },
    };
  });
  checkAcyclic(steps, workflow.id);
  const roots = Int32Array.from(steps.filter((s) => s.needs.length === 0).map((s) => s.index));
  return { workflow, hash, steps, byId, roots, hasOutputs: workflow.outputs !== undefined };
}

/** Kahn's algorithm; names the steps on a cycle. */
function checkAcyclic(steps: PlanStep[], wf: string): void {
  const indeg = Int32Array.from(steps, (s) => s.needs.length);
  const queue: number[] = [];
  for (let i = 0; i < steps.length; i++) if (indeg[i] === 0) queue.push(i);
  let seen = 0;
  while (queue.length) {
    const i = queue.pop()!;
    seen++;
    for (const d of steps[i]!.dependents) if (--indeg[d]! === 0) queue.push(d);
  }
  if (seen !== steps.length) {
    const stuck = steps.filter((_, i) => indeg[i]! > 0).map((s) => s.id);
    throw new AmasError('AMAS_ENGINE_PLAN', `workflow ${wf}: steps form a cycle through ${stuck.slice(0, 5).join(', ')}`);
  }
}
