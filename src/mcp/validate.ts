import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { errorMessage, type Diagnostic, type WorkflowSpec } from '../core/index.ts';
import { formatDiagnostics, loadProject, validateDynamicWorkflow, type ProjectModel } from '../spec/index.ts';
import type { DiagnosticView, SpecKind, ValidationReport } from './backend.ts';

const DYNAMIC_NAME = '<dynamic>';
const SPEC_ENTRIES = new Set(['amas.yaml', 'agents.d', 'workflows.d', '.amas']);

/** Text of a submitted spec: YAML/JSON text as is, an object written out as YAML (so positions refer to it). */
export function specText(source: string | object): string {
  return typeof source === 'string' ? source : stringify(source, { aliasDuplicateObjects: false });
}

export function report(diagnostics: Diagnostic[], files: Map<string, string>): ValidationReport {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  const views: DiagnosticView[] = diagnostics.map(({ file, line, column, severity, code, message, hint }) => ({
    file, line, column, severity, code, message, ...(hint ? { hint } : {}),
  }));
  return { ok: errors === 0, errors, warnings, diagnostics: views, text: diagnostics.length ? formatDiagnostics(diagnostics, 'text', { files, color: false }) : '' };
}

/**
 * Checks a spec submitted at run time with exactly the checks `amas validate` runs on files.
 * A workflow is checked against the model's agents (as a dynamic workflow is before it runs).
 * An agent or amas.yaml is checked by loading a scratch copy of the project with the submitted
 * file in place — replacing the agent of the same id, if any — so that what it would break
 * elsewhere (a workflow step whose capability it drops) is reported too.
 */
export async function validateSpecSource(model: ProjectModel, kind: SpecKind, source: string | object, env?: Record<string, string | undefined>): Promise<ValidationReport> {
  let text: string;
  try {
    text = specText(source);
  } catch (err) {
    return unreadable(err);
  }
  if (kind === 'workflow') return checkWorkflowText(model, text).report;
  const rel = kind === 'project' ? 'amas.yaml' : agentFile(model, text);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'amas-validate-'));
  try {
    writeScratch(model, scratch, rel, text);
    const loaded = await loadProject(scratch, env === undefined ? { mirrorOf: model.dir } : { env, mirrorOf: model.dir });
    // Problems of the submitted file, and errors it causes elsewhere; not old warnings of other files.
    const relevant = loaded.diagnostics.filter((d) => d.file === rel || d.severity === 'error');
    return report(relevant, loaded.model.files);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** A dynamic workflow checked as a file of workflows.d/ would be: the spec when it has no errors, and the report. */
export function checkWorkflow(model: ProjectModel, source: string | object): { spec?: WorkflowSpec; report: ValidationReport } {
  let text: string;
  try {
    text = specText(source);
  } catch (err) {
    return { report: unreadable(err) };
  }
  return checkWorkflowText(model, text);
}

function checkWorkflowText(model: ProjectModel, text: string): { spec?: WorkflowSpec; report: ValidationReport } {
  const { spec, diagnostics } = validateDynamicWorkflow(model, text, DYNAMIC_NAME);
  const r = report(diagnostics, new Map([[DYNAMIC_NAME, text]]));
  return r.ok && spec ? { spec, report: r } : { report: r };
}

function unreadable(err: unknown): ValidationReport {
  const d: Diagnostic = { file: DYNAMIC_NAME, line: 1, column: 1, endLine: 1, endColumn: 2, severity: 'error', code: 'AMAS101', message: `cannot read the spec: ${errorMessage(err)}` };
  return report([d], new Map());
}

/** The file an agent of this id already lives in, else a new one. */
function agentFile(model: ProjectModel, text: string): string {
  let id: unknown;
  try {
    id = (parse(text) as { id?: unknown } | null)?.id;
  } catch {
    id = undefined;
  }
  const existing = typeof id === 'string' ? model.agents.get(id)?.file : undefined;
  return existing ?? `agents.d/${typeof id === 'string' && /^[a-z0-9-]{1,64}$/.test(id) ? id : 'submitted'}.yaml`;
}

function writeScratch(model: ProjectModel, scratch: string, rel: string, text: string): void {
  const valid = new Set<string>([...model.agents.values()].map((a) => a.file).concat([...model.workflows.values()].map((w) => w.file)));
  if (model.files.has('amas.yaml')) valid.add('amas.yaml');
  for (const [file, body] of model.files) {
    if (!valid.has(file) || file === rel) continue;
    put(scratch, file, body);
  }
  put(scratch, rel, text);
  fs.mkdirSync(path.join(scratch, 'agents.d'), { recursive: true });
  fs.mkdirSync(path.join(scratch, 'workflows.d'), { recursive: true });
  // Everything else (module files, .env) by link, so references to them resolve as in the project.
  let entries: string[] = [];
  try {
    entries = fs.readdirSync(model.dir);
  } catch {
    entries = [];
  }
  for (const name of entries) {
    if (SPEC_ENTRIES.has(name)) continue;
    try {
      fs.symlinkSync(path.join(model.dir, name), path.join(scratch, name));
    } catch {
      // A link that cannot be made only weakens the module-path check; validation goes on.
    }
  }
}

function put(root: string, rel: string, body: string): void {
  const p = path.join(root, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, body);
}
