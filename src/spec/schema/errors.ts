import type { ErrorObject } from 'ajv';
import type { Diagnostic } from '../../core/index.ts';
import { DURATION_PATTERN } from '../../core/index.ts';
import type { Code } from '../codes.ts';
import { docOf } from '../loader/parse.ts';
import { locate, pointerToPath, type PathSeg, type Target } from '../locate.ts';
import { diagAt, type SourceFile } from '../source.ts';
import { didYouMean } from '../../schema/index.ts';
import { describeWhere, nameOf, schemaTypeWord, showValue, typeName } from './where.ts';

export interface MapOpts {
  file: SourceFile;
  /** The data that was validated (before defaults), for "got …" and step names. */
  data: unknown;
  /** Where the validated value sits in the file (empty for a whole spec). */
  basePath?: PathSeg[];
  /** Force every diagnostic to this code (contract checks of a step's `with`). */
  code?: Code;
  /** Prefix for messages, e.g. "input of `write_blog_post`: ". */
  prefix?: string;
}

const EXECUTORS = ['command', 'http', 'llm', 'mcp', 'module', 'template'];

/** Drops the noise of oneOf/anyOf: keep the one branch whose type fits, else one "must be X or Y". */
export function collapseErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  let list = errors.filter((e) => e.keyword !== 'propertyNames' && e.keyword !== 'if');
  const combos = list.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf').sort((a, b) => a.schemaPath.length - b.schemaPath.length);
  for (const combo of combos) {
    if (!list.includes(combo)) continue;
    const base = `${combo.schemaPath}/`;
    const branches = Array.isArray(combo.schema) ? (combo.schema as unknown[]).length : 0;
    // the same schema (an array's items) is checked at many places: only errors under this one count
    const at = combo.instancePath;
    const inBranch = (e: ErrorObject) => e.schemaPath.startsWith(base) && (e.instancePath === at || e.instancePath.startsWith(`${at}/`));
    const branchOf = (e: ErrorObject) => Number(e.schemaPath.slice(base.length).split('/')[0]);
    const mismatched = new Set(
      list.filter((e) => inBranch(e) && e.keyword === 'type' && e.instancePath === combo.instancePath && e.schemaPath === `${base}${branchOf(e)}/type`).map(branchOf),
    );
    const fitting = [...Array(branches).keys()].filter((i) => !mismatched.has(i));
    const passing = (combo.params as { passingSchemas?: unknown }).passingSchemas;
    if (passing) {
      list = list.filter((e) => !inBranch(e));
      continue;
    }
    const keep = fitting.length === 1 ? fitting[0] : fitting.length > 1 ? byRequiredKeys(combo, fitting, list.filter(inBranch).map(branchOf)) : undefined;
    if (keep !== undefined) {
      list = list.filter((e) => e !== combo && (!inBranch(e) || branchOf(e) === keep));
    } else {
      list = list.filter((e) => !inBranch(e));
    }
  }
  return list;
}

/**
 * Object branches told apart by their required keys (the kinds of an agent-loop tool: `capability`,
 * `agent`, `mcp`, …): the branch whose required keys the mapping has is the one meant; of several
 * (a capability tool may also carry `agent:`), the one with the fewest errors. None: undefined, and
 * the oneOf itself is reported (`requiredKeysMessage`).
 */
function byRequiredKeys(combo: ErrorObject, fitting: readonly number[], errorBranches: readonly number[]): number | undefined {
  const data = combo.data as unknown;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const branches = Array.isArray(combo.schema) ? (combo.schema as unknown[]) : [];
  const has = fitting.filter((i) => {
    const req = requiredOf(branches[i]);
    return req.length > 0 && req.every((k) => Object.hasOwn(data, k));
  });
  const count = (i: number) => errorBranches.filter((b) => b === i).length;
  return has.reduce<number | undefined>((best, i) => (best === undefined || count(i) < count(best) ? i : best), undefined);
}

