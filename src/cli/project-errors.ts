import type { Diagnostic } from '../core/index.ts';
import { stderr } from './out.ts';

/** Prints a project's diagnostics (as `amas validate` would) to stderr. The spec layer loads lazily. */
export async function printProjectErrors(diagnostics: Diagnostic[], files: Map<string, string>): Promise<void> {
  const { formatDiagnostics } = await import('../spec/index.ts');
  const color = process.stderr.isTTY === true && !process.env.NO_COLOR;
  await stderr.write(formatDiagnostics(diagnostics, 'text', { files, color }));
}
