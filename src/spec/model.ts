import { canonicalHash, type AgentSpec, type Diagnostic, type ProjectSpec, type WorkflowSpec } from '../core/index.ts';

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

/** sha256 (hex) of the canonical JSON of a spec; runs pin to it. */
export function specHash(spec: unknown): string {
  return canonicalHash(spec);
}
