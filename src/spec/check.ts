import type { AgentSpec, Diagnostic, ProjectSpec, WorkflowSpec } from '../core/index.ts';
import { errorMessage } from '../core/index.ts';
import { parseSpecText } from './loader/parse.ts';
import { RULES, makeContext, type AgentEntry, type WorkflowEntry } from './rules/index.ts';
import { mapSchemaErrors } from './schema/errors.ts';
import { specValidators } from './schema/validators.ts';
import { diagFile, type SourceFile, type SpecKind } from './source.ts';

type SpecOf<K extends SpecKind> = K extends 'project' ? ProjectSpec : K extends 'agent' ? AgentSpec : WorkflowSpec;

/** Schema layer for one parsed file: the spec with defaults applied (on a copy), or diagnostics. */
export function schemaCheck<K extends SpecKind>(file: SourceFile & { kind: K }): { spec?: SpecOf<K>; diagnostics: Diagnostic[] } {
  if (file.data === undefined) return { diagnostics: [] };
  const validate = specValidators()[file.kind];
  // Aliases are shared references in toJS output; a copy keeps defaults from leaking between them.
  const copy = structuredClone(file.data);
  if (validate(copy)) return { spec: copy as SpecOf<K>, diagnostics: [] };
  return { diagnostics: mapSchemaErrors(validate.errors ?? [], { file, data: file.data }) };
}

/** Syntax + schema for one file's text, never throwing: a failure inside becomes AMAS100. */
export function checkText(rel: string, kind: SpecKind, text: string): { file?: SourceFile; spec?: unknown; diagnostics: Diagnostic[] } {
  try {
    const parsed = parseSpecText(rel, kind, text);
    if (!parsed.file || parsed.file.data === undefined) return parsed;
    const { spec, diagnostics } = schemaCheck(parsed.file);
    return { file: parsed.file, spec, diagnostics: [...parsed.diagnostics, ...diagnostics] };
  } catch (err) {
    return { diagnostics: [internal(rel, err)] };
  }
}

export function internal(rel: string, err: unknown): Diagnostic {
  const deep = err instanceof RangeError;
  return diagFile(rel, deep ? 'AMAS105' : 'AMAS100', deep ? 'nesting is too deep to check' : `could not check this file: ${errorMessage(err)}`, {
    hint: deep ? undefined : 'this is a bug in amas; please report it with the file',
  });
}

export interface SemanticInput {
  dir: string;
  project: ProjectSpec;
  projectFile?: SourceFile;
  agents: AgentEntry[];
  workflows: WorkflowEntry[];
  looseAgentIds: Set<string>;
  looseCapabilities: Set<string>;
  env: Record<string, string | undefined>;
  dotenv: Record<string, string>;
}

/** Runs every semantic rule; a rule that throws is reported, never fatal. */
export function runRules(input: SemanticInput): Diagnostic[] {
  const out: Diagnostic[] = [];
  const ctx = makeContext(input, out);
  for (const rule of RULES) {
    try {
      rule.check(ctx);
    } catch (err) {
      const where = input.workflows.find((w) => w.check)?.file.rel ?? input.agents.find((a) => a.check)?.file.rel ?? 'amas.yaml';
      out.push(internal(where, err instanceof RangeError ? err : new Error(`rule ${rule.name}: ${errorMessage(err)}`)));
    }
  }
  return out;
}

/** Names from files that failed the schema, so that references to them do not cascade into more errors. */
export function looseNames(data: unknown, agentIds: Set<string>, caps: Set<string>): void {
  if (!data || typeof data !== 'object') return;
  const d = data as { id?: unknown; capabilities?: unknown };
  if (typeof d.id === 'string') agentIds.add(d.id);
  if (d.capabilities && typeof d.capabilities === 'object') for (const k of Object.keys(d.capabilities)) caps.add(k);
}
