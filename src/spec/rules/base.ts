import type { AgentSpec, Diagnostic, ProjectSpec, TestSpec, WorkflowSpec } from '../../core/index.ts';
import { findReferences, type ExprError, type Reference } from '../../expr/index.ts';
import type { Code } from '../codes.ts';
import { docOf } from '../loader/parse.ts';
import { locate, valueOffsetToSource, type PathSeg, type Target } from '../locate.ts';
import { originalPath } from '../schema/partial.ts';
import { diagAt, type SourceFile } from '../source.ts';

/** A schema-valid spec (defaults applied) and where it came from. `check` = report problems in it. */
export interface SpecEntry<T> {
  spec: T;
  file: SourceFile;
  check: boolean;
}

export type AgentEntry = SpecEntry<AgentSpec>;
export type WorkflowEntry = SpecEntry<WorkflowSpec>;
export type CapabilitySpec = AgentSpec['capabilities'][string];

export interface ReportOpts {
  hint?: string | undefined;
  target?: Target;
  severity?: Diagnostic['severity'];
  /** The range is a secret: printed as `*` in code frames. */
  concealed?: boolean;
}

/** Everything a semantic rule may look at, and the one way it reports. */
export interface RuleContext {
  dir: string;
  project: ProjectSpec;
  projectFile?: SourceFile;
  agents: AgentEntry[];
  workflows: WorkflowEntry[];
  /** tests.d/ files (absent when checking a workflow submitted at run time). */
  tests?: SpecEntry<TestSpec>[];
  /** First agent of each id (duplicates are a diagnostic of their own). */
  agentById: Map<string, AgentEntry>;
  /** Agents offering each capability name. */
  providers: Map<string, AgentEntry[]>;
  /** Names from files that failed the schema: never reported as unknown, to avoid cascades. */
  looseAgentIds: Set<string>;
  looseCapabilities: Set<string>;
  env: Record<string, string | undefined>;
  /** Values of the project's .env file. */
  dotenv: Record<string, string>;
  /** The project a scratch copy stands for (MCP validate_spec links the project's files into one). */
  mirrorOf?: string;
  /** Set for a workflow submitted at run time: the secrets it may read (those the loaded project references). */
  allowedSecrets?: ReadonlySet<string>;
  /** Adds a ready diagnostic. */
  report(d: Diagnostic): void;
  /** Reports at a data path of a file. */
  at(file: SourceFile, path: readonly PathSeg[], code: Code, message: string, opts?: ReportOpts): void;
  /** Reports at [offset, offset+length) inside the string value at `path`. */
  inValue(file: SourceFile, path: readonly PathSeg[], value: string, offset: number, length: number, code: Code, message: string, opts?: ReportOpts): void;
  /** findReferences, cached by text. */
  refs(text: string): { refs: Reference[]; errors: ExprError[] };
}

export interface Rule {
  name: string;
  codes: readonly Code[];
  check(ctx: RuleContext): void;
}

export function makeContext(base: Omit<RuleContext, 'at' | 'inValue' | 'refs' | 'report' | 'agentById' | 'providers'>, out: Diagnostic[]): RuleContext {
  const agentById = new Map<string, AgentEntry>();
  const providers = new Map<string, AgentEntry[]>();
  for (const a of base.agents) {
    if (!agentById.has(a.spec.id)) agentById.set(a.spec.id, a);
    for (const cap of Object.keys(a.spec.capabilities)) {
      const list = providers.get(cap) ?? [];
      list.push(a);
      providers.set(cap, list);
    }
  }
  const refCache = new Map<string, { refs: Reference[]; errors: ExprError[] }>();
  return {
    ...base,
    agentById,
    providers,
    report(d) {
      out.push(d);
    },
    at(file, path, code, message, opts = {}) {
      const doc = docOf(file);
      if (!doc) return;
      const loc = locate(doc, file.text, originalPath(path, file.indexMap), opts.target ?? 'value');
      out.push(diagAt(file, loc.start, loc.end, code, message, { hint: opts.hint, severity: opts.severity }));
    },
    inValue(file, path, value, offset, length, code, message, opts = {}) {
      const doc = docOf(file);
      if (!doc) return;
      const loc = locate(doc, file.text, originalPath(path, file.indexMap), 'value');
      const start = valueOffsetToSource(file.text, loc.start, loc.end, value, offset);
      const end = start === loc.start && offset > 0 ? loc.end : start + Math.max(1, length);
      out.push(diagAt(file, start, end, code, message, { hint: opts.hint, severity: opts.severity, concealed: opts.concealed === true }));
    },
    refs(text) {
      let hit = refCache.get(text);
      if (!hit) {
        hit = findReferences(text);
        refCache.set(text, hit);
      }
      return hit;
    },
  };
}

/** Every string in a value, with its path (deep, arrays and mappings); `pick` filters before the path is copied. */
export function strings(value: unknown, base: PathSeg[] = [], pick: (s: string) => boolean = () => true): { path: PathSeg[]; text: string }[] {
  const out: { path: PathSeg[]; text: string }[] = [];
  const path = [...base];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      if (pick(v)) out.push({ path: [...path], text: v });
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        path.push(i);
        walk(v[i]);
        path.pop();
      }
    } else if (v !== null && typeof v === 'object') {
      for (const k in v) {
        path.push(k);
        walk((v as Record<string, unknown>)[k]);
        path.pop();
      }
    }
  };
  walk(value);
  return out;
}

/** The checked entries of a list. */
export function checked<T>(list: readonly SpecEntry<T>[]): SpecEntry<T>[] {
  return list.filter((e) => e.check);
}

/**
 * Step ids and input names as the file writes them. A partial spec (schema/partial.ts) has lost
 * what failed the schema; a reference to such a step or input is not reported again as unknown.
 */
export function writtenStepIds(file: SourceFile): Set<string> {
  const steps = (file.data as { steps?: unknown } | null | undefined)?.steps;
  const out = new Set<string>();
  if (Array.isArray(steps)) for (const s of steps) if (s && typeof s === 'object' && typeof (s as { id?: unknown }).id === 'string') out.add((s as { id: string }).id);
  return out;
}

export function writtenInputNames(file: SourceFile): string[] {
  const inputs = (file.data as { inputs?: unknown } | null | undefined)?.inputs;
  return inputs && typeof inputs === 'object' && !Array.isArray(inputs) ? Object.keys(inputs) : [];
}
