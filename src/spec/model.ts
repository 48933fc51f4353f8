import { createHash } from 'node:crypto';
import type { AgentSpec, Diagnostic, ProjectSpec, WorkflowSpec } from '../core/index.ts';

/** A loaded project: only specs whose files have no errors, so a runtime can keep the last good model. */
export interface ProjectModel {
  dir: string;
  /** amas.yaml with schema defaults applied ({} when absent or invalid). */
  project: ProjectSpec;
  agents: Map<string, { spec: AgentSpec; file: string; hash: string }>;
  workflows: Map<string, { spec: WorkflowSpec; file: string; hash: string }>;
  /** Text of every spec file read, by path relative to dir (for code frames). */
  files: Map<string, string>;
}

export interface LoadResult {
  model: ProjectModel;
  diagnostics: Diagnostic[];
  /** No error-severity diagnostics. */
  ok: boolean;
}

/** JSON with keys sorted at every level: the same spec always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, sortKeys) ?? 'null';
}

function sortKeys(_key: string, v: unknown): unknown {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
  const obj = v as Record<string, unknown>;
  const keys = Object.keys(obj);
  let sorted = true;
  for (let i = 1; i < keys.length; i++) if (keys[i - 1]! > keys[i]!) sorted = false;
  if (sorted) return v;
  const out: Record<string, unknown> = {};
  for (const k of keys.sort()) out[k] = obj[k];
  return out;
}

/** sha256 (hex) of the canonical JSON of a spec; runs pin to it. */
export function specHash(spec: unknown): string {
  return createHash('sha256').update(canonicalJson(spec)).digest('hex');
}