function requiredOf(schema: unknown): string[] {
  const r = schema && typeof schema === 'object' ? (schema as { required?: unknown }).required : undefined;
  return Array.isArray(r) ? r.filter((k): k is string => typeof k === 'string') : [];
}

/** A mapping that has none of the keys that tell a oneOf's object branches apart. */
function requiredKeysMessage(e: ErrorObject, name: string, path: PathSeg[]): Built | undefined {
  const data = e.data as unknown;
  const branches = Array.isArray(e.schema) ? (e.schema as unknown[]) : [];
  if (data === null || typeof data !== 'object' || Array.isArray(data) || branches.length < 2) return undefined;
  const keys = branches.map((b) => requiredOf(b)[0]);
  if (keys.some((k) => k === undefined)) return undefined;
  const kinds = [...new Set(keys as string[])];
  for (const k of Object.keys(data)) {
    const mean = didYouMean(k, kinds);
    if (mean !== undefined) return { code: 'AMAS202', message: `unknown key \`${k}\` in \`${name}\`; did you mean \`${mean}\`?`, path: [...path, k], target: 'key' };
  }
  return { code: 'AMAS203', message: `\`${name}\` needs one of the keys ${kinds.join(', ')}`, path, target: 'value' };
}

function schemaTypes(schema: unknown): string[] {
  if (!schema || typeof schema !== 'object') return [];
  const t = (schema as { type?: unknown }).type;
  if (typeof t === 'string') return [t];
  if (Array.isArray(t)) return t.filter((x): x is string => typeof x === 'string');
  return [];
}

interface Built {
  code: Code;
  message: string;
  hint?: string;
  path: PathSeg[];
  target: Target;
}

