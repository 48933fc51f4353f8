import { BLOCKED_NAMES, type Node } from './ast.ts';
import { ExprError } from './errors.ts';
import { deepEqual, FnError, FUNCTIONS, FUNCTION_NAMES, typeName } from './functions.ts';
import { asLimitError, bounded } from './limits.ts';
import { Lru } from './lru.ts';
import { parseExpression } from './parser.ts';
import { didYouMean } from './suggest.ts';
import { isPlainObject, toText, truthy } from './values.ts';

/** What an expression can see (docs/architecture.md "Specs: loading and validation"). Extra roots may be added by a host; all are read-only data. */
export interface Scope {
  inputs?: unknown;
  steps?: Record<string, { output?: unknown; status?: string }>;
  input?: unknown;
  env?: Record<string, string | undefined>;
  secrets?: Record<string, string | undefined>;
  run?: { id: string; workflow: string; attempt: number };
  knowledge?: (category: string, limit?: number) => unknown[];
  [k: string]: unknown;
}

/** The names an expression may start with (plus any extra own key of the scope at run time). */
export const ROOTS: readonly string[] = ['inputs', 'steps', 'input', 'env', 'secrets', 'run', 'knowledge'];

function fail(msg: string, node: { start: number; end: number }): never {
  throw new ExprError(msg, node.start, node.end - node.start);
}

function noFunction(v: unknown, node: Node): unknown {
  if (typeof v === 'function') fail('a function cannot be used as a value; call it', node);
  return v;
}

function readRoot(node: Node & { kind: 'ident' }, scope: Scope): unknown {
  const { name } = node;
  if (name === 'knowledge') fail('knowledge is a function: write knowledge(category, limit)', node);
  if (BLOCKED_NAMES.has(name)) fail(`'${name}' is not accessible`, node);
  if (Object.hasOwn(scope, name)) return noFunction(scope[name], node);
  if (ROOTS.includes(name)) return undefined;
  if (FUNCTIONS.has(name)) fail(`${name} is a function: call it as ${name}(…)`, node);
  return fail(`unknown name '${name}'${didYouMean(name, ROOTS)}; expressions start with one of ${ROOTS.join(', ')}`, node);
}

/**
 * `secrets` holds exactly the names the loaded project references (docs/security.md): any other
 * name is an error, never an empty string, so a workflow submitted at run time cannot read an
 * environment variable the project did not declare as one of its secrets.
 */
function readableSecret(secrets: unknown, key: unknown, node: Node & { kind: 'member' }): void {
  if (typeof key !== 'string' || !isPlainObject(secrets) || Object.hasOwn(secrets, key)) return;
  fail(`secret '${key}' is not available: only secrets that the project's own specs reference can be read`, { start: node.keyStart, end: node.end });
}

/** Reads one property under the sandbox rules: own data of plain objects, arrays and strings only. */
function readMember(obj: unknown, key: unknown, node: Node & { kind: 'member' }): unknown {
  const keySpan = { start: node.keyStart, end: node.end };
  if (typeof key === 'string' && BLOCKED_NAMES.has(key)) fail(`'${key}' is not accessible`, keySpan);
  if (obj === null || obj === undefined || key === null || key === undefined) return undefined;
  if (typeof key !== 'string' && typeof key !== 'number') fail(`cannot index with ${typeName(key)}`, keySpan);
  const k = String(key);
  if (typeof obj === 'string' || Array.isArray(obj)) {
    if (k === 'length') return obj.length;
    const i = Number(k);
    return Number.isInteger(i) && i >= 0 && i < obj.length ? noFunction(obj[i], node) : undefined;
  }
  if (isPlainObject(obj)) return Object.hasOwn(obj, k) ? noFunction(obj[k], node) : undefined;
  return undefined;
}

function compare(op: '<' | '<=' | '>' | '>=', l: unknown, r: unknown, node: Node): boolean {
  const ok = (typeof l === 'number' && typeof r === 'number') || (typeof l === 'string' && typeof r === 'string');
  if (!ok) fail(`cannot compare ${typeName(l)} with ${typeName(r)} using '${op}'`, node);
  const a = l as number | string;
  const b = r as number | string;
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
}

