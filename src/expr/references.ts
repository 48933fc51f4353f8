import { BLOCKED_NAMES, type Node } from './ast.ts';
import { ExprError } from './errors.ts';
import { FUNCTION_NAMES, FUNCTIONS } from './functions.ts';
import { didYouMean } from './suggest.ts';
import { hasExpressions, parseTemplate } from './template.ts';

/**
 * A name an expression reads, for static scope checks: `steps.draft.output.title` is root
 * 'steps', path ['draft', 'output', 'title']. Constant keys (`steps['fetch-data']`, `items[0]`)
 * continue the path; a computed key ends it. `knowledge('leads')` is root 'knowledge', path
 * ['leads']. offset/length cover the root and its static path within the template text.
 */
export interface Reference {
  root: 'inputs' | 'steps' | 'input' | 'env' | 'secrets' | 'run' | 'knowledge' | (string & {});
  path: string[];
  offset: number;
  length: number;
}

interface Acc {
  refs: Reference[];
  errors: ExprError[];
}

function err(acc: Acc, msg: string, start: number, end: number): void {
  acc.errors.push(new ExprError(msg, start, end - start));
}

/** Unwinds a member chain to its base; returns the chain outermost-last. */
function chainOf(node: Node & { kind: 'member' }): { base: Node; links: (Node & { kind: 'member' })[] } {
  const links: (Node & { kind: 'member' })[] = [];
  let cur: Node = node;
  while (cur.kind === 'member') {
    links.unshift(cur);
    cur = cur.object;
  }
  return { base: cur, links };
}

function visit(node: Node, acc: Acc): void {
  switch (node.kind) {
    case 'literal':
      return;
    case 'ident':
      acc.refs.push({ root: node.name, path: [], offset: node.start, length: node.end - node.start });
      if (node.name === 'secrets') err(acc, 'read secrets by name (secrets.NAME), never as a whole', node.start, node.end);
      return;
    case 'member': {
      const { base, links } = chainOf(node);
      for (const l of links) {
        if (l.name !== undefined && BLOCKED_NAMES.has(l.name)) err(acc, `'${l.name}' is not accessible`, l.keyStart, l.end);
        if (l.index) visit(l.index, acc);
      }
      if (base.kind !== 'ident') {
        visit(base, acc);
        return;
      }
      const path: string[] = [];
      let end = base.end;
      for (const l of links) {
        if (l.name === undefined) break;
        path.push(l.name);
        end = l.end;
      }
      acc.refs.push({ root: base.name, path, offset: base.start, length: end - base.start });
      if (base.name === 'secrets' && path.length === 0) {
        err(acc, 'read secrets by name (secrets.NAME), not by a computed key', base.start, links[0]?.end ?? base.end);
      }
      return;
    }
    case 'call': {
      if (node.callee === 'knowledge') {
        const first = node.args[0];
        const path = first?.kind === 'literal' && typeof first.value === 'string' ? [first.value] : [];
        acc.refs.push({ root: 'knowledge', path, offset: node.start, length: node.end - node.start });
      } else if (!FUNCTIONS.has(node.callee)) {
        err(acc, `unknown function '${node.callee}'${didYouMean(node.callee, FUNCTION_NAMES)}`, node.calleeStart, node.calleeEnd);
      }
      for (const a of node.args) visit(a, acc);
      return;
    }
    case 'unary':
      visit(node.arg, acc);
      return;
    case 'binary':
    case 'logical':
      visit(node.left, acc);
      visit(node.right, acc);
      return;
    case 'conditional':
      visit(node.test, acc);
      visit(node.then, acc);
      visit(node.else, acc);
      return;
    case 'array':
      for (const e of node.elements) visit(e, acc);
      return;
  }
}

/**
 * Every reference in a template string, plus every error found without a scope: syntax errors,
 * unknown functions, blocked property names, whole-`secrets` reads. Never throws.
 * Which roots are valid depends on where the string sits, so unknown roots are the caller's call.
 */
export function findReferences(text: string): { refs: Reference[]; errors: ExprError[] } {
  const acc: Acc = { refs: [], errors: [] };
  if (!hasExpressions(text)) return acc;
  try {
    for (const part of parseTemplate(text).parts) if (typeof part !== 'string') visit(part.ast, acc);
  } catch (e) {
    if (e instanceof ExprError) acc.errors.push(e);
    else acc.errors.push(new ExprError(String(e), 0, text.length));
  }
  acc.refs.sort((a, b) => a.offset - b.offset);
  acc.errors.sort((a, b) => a.offset - b.offset);
  return acc;
}

/** Names read as `secrets.NAME` anywhere in a YAML value (strings, arrays, objects), sorted, unique. */
export function collectSecretRefs(value: unknown): string[] {
  const names = new Set<string>();
  const stack: unknown[] = [value];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      for (const r of findReferences(v).refs) if (r.root === 'secrets' && r.path[0] !== undefined) names.add(r.path[0]);
    } else if (v !== null && typeof v === 'object' && !seen.has(v)) {
      seen.add(v);
      stack.push(...(Array.isArray(v) ? v : Object.values(v)));
    }
  }
  return [...names].sort();
}