function build(e: ErrorObject, o: MapOpts): Built | undefined {
  const kind = o.file.kind;
  const path: PathSeg[] = pointerToPath(e.instancePath);
  const name = nameOf([...(o.basePath ?? []), ...path]);
  const p = e.params as Record<string, unknown>;
  const parent = e.parentSchema as Record<string, unknown> | undefined;
  const where = describeWhere(kind, o.data, [...(o.basePath ?? []), ...path]);
  const isRun = kind === 'agent' && !o.basePath?.length && path.length === 3 && path[0] === 'capabilities' && path[2] === 'run';
  if (isRun && (e.keyword === 'oneOf' || (e.keyword === 'type' && (e.data === null || e.data === undefined)))) return executorCount(e.data, path);
  const isStep = kind === 'workflow' && !o.basePath?.length && path.length === 2 && path[0] === 'steps' && e.keyword === 'oneOf' && e.schemaPath.endsWith('/items/oneOf');
  if (isStep) return stepKindCount(e.data, path);
  switch (e.keyword) {
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const key = String(p.additionalProperty ?? p.unevaluatedProperty);
      const known = Object.keys((parent?.properties as object | undefined) ?? {}).filter((k) => k !== '$schema');
      const mean = didYouMean(key, known);
      const message = `unknown key \`${key}\` ${where}${mean ? `; did you mean \`${mean}\`?` : ''}`;
      const hint = !mean && known.length > 0 && known.length <= 14 ? `allowed keys: ${known.join(', ')}` : undefined;
      return { code: 'AMAS202', message, hint, path: [...path, key], target: 'key' };
    }
    case 'required': {
      const key = String(p.missingProperty);
      return { code: 'AMAS203', message: `missing required key \`${key}\` ${where}`, path, target: 'key' };
    }
    case 'type': {
      const want = schemaTypes({ type: p.type }).map(schemaTypeWord).join(' or ');
      if (path.length === 0 && !o.basePath?.length) {
        return { code: 'AMAS201', message: `${kind === 'project' ? 'amas.yaml' : `a ${kind} file`} must be a mapping of keys, got ${typeName(e.data)}`, path, target: 'value' };
      }
      return { code: 'AMAS201', message: `\`${name}\` must be ${want}, got ${typeName(e.data)}${e.data !== null && typeof e.data !== 'object' ? ` ${showValue(e.data)}` : ''}`, path, target: 'value' };
    }
    case 'oneOf':
    case 'anyOf': {
      const branches = Array.isArray(e.schema) ? (e.schema as unknown[]) : [];
      const types = [...new Set(branches.flatMap(schemaTypes))].map(schemaTypeWord);
      if ((p.passingSchemas as unknown) != null) return { code: 'AMAS205', message: `\`${name}\` matches more than one allowed form`, path, target: 'value' };
      const byKeys = requiredKeysMessage(e, name, path);
      if (byKeys) return byKeys;
      const got = `${typeName(e.data)}${e.data !== null && typeof e.data !== 'object' ? ` ${showValue(e.data)}` : ''}`;
      const msg = types.length > 0 ? `\`${name}\` must be ${types.join(' or ')}, got ${got}` : `\`${name}\` does not match any allowed form`;
      return { code: 'AMAS201', message: msg, path, target: 'value' };
    }
    case 'pattern': {
      const pattern = String(p.pattern);
      if (e.propertyName !== undefined) {
        const key = e.propertyName;
        const what = path[path.length - 1] === 'capabilities' ? 'capability name' : 'key';
        const form = pattern === '^[a-z][a-z0-9_]*$' ? 'snake_case (lowercase letters, digits and _, starting with a letter)' : `a match for ${pattern}`;
        return { code: 'AMAS205', message: `${what} \`${key}\` must be ${form}`, path: [...path, key], target: 'key' };
      }
      if (pattern === DURATION_PATTERN) {
        return { code: 'AMAS204', message: `invalid duration ${showValue(e.data)} for \`${name}\``, hint: 'write a number then ms, s, m, h or d, e.g. 500ms, 30s, 5m, 2h', path, target: 'value' };
      }
      if (pattern.startsWith('^[a-z][a-z0-9]*(-')) {
        return { code: 'AMAS205', message: `\`${name}\` must be kebab-case (lowercase letters and digits, single hyphens), got ${showValue(e.data)}`, path, target: 'value' };
      }
      if (pattern === '^[a-z][a-z0-9_-]*$') {
        return { code: 'AMAS205', message: `\`${name}\` must start with a lowercase letter and use only a-z, 0-9, _ and -, got ${showValue(e.data)}`, path, target: 'value' };
      }
      if (name === 'module') {
        return { code: 'AMAS205', message: `\`module\` must look like ./path/file.mjs#exportName, got ${showValue(e.data)}`, path, target: 'value' };
      }
      return { code: 'AMAS205', message: `\`${name}\` must match ${pattern}, got ${showValue(e.data)}`, path, target: 'value' };
    }
    case 'enum': {
      const allowed = ((p.allowedValues as unknown[]) ?? []).map(String);
      const mean = typeof e.data === 'string' ? didYouMean(e.data, allowed) : undefined;
      return {
        code: 'AMAS205',
        message: `\`${name}\` must be one of ${allowed.join(', ')}; got ${showValue(e.data)}${mean ? `; did you mean \`${mean}\`?` : ''}`,
        path,
        target: 'value',
      };
    }
    case 'const': {
      const want = String(p.allowedValue);
      if (name === 'apiVersion') return { code: 'AMAS205', message: `unsupported apiVersion ${showValue(e.data)}; this amas reads \`${want}\``, hint: 'remove apiVersion or write amas/v1', path, target: 'value' };
      return { code: 'AMAS205', message: `\`${name}\` must be \`${want}\`, got ${showValue(e.data)}`, path, target: 'value' };
    }
    case 'minProperties':
    case 'maxProperties': {
      if (kind === 'workflow' && path[0] === 'on' && path.length === 2) {
        return { code: 'AMAS501', message: `trigger #${Number(path[1]) + 1} is empty; give one of \`cron\`, \`event\`, \`file\` or \`manual\``, path, target: 'value' };
      }
      if (name === 'capabilities') return { code: 'AMAS205', message: 'an agent needs at least one capability', path, target: 'key' };
      return { code: 'AMAS205', message: `\`${name}\` ${e.message ?? 'has the wrong number of keys'}`, path, target: 'key' };
    }
    case 'uniqueItems': {
      const j = Number(p.j);
      const item = Array.isArray(e.data) ? e.data[j] : undefined;
      return { code: 'AMAS205', message: `\`${name}\` lists ${showValue(item)} twice`, path: [...path, j], target: 'value' };
    }
    case 'minItems':
      return { code: 'AMAS205', message: `\`${name}\` must have at least ${String(p.limit)} item${p.limit === 1 ? '' : 's'}`, path, target: 'key' };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { code: 'AMAS205', message: `\`${name}\` must be ${String(p.comparison)} ${String(p.limit)}, got ${showValue(e.data)}`, path, target: 'value' };
    case 'maxLength':
      return { code: 'AMAS205', message: `\`${name}\` must be at most ${String(p.limit)} characters long`, path, target: 'value' };
    case 'format':
      return { code: 'AMAS205', message: `\`${name}\` must be a valid ${String(p.format)}, got ${showValue(e.data)}`, path, target: 'value' };
    default:
      return { code: 'AMAS205', message: `\`${name}\` ${e.message ?? 'is not valid'}`, path, target: 'value' };
  }
}

