/**
 * The expression tree amas evaluates: a closed union narrowed from jsep's open ESTree-like
 * output, so the evaluator and the static checks can switch exhaustively. Every node carries
 * its span [start, end) within the text that was parsed (template-relative once compiled).
 */
export type BinaryOp = '==' | '!=' | '===' | '!==' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%';
export type LogicalOp = '&&' | '||' | '??';
export type UnaryOp = '!' | '-' | '+';

interface Span {
  start: number;
  end: number;
}

export type Node =
  | ({ kind: 'literal'; value: string | number | boolean | null } & Span)
  | ({ kind: 'ident'; name: string } & Span)
  /** `name` for `a.b` and constant keys (`a['b-c']`, `a[0]`); `index` for a computed key; `keyStart` where the key begins. */
  | ({ kind: 'member'; object: Node; name?: string; index?: Node; keyStart: number; optional: boolean } & Span)
  | ({ kind: 'call'; callee: string; calleeStart: number; calleeEnd: number; args: Node[] } & Span)
  | ({ kind: 'unary'; op: UnaryOp; arg: Node } & Span)
  | ({ kind: 'binary'; op: BinaryOp; left: Node; right: Node } & Span)
  | ({ kind: 'logical'; op: LogicalOp; left: Node; right: Node } & Span)
  | ({ kind: 'conditional'; test: Node; then: Node; else: Node } & Span)
  | ({ kind: 'array'; elements: Node[] } & Span);

/** A parsed `${{ … }}`: its AST, the raw expression text and where that text starts in the template. */
export interface CompiledExpr {
  readonly source: string;
  readonly offset: number;
  readonly ast: Node;
}

/** Property names never readable, whatever the object: the ways out of a sandbox. */
export const BLOCKED_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
