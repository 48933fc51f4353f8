import jsep from 'jsep';
import type { BinaryOp, LogicalOp, Node, UnaryOp } from './ast.ts';
import { ExprError } from './errors.ts';

/** Longest expression accepted (between `${{` and `}}`); keeps parse and evaluation work bounded. */
export const MAX_EXPR_LENGTH = 4096;
/** Deepest bracket / prefix-operator nesting accepted; guards jsep's recursion against stack exhaustion. */
export const MAX_NESTING = 64;
/** Deepest AST accepted (long operator chains like `a + b + … + z` nest too); bounds evaluation recursion. */
export const MAX_AST_DEPTH = 256;

const BINARY: ReadonlySet<string> = new Set(['==', '!=', '===', '!==', '<', '<=', '>', '>=', '+', '-', '*', '/', '%']);
const LOGICAL: ReadonlySet<string> = new Set(['&&', '||', '??']);
const UNARY: ReadonlySet<string> = new Set(['!', '-', '+']);

type JNode = jsep.Expression & { start?: number; end?: number };

/** The parts of jsep's (untyped) parser class we extend; its typings only describe the function. */
interface JsepParser {
  index: number;
  readonly expr: string;
  parse(): JNode;
  gobbleIdentifier(): JNode;
  gobbleToken(): JNode | false;
}
const JsepBase = (jsep as unknown as { Jsep: new (expr: string) => JsepParser }).Jsep;

const isNamePart = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;

/**
 * jsep records no positions; this subclass stamps [start, end) on identifiers and tokens so
 * diagnostics can point at the exact name. It also lets a name contain `-` between name
 * characters, as GitHub Actions does, because step ids are kebab-case (`steps.fetch-data`);
 * subtraction therefore needs spaces (`a - 1`).
 */
class PositionedParser extends JsepBase {
  override gobbleIdentifier(): JNode {
    const start = this.index;
    const node = super.gobbleIdentifier();
    const src = this.expr;
    while (src.charCodeAt(this.index) === 45 && isNamePart(src.charCodeAt(this.index + 1))) {
      this.index += 2;
      while (isNamePart(src.charCodeAt(this.index))) this.index++;
    }
    node.name = src.slice(start, this.index);
    node.start = start;
    node.end = this.index;
    return node;
  }

  override gobbleToken(): JNode | false {
    let start = this.index;
    while (isSpace(this.expr.charCodeAt(start))) start++;
    const node = super.gobbleToken();
    if (node && node.start === undefined) {
      let end = this.index;
      while (end > start && isSpace(this.expr.charCodeAt(end - 1))) end--;
      node.start = start;
      node.end = end;
    }
    return node;
  }
}

/**
 * Rejects nesting too deep for jsep's recursive descent before handing it the text: each open
 * bracket and each prefix operator in a chain (`!!!!x`) costs a level of recursion there.
 */
function checkNesting(src: string): void {
  let depth = 0;
  let run = 0;
  let quote = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src.charCodeAt(i);
    if (quote) {
      if (c === 92) i++;
      else if (c === quote) quote = 0;
      continue;
    }
    if (c === 34 || c === 39) quote = c;
    if (c === 40 || c === 91) depth++;
    else if (c === 41 || c === 93) depth = Math.max(0, depth - 1);
    if (c === 33 || c === 45 || c === 43) run++;
    else if (!isSpace(c) && c !== 40 && c !== 91) run = 0;
    if (depth + run > MAX_NESTING) throw new ExprError(`expression nested deeper than ${MAX_NESTING} levels`, i);
  }
}

/** Parses one expression (without `${{ }}`) into the closed AST; positions relative to `src`. */
export function parseExpression(src: string): Node {
  if (src.length > MAX_EXPR_LENGTH) {
    throw new ExprError(`expression is ${src.length} characters long; the limit is ${MAX_EXPR_LENGTH}`, 0, src.length);
  }
  if (src.trim() === '') throw new ExprError('empty expression', 0, Math.max(1, src.length));
  checkNesting(src);
  let raw: JNode;
  try {
    raw = new PositionedParser(src).parse();
  } catch (err) {
    if (err instanceof RangeError) throw new ExprError('expression nested too deeply', 0, src.length);
    const e = err as { index?: unknown; description?: unknown; message?: unknown };
    const index = typeof e.index === 'number' ? Math.min(e.index, Math.max(0, src.length - 1)) : 0;
    const msg = typeof e.description === 'string' ? e.description : String(e.message);
    throw new ExprError(lowerFirst(msg), index);
  }
  return convert(raw, src, 0);
}

function lowerFirst(s: string): string {
  return s.length > 0 ? s[0]!.toLowerCase() + s.slice(1) : s;
}

/** A node's span: stamped by the parser, or (for nodes jsep builds internally) derived from its children. */
function spanOf(n: JNode): { start: number; end: number } {
  if (n.start !== undefined && n.end !== undefined) return { start: n.start, end: n.end };
  const kids = Object.values(n).flatMap((v) => (Array.isArray(v) ? v : [v]));
  const spans = kids
    .filter((k): k is JNode => typeof k === 'object' && k !== null && typeof (k as JNode).type === 'string')
    .map(spanOf);
  if (spans.length === 0) return { start: 0, end: 0 };
  return { start: Math.min(...spans.map((x) => x.start)), end: Math.max(...spans.map((x) => x.end)) };
}

