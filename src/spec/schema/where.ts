import type { PathSeg } from '../locate.ts';
import type { SpecKind } from '../source.ts';

function at(data: unknown, path: readonly PathSeg[]): unknown {
  let cur = data;
  for (const s of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[String(s)];
  }
  return cur;
}

function idOf(data: unknown, path: readonly PathSeg[]): string | undefined {
  const v = at(data, [...path, 'id']);
  return typeof v === 'string' && v.length <= 64 ? v : undefined;
}

/**
 * A human phrase for where a path points, for messages: "in step `draft`", "in capability
 * `write_blog_post`", "in trigger #2", "in `budget`", "at the top level of the workflow".
 */
export function describeWhere(kind: SpecKind, data: unknown, path: readonly PathSeg[]): string {
  const [a, b, c, d] = path;
  if (kind === 'workflow') {
    if (a === 'steps' && b !== undefined) {
      const id = idOf(data, ['steps', b]);
      const step = id ? `step \`${id}\`` : `step #${Number(b) + 1}`;
      if (c === undefined) return `in ${step}`;
      if (c === 'retry') return `in \`retry\` of ${step}`;
      if (c === 'with' && d === undefined) return `in \`with\` of ${step}`;
      return `in ${step}`;
    }
    if (a === 'on' && b !== undefined) return `in trigger #${Number(b) + 1}`;
    if (a === 'inputs' && b !== undefined) return `in input \`${String(b)}\``;
  }
  if (kind === 'agent' && a === 'capabilities' && b !== undefined) {
    const cap = `capability \`${String(b)}\``;
    const [, , , , e, f] = path;
    if (c === 'run' && d === 'llm' && e === 'tools' && f !== undefined) return `in tool #${Number(f) + 1} of ${cap}`;
    if (c === 'run' && d !== undefined) return `in the \`${String(d)}\` executor of ${cap}`;
    if (c === 'run') return `in \`run\` of ${cap}`;
    if (c === 'retry') return `in \`retry\` of ${cap}`;
    return `in ${cap}`;
  }
  if (kind === 'project') {
    if (a === 'providers' && b !== undefined) return `in provider \`${String(b)}\``;
    if (a === 'mcp_servers' && b !== undefined) return `in MCP server \`${String(b)}\``;
  }
  if (path.length === 0) return kind === 'project' ? 'in amas.yaml' : `at the top level of the ${kind}`;
  const last = [...path].reverse().find((s) => typeof s === 'string' && !/^\d+$/.test(s));
  return last === undefined ? `in ${kind}` : `in \`${String(last)}\``;
}

/** The name a value is known by in messages: its key, or `parent[i]` for a list item. */
export function nameOf(path: readonly PathSeg[]): string {
  const last = path[path.length - 1];
  if (last === undefined) return 'document';
  if (typeof last === 'number' || /^\d+$/.test(String(last))) {
    const parent = path[path.length - 2];
    return `${parent === undefined ? 'item' : String(parent)}[${String(last)}]`;
  }
  return String(last);
}

/** Short rendering of a value for "got …" in messages. */
export function showValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  const s = typeof v === 'string' ? v : String(v);
  const cut = s.length > 40 ? `${s.slice(0, 37)}...` : s;
  return `\`${cut.replace(/\n/g, '\\n')}\``;
}

export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  switch (typeof v) {
    case 'object':
      return 'a mapping';
    case 'string':
      return 'a string';
    case 'number':
      return Number.isInteger(v) ? 'an integer' : 'a number';
    case 'boolean':
      return 'a boolean';
    default:
      return typeof v;
  }
}

/** JSON Schema type names as words. */
export function schemaTypeWord(t: string): string {
  switch (t) {
    case 'object':
      return 'a mapping';
    case 'array':
      return 'a list';
    case 'integer':
      return 'an integer';
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean (true or false)';
    case 'null':
      return 'null';
    default:
      return t;
  }
}
