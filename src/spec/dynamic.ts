import { LineCounter, stringify } from 'yaml';
import type { Diagnostic, WorkflowSpec } from '../core/index.ts';
import { sortDiagnostics } from '../core/index.ts';
import { runRules } from './check.ts';
import { checkText } from './filecheck.ts';
import { applyIgnores } from './ignore.ts';
import { readDotenv } from './load.ts';
import type { ProjectModel } from './model.ts';
import { referencedSecretNames } from './secret-names.ts';
import type { AgentEntry } from './rules/index.ts';
import type { SourceFile } from './source.ts';

/**
 * A whole workflow submitted at run time (YAML or JSON text, or an object), checked like a file
 * of workflows.d/ against the model's agents and settings. An object is written out as YAML
 * first, so positions refer to that text. `name` labels the diagnostics (default `<dynamic>`).
 */
export function validateDynamicWorkflow(model: ProjectModel, source: string | object, name = '<dynamic>'): { spec?: WorkflowSpec; diagnostics: Diagnostic[] } {
  let text: string;
  try {
    text = typeof source === 'string' ? source : stringify(source, { aliasDuplicateObjects: false });
  } catch (err) {
    return { diagnostics: [{ file: name, line: 1, column: 1, endLine: 1, endColumn: 2, severity: 'error', code: 'AMAS101', message: `cannot read the workflow: ${(err as Error).message}` }] };
  }
  const r = checkText(name, 'workflow', text);
  const diagnostics = [...r.diagnostics];
  if (r.file && r.spec !== undefined) {
    const agents: AgentEntry[] = [...model.agents.values()].map((a) => ({ spec: a.spec, file: stubFile(a.file), check: false }));
    diagnostics.push(
      ...runRules({
        dir: model.dir,
        project: model.project,
        agents,
        workflows: [{ spec: r.spec as WorkflowSpec, file: r.file, check: true }],
        looseAgentIds: new Set(),
        looseCapabilities: new Set(),
        env: process.env,
        dotenv: readDotenv(model.dir),
        allowedSecrets: new Set(referencedSecretNames(model)),
      }),
    );
  }
  const final = sortDiagnostics(applyIgnores(diagnostics, new Map([[name, text]])));
  const ok = !final.some((d) => d.severity === 'error');
  return ok && r.spec !== undefined ? { spec: r.spec as WorkflowSpec, diagnostics: final } : { diagnostics: final };
}

/** Entries of the model have no parsed document: rules never report into them. */
function stubFile(rel: string): SourceFile {
  return { rel, kind: 'agent', text: '', lc: new LineCounter() };
}
