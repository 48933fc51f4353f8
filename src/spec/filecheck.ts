import type { AgentSpec, Diagnostic, ProjectSpec, TestSpec, WorkflowSpec } from '../core/index.ts';
import { errorMessage } from '../core/index.ts';
import { LineCounter } from 'yaml';
import { fastData } from './loader/fast.ts';
import { fillLines, parseSpecText } from './loader/parse.ts';
import { mapSchemaErrors } from './schema/errors.ts';
import { partialSpec } from './schema/partial.ts';
import { specValidators } from './schema/validators.ts';
import { diagFile, type SourceFile, type SpecKind } from './source.ts';

type SpecOf<K extends SpecKind> = K extends 'project' ? ProjectSpec : K extends 'agent' ? AgentSpec : K extends 'test' ? TestSpec : WorkflowSpec;

/** Schema layer for one parsed file: the spec with defaults applied (on a copy), or diagnostics. */
export function schemaCheck<K extends SpecKind>(file: SourceFile & { kind: K }, noAliases = false): { spec?: SpecOf<K>; partial?: SpecOf<K>; diagnostics: Diagnostic[] } {
  if (file.data === undefined) return { diagnostics: [] };
  const validate = specValidators()[file.kind];
  if (file.kind === 'workflow') file.triggerKeys = triggerKeys(file.data);
  // Aliases are shared references in toJS output; a copy keeps defaults from leaking between
  // them. Without any alias the data is fresh and needs no copy.
  const copy = !noAliases && mayHaveAliases(file.text) ? structuredClone(file.data) : file.data;
  if (validate(copy)) return { spec: copy as SpecOf<K>, diagnostics: [] };
  const diagnostics = mapSchemaErrors(validate.errors ?? [], { file, data: file.data });
  const partial = partialSpec(validate, file.data);
  if (!partial) return { diagnostics };
  if (partial.indexMap.size > 0) file.indexMap = partial.indexMap;
  return { partial: partial.spec as SpecOf<K>, diagnostics };
}

function triggerKeys(data: unknown): string[][] | undefined {
  const on = (data as { on?: unknown } | null)?.on;
  if (!Array.isArray(on)) return undefined;
  return on.map((t: unknown) => (t && typeof t === 'object' ? Object.keys(t) : []));
}

/** `*name` after a separator: an alias is possible (false positives only cost a copy). */
function mayHaveAliases(text: string): boolean {
  return /(?:^|[\s,[{:-])\*[^\s,\]}]/m.test(text);
}

/** Syntax + schema for one file's text, never throwing: a failure inside becomes AMAS100. */
export function checkText(rel: string, kind: SpecKind, text: string): { file?: SourceFile; spec?: unknown; partial?: unknown; diagnostics: Diagnostic[] } {
  try {
    const fast = fastCheck(rel, kind, text);
    if (fast) return fast;
    const parsed = parseSpecText(rel, kind, text);
    if (!parsed.file || parsed.file.data === undefined) return parsed;
    const { spec, partial, diagnostics } = schemaCheck(parsed.file);
    if (spec !== undefined && diagnostics.length === 0 && parsed.diagnostics.length === 0) {
      parsed.file.doc = undefined;
      parsed.file.docDropped = true;
    }
    return { file: parsed.file, spec, ...(partial !== undefined ? { partial } : {}), diagnostics: [...parsed.diagnostics, ...diagnostics] };
  } catch (err) {
    return { diagnostics: [internal(rel, err)] };
  }
}

/**
 * A plain file that is schema-valid as read by the fast parser; undefined sends it down the full
 * path, which reads it again with positions (so every diagnostic comes from the full path).
 */
function fastCheck(rel: string, kind: SpecKind, text: string): { file: SourceFile; spec: unknown; diagnostics: Diagnostic[] } | undefined {
  const data = fastData(text);
  if (data === undefined) return undefined;
  const lc = new LineCounter();
  fillLines(lc, text);
  const file: SourceFile = { rel, kind, text, lc, data, docDropped: true };
  // The fast path refuses anchors, so the data holds no shared references.
  const { spec, diagnostics } = schemaCheck(file, true);
  if (spec === undefined || diagnostics.length > 0) return undefined;
  return { file, spec, diagnostics };
}

export function internal(rel: string, err: unknown): Diagnostic {
  const deep = err instanceof RangeError;
  return diagFile(rel, deep ? 'AMAS105' : 'AMAS100', deep ? 'nesting is too deep to check' : `could not check this file: ${errorMessage(err)}`, {
    hint: deep ? undefined : 'this is a bug in amas; please report it with the file',
  });
}

