import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AgentSpec, Diagnostic, ProjectSpec, TestSpec, WorkflowSpec } from '../core/index.ts';
import { AmasError, parseDotenv, sortDiagnostics } from '../core/index.ts';
import { looseNames, runRules } from './check.ts';
import { internal } from './filecheck.ts';
import { applyIgnores } from './ignore.ts';
import { processAll } from './loader/pool.ts';
import { findSpecFiles } from './loader/read.ts';
import { specHash, testFileName, type LoadResult, type ProjectModel } from './model.ts';
import type { AgentEntry, TestEntry, WorkflowEntry } from './rules/index.ts';
import type { SourceFile } from './source.ts';

/** A model entry whose hash is computed when first read: validate alone never needs it. */
function modelEntry<T>(spec: T, file: string): { spec: T; file: string; hash: string } {
  let hash: string | undefined;
  return {
    spec,
    file,
    get hash(): string {
      hash ??= specHash(spec);
      return hash;
    },
  };
}

export function readDotenv(dir: string): Record<string, string> {
  try {
    return parseDotenv(readFileSync(join(dir, '.env'), 'utf8'));
  } catch {
    return {};
  }
}

/**
 * Loads and checks every spec of a project in one pass (docs/architecture.md "Specs: loading and validation"): YAML syntax, JSON Schema,
 * then the semantic rules. Never throws for bad specs; throws AmasError (exit 2) when `dir` is
 * not a directory.
 */
export async function loadProject(dir: string, opts: { env?: Record<string, string | undefined>; mirrorOf?: string } = {}): Promise<LoadResult> {
  const abs = resolve(dir);
  let isDir = false;
  try {
    isDir = statSync(abs).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw new AmasError('AMAS_NO_PROJECT', `no project directory at ${dir}`, { exitCode: 2, hint: 'give the directory that holds amas.yaml, agents.d/ and workflows.d/' });

  const { files: found, diagnostics: listDiags } = findSpecFiles(abs);
  const results = await processAll(found);
  const diagnostics: Diagnostic[] = [...listDiags];
  const texts = new Map<string, string>();
  let projectFile: SourceFile | undefined;
  let project: ProjectSpec | undefined;
  const agents: AgentEntry[] = [];
  const workflows: WorkflowEntry[] = [];
  const tests: TestEntry[] = [];
  const looseAgentIds = new Set<string>();
  const looseCapabilities = new Set<string>();

  for (const r of results) {
    const kind = r.found.kind;
    diagnostics.push(...r.diagnostics);
    if (r.text !== undefined) texts.set(r.found.rel, r.text);
    if (!r.file) continue;
    // A file with schema errors is still checked on its schema-valid part, so one run shows
    // every problem; the model below keeps only files without errors.
    const spec = r.spec ?? r.partial;
    if (kind === 'agent' && r.spec === undefined) looseNames(r.file.data, looseAgentIds, looseCapabilities);
    if (spec === undefined) continue;
    if (kind === 'project') {
      projectFile = r.file;
      project = spec as ProjectSpec;
    } else if (kind === 'agent') agents.push({ spec: spec as AgentSpec, file: r.file, check: true });
    else if (kind === 'test') tests.push({ spec: spec as TestSpec, file: r.file, check: true });
    else workflows.push({ spec: spec as WorkflowSpec, file: r.file, check: true });
  }

  const env = opts.env ?? process.env;
  try {
    diagnostics.push(
      ...runRules({ dir: abs, project: project ?? {}, agents, workflows, tests, looseAgentIds, looseCapabilities, env, dotenv: readDotenv(abs), ...(projectFile ? { projectFile } : {}), ...(opts.mirrorOf === undefined ? {} : { mirrorOf: opts.mirrorOf }) }),
    );
  } catch (err) {
    diagnostics.push(internal('amas.yaml', err));
  }

  const final = sortDiagnostics(applyIgnores(diagnostics, texts));
  const bad = new Set(final.filter((d) => d.severity === 'error').map((d) => d.file));
  const model: ProjectModel = { dir: abs, project: project && !bad.has('amas.yaml') ? project : {}, agents: new Map(), workflows: new Map(), files: texts };
  for (const a of agents) {
    if (!bad.has(a.file.rel) && !model.agents.has(a.spec.id)) model.agents.set(a.spec.id, modelEntry(a.spec, a.file.rel));
  }
  for (const w of workflows) {
    if (!bad.has(w.file.rel) && !model.workflows.has(w.spec.id)) model.workflows.set(w.spec.id, modelEntry(w.spec, w.file.rel));
  }
  const testMap = new Map<string, { spec: TestSpec; file: string }>();
  for (const t of tests) {
    const name = testFileName(t.file.rel);
    if (!bad.has(t.file.rel) && !testMap.has(name)) testMap.set(name, { spec: t.spec, file: t.file.rel });
  }
  model.tests = testMap;
  return { model, diagnostics: final, ok: !final.some((d) => d.severity === 'error') };
}