/** AMAS206: a capability's `run` names no executor (empty, `{}` or null) or more than one. */
function executorCount(data: unknown, path: PathSeg[]): Built {
  const keys = data && typeof data === 'object' ? Object.keys(data) : [];
  if (keys.length === 0) {
    return {
      code: 'AMAS206',
      message: `\`run\` is empty: name exactly one executor (${EXECUTORS.join(', ')})`,
      hint: 'e.g. run: { template: "Hello ${{ input.name }}" } or run: { command: [echo, hi] }',
      path,
      target: 'key',
    };
  }
  return { code: 'AMAS206', message: `\`run\` must name exactly one executor (${EXECUTORS.join(', ')}); found ${keys.length}: ${keys.join(', ')}`, path, target: 'key' };
}

const STEP_KINDS = ['task', 'approval', 'workflow'] as const;

/** A step names exactly one of `task`, `approval`, `workflow` (the schema's `oneOf` of `required`s). */
function stepKindCount(data: unknown, path: PathSeg[]): Built {
  const found = data && typeof data === 'object' ? STEP_KINDS.filter((k) => Object.hasOwn(data, k)) : [];
  const id = data && typeof data === 'object' && typeof (data as { id?: unknown }).id === 'string' ? ` \`${(data as { id: string }).id}\`` : '';
  if (found.length === 0) {
    return { code: 'AMAS206', message: `step${id} says nothing to do: give it exactly one of ${STEP_KINDS.join(', ')}`, hint: 'e.g. task: write_blog_post, or approval: { prompt: "Publish?" }, or workflow: publish-post', path, target: 'key' };
  }
  return { code: 'AMAS206', message: `step${id} must have exactly one of ${STEP_KINDS.join(', ')}; found ${found.join(', ')}`, path, target: 'key' };
}

/** ajv errors → located, human diagnostics. */
export function mapSchemaErrors(errors: readonly ErrorObject[], o: MapOpts): Diagnostic[] {
  const out: Diagnostic[] = [];
  const doc = docOf(o.file);
  for (const e of collapseErrors(errors)) {
    const b = build(e, o);
    if (!b) continue;
    const full = [...(o.basePath ?? []), ...b.path];
    const loc = doc ? locate(doc, o.file.text, full, b.target) : { start: 0, end: 1 };
    out.push(diagAt(o.file, loc.start, loc.end, o.code ?? b.code, `${o.prefix ?? ''}${b.message}`, { hint: b.hint }));
  }
  return out;
}

