import type { CompiledExpr, Node } from './ast.ts';
import { ExprError } from './errors.ts';
import { Lru } from './lru.ts';
import { parseExpression } from './parser.ts';

/** A string split into literal text and `${{ }}` expressions. */
export interface ParsedTemplate {
  /** The text is exactly one `${{ … }}` (surrounding whitespace allowed): rendering keeps the value's type. */
  readonly whole: boolean;
  readonly parts: readonly (string | CompiledExpr)[];
}

const OPEN = '${{';
const CLOSE = '}}';

/** Cheap test used on every string the engine renders; no parse. */
export function hasExpressions(text: string): boolean {
  return text.includes(OPEN);
}

/** Where the `}}` closing an expression opened before `from` is, skipping quoted strings; -1 if none. */
function findClose(text: string, from: number): number {
  let quote = 0;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote) {
      if (c === 92) i++;
      else if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) quote = c;
    else if (c === 125 && text.charCodeAt(i + 1) === 125) return i;
  }
  return -1;
}

/** Shifts every span of an expression's AST by `delta` (expression-relative → template-relative). */
function shift(node: Node, delta: number): Node {
  const s = { start: node.start + delta, end: node.end + delta };
  switch (node.kind) {
    case 'literal':
    case 'ident':
      return { ...node, ...s };
    case 'member':
      return { ...node, ...s, keyStart: node.keyStart + delta, object: shift(node.object, delta), ...(node.index ? { index: shift(node.index, delta) } : {}) };
    case 'call':
      return { ...node, ...s, calleeStart: node.calleeStart + delta, calleeEnd: node.calleeEnd + delta, args: node.args.map((a) => shift(a, delta)) };
    case 'unary':
      return { ...node, ...s, arg: shift(node.arg, delta) };
    case 'binary':
    case 'logical':
      return { ...node, ...s, left: shift(node.left, delta), right: shift(node.right, delta) };
    case 'conditional':
      return { ...node, ...s, test: shift(node.test, delta), then: shift(node.then, delta), else: shift(node.else, delta) };
    case 'array':
      return { ...node, ...s, elements: node.elements.map((e) => shift(e, delta)) };
  }
}

function compile(text: string): ParsedTemplate {
  const parts: (string | CompiledExpr)[] = [];
  let pos = 0;
  let literal = '';
  for (;;) {
    const open = text.indexOf(OPEN, pos);
    if (open < 0) break;
    literal += text.slice(pos, open);
    const bodyStart = open + OPEN.length;
    const close = findClose(text, bodyStart);
    if (close < 0) throw new ExprError("'${{' is never closed with '}}'", open, OPEN.length);
    const source = text.slice(bodyStart, close);
    let ast: Node;
    try {
      ast = parseExpression(source);
    } catch (err) {
      if (err instanceof ExprError) {
        // an empty body points at the whole `${{ }}`
        throw source.trim() === '' ? new ExprError(err.message, open, close + CLOSE.length - open) : err.shifted(bodyStart);
      }
      throw err;
    }
    if (literal) parts.push(literal);
    literal = '';
    parts.push({ source, offset: bodyStart, ast: shift(ast, bodyStart) });
    pos = close + CLOSE.length;
  }
  literal += text.slice(pos);
  if (literal) parts.push(literal);
  const exprs = parts.filter((p) => typeof p !== 'string').length;
  const whole = exprs === 1 && parts.every((p) => typeof p !== 'string' || p.trim() === '');
  return { whole, parts: whole ? parts.filter((p) => typeof p !== 'string') : parts };
}

/**
 * Bounded LRU of parsed templates keyed by text. The engine renders the same strings on every
 * run and step, so parsing happens once per distinct string; failures are cached too, so a
 * bad template costs one parse however often it is rendered.
 */
const cache = new Lru<string, ParsedTemplate | ExprError>(2000);

/** Splits `text` into literal parts and parsed expressions; throws ExprError located in `text`. */
export function parseTemplate(text: string): ParsedTemplate {
  let hit = cache.get(text);
  if (hit === undefined) {
    try {
      hit = compile(text);
    } catch (err) {
      if (!(err instanceof ExprError)) throw err;
      hit = err;
    }
    cache.set(text, hit);
  }
  if (hit instanceof ExprError) throw hit;
  return hit;
}

/** For tests and long-lived hosts: entries held, the bound, and a way to drop them. */
export const templateCache = {
  get size(): number {
    return cache.size;
  },
  get max(): number {
    return cache.max;
  },
  clear(): void {
    cache.clear();
  },
};
