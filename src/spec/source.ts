import type { Document, LineCounter } from 'yaml';
import type { Diagnostic } from '../core/index.ts';
import { CODES, type Code } from './codes.ts';

export type SpecKind = 'project' | 'agent' | 'workflow' | 'test';

/** One spec file as loaded: its text, its parsed document (when the syntax was sound) and plain data. */
export interface SourceFile {
  /** Path relative to the project directory, with `/` separators. */
  rel: string;
  kind: SpecKind;
  text: string;
  lc: LineCounter;
  doc?: Document.Parsed;
  /** The document was let go after the schema check to spare memory; `docOf` parses it again. */
  docDropped?: boolean;
  /** The document as plain JS; set only when the file has no syntax errors. Schema defaults may be filled in. */
  data?: unknown;
  /** Keys each trigger of a workflow was written with, before schema defaults were filled in. */
  triggerKeys?: string[][];
  /** For a partial spec (schema errors dropped, see schema/partial.ts): array indexes of the spec → of the file. */
  indexMap?: Map<string, number[]>;
}

export interface DiagOpts {
  hint?: string | undefined;
  severity?: Diagnostic['severity'];
  /** The range is a secret, never printed (Diagnostic.concealed). */
  concealed?: boolean;
}

/** A diagnostic covering the source offsets [start, end) of a file. */
export function diagAt(file: SourceFile, start: number, end: number, code: Code, message: string, opts: DiagOpts = {}): Diagnostic {
  const s = file.lc.linePos(Math.max(0, Math.min(start, file.text.length)));
  const e = file.lc.linePos(Math.max(start + 1, Math.min(Math.max(end, start + 1), file.text.length)));
  // A range ending past the last character still covers at least one column.
  const endSameAsStart = e.line === s.line && e.col <= s.col;
  const d: Diagnostic = {
    file: file.rel,
    line: s.line,
    column: s.col,
    endLine: endSameAsStart ? s.line : e.line,
    endColumn: endSameAsStart ? s.col + 1 : e.col,
    severity: opts.severity ?? CODES[code].severity,
    code,
    message,
  };
  if (opts.hint) d.hint = opts.hint;
  if (opts.concealed) d.concealed = true;
  return d;
}

/** A diagnostic for a file that could not be parsed at all: line 1, column 1 (or the line/col given). */
export function diagFile(rel: string, code: Code, message: string, opts: DiagOpts & { line?: number; column?: number } = {}): Diagnostic {
  const line = opts.line ?? 1;
  const column = opts.column ?? 1;
  const d: Diagnostic = { file: rel, line, column, endLine: line, endColumn: column + 1, severity: opts.severity ?? CODES[code].severity, code, message };
  if (opts.hint) d.hint = opts.hint;
  return d;
}

/** `a`, `b` and `c` / `a` or `b`, with backticks, for messages. */
export function listNames(names: readonly string[], conj = 'or'): string {
  const q = names.map((n) => `\`${n}\``);
  if (q.length <= 1) return q.join('');
  return `${q.slice(0, -1).join(', ')} ${conj} ${q[q.length - 1]}`;
}
