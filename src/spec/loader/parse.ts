import { LineCounter, parseAllDocuments, visit, type Document } from 'yaml';
import type { Diagnostic } from '../../core/index.ts';
import { diagAt, diagFile, type SourceFile, type SpecKind } from '../source.ts';
import { lineEnd } from '../locate.ts';
import { blankExprs, unquotedFlowExprs } from './flow-expr.ts';

/** Deeper flow collections than this are refused before the parser sees them. */
export const MAX_DEPTH = 128;
/** Indentation beyond this many columns can only be nesting abuse. */
const MAX_INDENT = 1024;
/** Beyond this many syntax errors in one file the rest are summarised. */
const MAX_SYNTAX_ERRORS = 10;

export interface Parsed {
  file?: SourceFile;
  diagnostics: Diagnostic[];
}

/** Bytes → text, refusing NUL bytes and invalid UTF-8 with the position of the first bad byte. */
export function decodeText(rel: string, bytes: Uint8Array): { text?: string; diagnostic?: Diagnostic } {
  const nul = bytes.indexOf(0);
  const bad = firstInvalidUtf8(bytes);
  const at = nul >= 0 && (bad < 0 || nul < bad) ? nul : bad;
  if (at >= 0) {
    const before = Buffer.from(bytes.subarray(0, at)).toString('utf8');
    const lines = before.split('\n');
    const line = lines.length;
    const column = (lines[lines.length - 1]?.length ?? 0) + 1;
    const what = at === nul ? 'a NUL byte' : 'bytes that are not valid UTF-8';
    return { diagnostic: diagFile(rel, 'AMAS104', `file contains ${what}; spec files must be UTF-8 text`, { line, column, hint: 'is this a binary file saved with a .yaml name?' }) };
  }
  let text = Buffer.from(bytes).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text };
}