function arithmetic(op: '-' | '*' | '/' | '%', l: unknown, r: unknown, node: Node): number {
  if (typeof l !== 'number' || typeof r !== 'number') {
    fail(`'${op}' needs two numbers, got ${typeName(l)} and ${typeName(r)}`, node);
  }
  if ((op === '/' || op === '%') && r === 0) fail('division by zero', node);
  const v = op === '-' ? l - r : op === '*' ? l * r : op === '/' ? l / r : l % r;
  if (!Number.isFinite(v)) fail('arithmetic result is not a finite number', node);
  return v;
}

function add(l: unknown, r: unknown, node: Node): unknown {
  if (typeof l === 'number' && typeof r === 'number') {
    const v = l + r;
    if (!Number.isFinite(v)) fail('arithmetic result is not a finite number', node);
    return v;
  }
  if (typeof l === 'string' || typeof r === 'string') {
    try {
      return bounded(toText(l) + toText(r), node);
    } catch (err) {
      throw asLimitError(err, node);
    }
  }
  return fail(`'+' needs two numbers or a string, got ${typeName(l)} and ${typeName(r)}`, node);
}

function call(node: Node & { kind: 'call' }, scope: Scope): unknown {
  const callee = { start: node.calleeStart, end: node.calleeEnd };
  const args = node.args.map((a) => evalNode(a, scope));
  if (node.callee === 'knowledge') {
    const kb = scope.knowledge;
    if (typeof kb !== 'function') fail('knowledge() is not available here', callee);
    const [category, limit] = args;
    if (typeof category !== 'string') fail(`knowledge() expects a category string, got ${typeName(category)}`, node);
    if (limit !== undefined && (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1)) {
      fail('knowledge() limit must be a positive integer', node);
    }
    return bounded(kb(category, limit), node);
  }
  const fn = FUNCTIONS.get(node.callee);
  if (!fn) return fail(`unknown function '${node.callee}'${didYouMean(node.callee, FUNCTION_NAMES)}`, callee);
  try {
    return bounded(fn(args), node);
  } catch (err) {
    if (err instanceof FnError) fail(err.message, node);
    throw asLimitError(err, node);
  }
}

/** Evaluates a node. No loops or recursion exist in the language, so work is bounded by AST size. */
export function evalNode(node: Node, scope: Scope): unknown {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'ident':
      return readRoot(node, scope);
    case 'member': {
      const obj = evalNode(node.object, scope);
      const key = node.index ? evalNode(node.index, scope) : node.name;
      if (obj !== undefined && obj === scope.secrets) readableSecret(obj, key, node);
      return readMember(obj, key, node);
    }
    case 'call':
      return call(node, scope);
    case 'unary': {
      const v = evalNode(node.arg, scope);
      if (node.op === '!') return !truthy(v);
      if (typeof v !== 'number') fail(`unary '${node.op}' needs a number, got ${typeName(v)}`, node);
      return node.op === '-' ? -v : v;
    }
    case 'logical': {
      const l = evalNode(node.left, scope);
      if (node.op === '&&') return truthy(l) ? evalNode(node.right, scope) : l;
      if (node.op === '||') return truthy(l) ? l : evalNode(node.right, scope);
      return l ?? evalNode(node.right, scope);
    }
    case 'binary': {
      const l = evalNode(node.left, scope);
      const r = evalNode(node.right, scope);
      switch (node.op) {
        case '==':
        case '===':
          return deepEqual(l, r);
        case '!=':
        case '!==':
          return !deepEqual(l, r);
        case '<':
        case '<=':
        case '>':
        case '>=':
          return compare(node.op, l, r, node);
        case '+':
          return add(l, r, node);
        case '-':
        case '*':
        case '/':
        case '%':
          return arithmetic(node.op, l, r, node);
      }
      break;
    }
    case 'conditional':
      return truthy(evalNode(node.test, scope)) ? evalNode(node.then, scope) : evalNode(node.else, scope);
    case 'array':
      return bounded(
        node.elements.map((e) => evalNode(e, scope)),
        node,
      );
  }
  return undefined;
}

/** Evaluates one bare expression (without `${{ }}`); errors are located within `expr`. */
export function evaluate(expr: string, scope: Scope): unknown {
  let ast = exprCache.get(expr);
  if (ast === undefined) {
    ast = parseExpression(expr);
    exprCache.set(expr, ast);
  }
  return evalNode(ast, scope);
}

const exprCache = new Lru<string, Node>(500);
