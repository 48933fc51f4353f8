// The public face of src/expr: the `${{ }}` expression language (docs/architecture.md "Specs: loading and validation").
export { ExprError } from './errors.ts';
export type { CompiledExpr, Node } from './ast.ts';
export { parseTemplate, hasExpressions, templateCache, type ParsedTemplate } from './template.ts';
export { parseExpression, MAX_EXPR_LENGTH, MAX_NESTING, MAX_AST_DEPTH } from './parser.ts';
export { findReferences, collectSecretRefs, type Reference } from './references.ts';
export { evaluate, evalNode, ROOTS, type Scope } from './evaluate.ts';
export { render, renderPieces, type RenderedPiece } from './render.ts';
export { FUNCTION_NAMES } from './functions.ts';
export { toText } from './values.ts';
