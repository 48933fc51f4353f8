import { canonicalHash, type AgentSpec, type Diagnostic, type ProjectSpec, type TestSpec, type WorkflowSpec } from '../core/index.ts';

/** A loaded project: only specs whose files have no errors, so a runtime can keep the last good model. */
export interface ProjectModel {
  dir: string;
  /** amas.yaml with schema defaults applied ({} when absent or invalid). */
  project: ProjectSpec;
  agents: Map<string, { spec: AgentSpec; file: string; hash: string }>;
  workflows: Map<string, { spec: WorkflowSpec; file: string; hash: string }>;
  /**
   * The tests in tests.d/ by file name without extension — the name of each one's cassette,
   * tests.d/cassettes/<name>.json (`amas test`).
   */
  tests?: Map<string, { spec: TestSpec; file: string }>;
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

/** tests.d/publish.yaml → publish: the test's key in the model and the name of its cassette. */
export function testFileName(rel: string): string {
  return rel.replace(/^.*\//, '').replace(/\.ya?ml$/i, '');
}