function unsupported(what: string, n: JNode): never {
  const { start, end } = spanOf(n);
  throw new ExprError(what, start, end - start);
}

/** Narrows jsep's open node shapes to ours, rejecting what the language does not have. */
function convert(n: JNode, src: string, depth: number): Node {
  if (depth > MAX_AST_DEPTH) unsupported(`expression nested deeper than ${MAX_AST_DEPTH} levels`, n);
  const d = depth + 1;
  switch (n.type) {
    case 'Literal': {
      const v = (n as jsep.Literal).value;
      if (v instanceof RegExp) return unsupported('regular expressions are not supported', n);
      return { kind: 'literal', value: v, ...spanOf(n) };
    }
    case 'Identifier':
      return { kind: 'ident', name: (n as jsep.Identifier).name, ...spanOf(n) };
    case 'MemberExpression': {
      const m = n as jsep.MemberExpression & JNode;
      const object = convert(m.object as JNode, src, d);
      const prop = m.property as JNode;
      const optional = m.optional === true;
      if (!m.computed) {
        const name = (prop as jsep.Identifier).name;
        return { kind: 'member', object, name, keyStart: prop.start ?? object.end, optional, start: object.start, end: prop.end ?? object.end };
      }
      const index = convert(prop, src, d);
      const keyStart = index.start;
      // `]` follows the key, possibly after spaces
      let end = index.end;
      while (end < src.length && src[end] !== ']') end++;
      end = Math.min(src.length, end + 1);
      if (index.kind === 'literal' && (typeof index.value === 'string' || typeof index.value === 'number')) {
        return { kind: 'member', object, name: String(index.value), keyStart, optional, start: object.start, end };
      }
      return { kind: 'member', object, index, keyStart, optional, start: object.start, end };
    }
    case 'CallExpression': {
      const c = n as jsep.CallExpression & JNode;
      const callee = c.callee as JNode;
      if (callee.type !== 'Identifier') {
        return unsupported('only built-in functions can be called (e.g. contains(a, b)), not methods', callee);
      }
      const args = c.arguments.map((a) => convert(a as JNode, src, d));
      const cs = spanOf(callee);
      const last = args.at(-1);
      const end = c.end ?? Math.min(src.length, (last?.end ?? cs.end) + 1);
      return { kind: 'call', callee: (callee as jsep.Identifier).name, calleeStart: cs.start, calleeEnd: cs.end, args, start: cs.start, end };
    }
    case 'UnaryExpression': {
      const u = n as jsep.UnaryExpression & JNode;
      if (!UNARY.has(u.operator)) return unsupported(`operator '${u.operator}' is not supported`, n);
      return { kind: 'unary', op: u.operator as UnaryOp, arg: convert(u.argument as JNode, src, d), ...spanOf(n) };
    }
    case 'BinaryExpression': {
      const b = n as jsep.BinaryExpression;
      const left = convert(b.left as JNode, src, d);
      const right = convert(b.right as JNode, src, d);
      const span = { start: left.start, end: right.end };
      if (LOGICAL.has(b.operator)) return { kind: 'logical', op: b.operator as LogicalOp, left, right, ...span };
      if (BINARY.has(b.operator)) return { kind: 'binary', op: b.operator as BinaryOp, left, right, ...span };
      // point at the operator itself, between the operands
      const at = src.indexOf(b.operator, left.end);
      throw new ExprError(`operator '${b.operator}' is not supported`, at >= 0 ? at : left.end, b.operator.length);
    }
    case 'ConditionalExpression': {
      const c = n as jsep.ConditionalExpression;
      const test = convert(c.test as JNode, src, d);
      const then = convert(c.consequent as JNode, src, d);
      const alt = convert(c.alternate as JNode, src, d);
      return { kind: 'conditional', test, then, else: alt, start: test.start, end: alt.end };
    }
    case 'ArrayExpression': {
      const a = n as jsep.ArrayExpression & JNode;
      const elements = a.elements.map((e) => {
        if (e === null) return unsupported('array holes are not supported', n);
        return convert(e as JNode, src, d);
      });
      return { kind: 'array', elements, ...spanOf(n) };
    }
    case 'Compound':
      return unsupported('one expression expected; found several (missing operator?)', firstSpan(n, src));
    case 'SequenceExpression':
      return unsupported('comma expressions are not supported', n);
    case 'ThisExpression':
      return unsupported("'this' is not available", n);
    default:
      return unsupported(`unsupported syntax (${n.type})`, n);
  }
}

/** A compound's span runs from its second expression (where the operator is missing) to its end. */
function firstSpan(n: JNode, src: string): JNode {
  const body = (n as jsep.Compound).body as JNode[];
  const second = body[1];
  if (second?.start !== undefined) return { type: 'x', start: second.start, end: second.end ?? src.length };
  return { type: 'x', start: 0, end: src.length };
}
