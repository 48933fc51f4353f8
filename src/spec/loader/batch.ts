import { LineCounter } from 'yaml';
import type { Diagnostic } from '../../core/index.ts';
import { checkText } from '../filecheck.ts';
import type { SourceFile } from '../source.ts';
import { decodeText } from './parse.ts';
import { readSpecFile, type FoundFile } from './read.ts';

/** One file through read → decode → syntax → schema. */
export interface FileResult {
  found: FoundFile;
  /** Decoded text (absent when the file could not be read or decoded). */
  text?: string;
  file?: SourceFile;
  spec?: unknown;
  /** The schema-valid part of a file that failed the schema (schema/partial.ts). */
  partial?: unknown;
  diagnostics: Diagnostic[];
}

export function processFile(found: FoundFile): FileResult {
  const read = readSpecFile(found);
  if (!read.ok) return { found, diagnostics: [read.diagnostic] };
  const decoded = decodeText(found.rel, read.bytes);
  if (decoded.text === undefined) return { found, diagnostics: decoded.diagnostic ? [decoded.diagnostic] : [] };
  const r = checkText(found.rel, found.kind, decoded.text);
  return { found, text: decoded.text, diagnostics: r.diagnostics, ...(r.file ? { file: r.file } : {}), ...(r.spec !== undefined ? { spec: r.spec } : {}), ...(r.partial !== undefined ? { partial: r.partial } : {}) };
}

/** What crosses a thread boundary: no YAML document (it is parsed again if ever needed), line starts instead of a LineCounter. */
export interface WireResult {
  found: FoundFile;
  text?: string;
  spec?: unknown;
  partial?: unknown;
  diagnostics: Diagnostic[];
  file?: { data?: unknown; triggerKeys?: string[][]; indexMap?: [string, number[]][]; lineStarts: number[] };
}

export function toWire(r: FileResult): WireResult {
  const w: WireResult = { found: r.found, diagnostics: r.diagnostics };
  if (r.text !== undefined) w.text = r.text;
  if (r.spec !== undefined) w.spec = r.spec;
  if (r.partial !== undefined) w.partial = r.partial;
  if (r.file) {
    w.file = { lineStarts: r.file.lc.lineStarts };
    if (r.file.data !== undefined) w.file.data = r.file.data;
    if (r.file.triggerKeys) w.file.triggerKeys = r.file.triggerKeys;
    if (r.file.indexMap) w.file.indexMap = [...r.file.indexMap];
  }
  return w;
}

export function fromWire(w: WireResult): FileResult {
  const r: FileResult = { found: w.found, diagnostics: w.diagnostics };
  if (w.text !== undefined) r.text = w.text;
  if (w.spec !== undefined) r.spec = w.spec;
  if (w.partial !== undefined) r.partial = w.partial;
  if (w.file && w.text !== undefined) {
    const lc = new LineCounter();
    lc.lineStarts.push(...w.file.lineStarts);
    const file: SourceFile = { rel: w.found.rel, kind: w.found.kind, text: w.text, lc, docDropped: true };
    if (w.file.data !== undefined) file.data = w.file.data;
    if (w.file.triggerKeys) file.triggerKeys = w.file.triggerKeys;
    if (w.file.indexMap) file.indexMap = new Map(w.file.indexMap);
    r.file = file;
  }
  return r;
}
