import type { Diagnostic } from '../core/index.ts';
import { formatDiagnostics } from '../spec/index.ts';

/** Prints a project's diagnostics (as `amas validate` would) to stderr. */
export function printProjectErrors(diagnostics: Diagnostic[], files: Map<string, string>): void {
  const color = process.stderr.isTTY === true && !process.env.NO_COLOR;
  process.stderr.write(formatDiagnostics(diagnostics, 'text', { files, color }));
}