/** Index of the first byte that breaks UTF-8, or -1. */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  const n = b.length;
  while (i < n) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) [need, min] = [1, 0x80];
    else if (c >= 0xe0 && c <= 0xef) [need, min] = [2, 0x800];
    else if (c >= 0xf0 && c <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    if (i + need >= n) return i;
    let cp = c & (0xff >> (need + 2));
    for (let k = 1; k <= need; k++) {
      const cc = b[i + k];
      if (cc === undefined || (cc & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/**
 * A cheap scan for nesting abuse before parsing: flow brackets outside quotes and comments, and
 * absurd indentation. Returns where the limit is crossed and which, or undefined.
 */
export function scanDepth(text: string): { at: number; why: string } | undefined {
  let depth = 0;
  let lineStart = true;
  let indent = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') {
      lineStart = true;
      indent = 0;
      if (quote === "'" || quote === '"') continue; // quoted scalars may span lines
      continue;
    }
    if (lineStart) {
      if (ch === ' ') {
        if (++indent > MAX_INDENT) return { at: i, why: `indented deeper than ${MAX_INDENT} columns` };
        continue;
      }
      lineStart = false;
    }
    if (quote) {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = '';
      continue;
    }
    if (ch === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      const nl = text.indexOf('\n', i);
      if (nl < 0) break;
      i = nl - 1;
      continue;
    }
    if (ch === '"' || ch === "'") {
      // A quote starts a scalar only at the start of a token; `it's` is plain text.
      const prev = text[i - 1];
      if (prev === undefined || /[\s[{,:-]/.test(prev)) quote = ch;
    } else if (ch === '[' || ch === '{') {
      if (++depth > MAX_DEPTH) return { at: i, why: `nesting is deeper than ${MAX_DEPTH} levels` };
    } else if ((ch === ']' || ch === '}') && depth > 0) depth--;
  }
  return undefined;
}

/** Parses one file's text: YAML errors, documents and aliases become located diagnostics. */
export function parseSpecText(rel: string, kind: SpecKind, text: string): Parsed {
  const lc = new LineCounter();
  const file: SourceFile = { rel, kind, text, lc };
  const diagnostics: Diagnostic[] = [];
  const deep = scanDepth(text);
  if (deep) {
    fillLines(lc, text);
    diagnostics.push(diagAt(file, deep.at, deep.at + 1, 'AMAS105', deep.why, { hint: 'flatten the structure; specs never need this depth' }));
    return { file, diagnostics };
  }
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, { ...PARSE_OPTIONS, lineCounter: lc }) as Document.Parsed[];
    if (!Array.isArray(docs)) docs = [docs];
  } catch (err) {
    if (lc.lineStarts.length === 0) fillLines(lc, text);
    diagnostics.push(diagFile(rel, err instanceof RangeError ? 'AMAS105' : 'AMAS101', `cannot parse the file: ${(err as Error).message}`));
    return { file, diagnostics };
  }
  const nonEmpty = docs.filter((d) => d.contents !== null || d.errors.length > 0);
  if (nonEmpty.length === 0) {
    diagnostics.push(diagAt(file, 0, lineEnd(text, 0, text.length), 'AMAS108', `file is empty; expected ${describeKind(kind)}`));
    return { file, diagnostics };
  }
  if (nonEmpty.length > 1) {
    const second = nonEmpty[1]!;
    const at = markerBefore(text, second.range[0]);
    diagnostics.push(diagAt(file, at, lineEnd(text, at, text.length), 'AMAS107', `file holds ${nonEmpty.length} YAML documents; each spec file holds exactly one`, { hint: 'move each document after `---` into a file of its own' }));
  }
  const doc = nonEmpty[0]!;
  file.doc = doc;
  let errs = doc.errors;
  const flowExprs = errs.length > 0 ? unquotedFlowExprs(text) : [];
  if (flowExprs.length > 0) {
    for (const x of flowExprs) {
      diagnostics.push(
        diagAt(file, x.start, x.end, 'AMAS111', `unquoted expression \`${text.slice(x.start, x.end)}\` in a flow collection: YAML reads its \`{\` as the start of a mapping`, {
          hint: `quote the value: ${x.fixedLine}`,
        }),
      );
    }
    // The cascade those expressions cause is not shown; whatever else is wrong still is.
    const again = parseAllDocuments(blankExprs(text, flowExprs), PARSE_OPTIONS) as Document.Parsed[];
    errs = (Array.isArray(again) ? again : [again]).find((d) => d.contents !== null || d.errors.length > 0)?.errors ?? [];
  }
  for (const e of errs.slice(0, MAX_SYNTAX_ERRORS)) {
    let [s, en] = e.pos;
    // An error found at the end of input (an unclosed bracket) is shown on the last written character.
    if (text.slice(s).trim() === '') {
      const last = text.trimEnd().length - 1;
      if (last >= 0 && last < s) [s, en] = [last, last + 1];
    }
    const code = e.code === 'DUPLICATE_KEY' ? 'AMAS102' : e.code === 'RESOURCE_EXHAUSTION' ? 'AMAS105' : 'AMAS101';
    if (code === 'AMAS102') {
      const key = keyAt(text, s);
      diagnostics.push(diagAt(file, s, s + Math.max(1, key.length), code, key ? `duplicate key \`${key}\`; the earlier value would be lost` : 'duplicate key in a mapping'));
    } else diagnostics.push(diagAt(file, s, Math.max(en, s + 1), code, yamlMessage(e.message)));
  }
  if (errs.length > MAX_SYNTAX_ERRORS) {
    const last = errs[MAX_SYNTAX_ERRORS]!;
    diagnostics.push(diagAt(file, last.pos[0], last.pos[0] + 1, 'AMAS101', `${errs.length - MAX_SYNTAX_ERRORS} more YAML errors not shown`));
  }
  for (const w of doc.warnings) {
    if (w.code === 'TAG_RESOLVE_FAILED') diagnostics.push(diagAt(file, w.pos[0], w.pos[1], 'AMAS110', `${yamlMessage(w.message)}; the value is read as a plain string`));
  }
  if (doc.errors.length > 0) return { file, diagnostics };
  try {
    file.data = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    if (err instanceof ReferenceError && /alias/i.test(err.message)) {
      const at = firstAlias(doc) ?? 0;
      diagnostics.push(diagAt(file, at, lineEnd(text, at, text.length), 'AMAS106', 'aliases expand to too many nodes (an alias bomb?)', { hint: 'use fewer nested aliases (`*name`)' }));
    } else if (err instanceof RangeError) {
      diagnostics.push(diagFile(rel, 'AMAS105', 'nesting is too deep to read'));
    } else {
      diagnostics.push(diagFile(rel, 'AMAS101', `cannot read the document: ${(err as Error).message}`));
    }
  }
  return { file, diagnostics };
}

const PARSE_OPTIONS = { uniqueKeys: true, prettyErrors: false, strict: true } as const;

/**
 * The parsed document of a file, parsing it again if it was dropped after a clean schema check:
 * a large valid project keeps no YAML trees alive, and only files that get a semantic
 * diagnostic pay for a second parse.
 */
export function docOf(file: SourceFile): Document.Parsed | undefined {
  if (file.doc || !file.docDropped) return file.doc;
  const docs = parseAllDocuments(file.text, PARSE_OPTIONS) as Document.Parsed[];
  file.doc = (Array.isArray(docs) ? docs : [docs]).find((d) => d.contents !== null || d.errors.length > 0);
  file.docDropped = false;
  return file.doc;
}

/** Line starts for text the parser never saw (so that offsets still map to lines). */
export function fillLines(lc: LineCounter, text: string): void {
  lc.lineStarts.length = 0;
  lc.addNewLine(0);
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lc.addNewLine(i + 1);
}

function describeKind(kind: SpecKind): string {
  return kind === 'project' ? 'the project settings' : kind === 'agent' ? 'one agent' : kind === 'test' ? 'one test' : 'one workflow';
}

function yamlMessage(m: string): string {
  const first = m.split('\n')[0] ?? m;
  return first.replace(/ at line \d+, column \d+:?$/, '');
}

/** The plain or quoted key starting at `at` (up to its `:`), for messages. */
function keyAt(text: string, at: number): string {
  const end = lineEnd(text, at, text.length);
  const line = text.slice(at, end);
  const m = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^:#]*?)\s*:(?:\s|$)/.exec(line);
  const key = (m?.[1] ?? '').trim();
  return key.length > 0 && key.length <= 80 ? key : '';
}

/** The `---` line that opens the document starting near `pos`. */
function markerBefore(text: string, pos: number): number {
  const at = text.lastIndexOf('---', pos);
  if (at >= 0 && (at === 0 || text[at - 1] === '\n')) return at;
  return pos;
}

function firstAlias(doc: Document.Parsed): number | undefined {
  let at: number | undefined;
  visit(doc, {
    Alias(_k, node) {
      at = node.range?.[0];
      return visit.BREAK;
    },
  });
  return at;
}
