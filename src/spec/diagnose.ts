import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import type { Diagnostic } from '../core/index.ts';
import type { Code } from './codes.ts';
import { locate, type PathSeg, type Target } from './locate.ts';
import type { ProjectModel } from './model.ts';
import { diagAt } from './source.ts';

export type { PathSeg } from './locate.ts';

/**
 * A diagnostic at a data path of one of the model's files (relative path, as in `model.files`),
 * for checks made outside src/spec — such as `amas validate --online`, whose answers come from live
 * servers. The file is parsed again here: the loader lets go of its trees once a file checks clean.
 * Undefined when the model does not hold the file's text or the text no longer parses.
 */
export function diagnosticAt(
  model: ProjectModel,
  file: string,
  path: readonly PathSeg[],
  code: Code,
  message: string,
  opts: { hint?: string | undefined; severity?: Diagnostic['severity']; target?: Target } = {},
): Diagnostic | undefined {
  const text = model.files.get(file);
  if (text === undefined) return undefined;
  const lc = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lc, prettyErrors: false }) as Document.Parsed[] | Document.Parsed;
  const doc = (Array.isArray(docs) ? docs : [docs]).find((d) => d.contents !== null);
  if (!doc || doc.errors.length > 0) return undefined;
  const loc = locate(doc, text, path, opts.target ?? 'value');
  const kind = file === 'amas.yaml' ? 'project' : file.startsWith('workflows.d/') ? 'workflow' : 'agent';
  return diagAt({ rel: file, kind, text, lc }, loc.start, loc.end, code, message, { hint: opts.hint, ...(opts.severity ? { severity: opts.severity } : {}) });
}
