// CONTRACT (to be implemented by the expr work): the public face of src/expr.
//
// export class ExprError extends Error { offset: number; length: number }   // position within the source text
// export interface Reference { root: 'inputs'|'steps'|'input'|'env'|'secrets'|'run'|'knowledge'; path: string[]; offset: number; length: number }
// export interface ParsedTemplate { whole: boolean; parts: (string | CompiledExpr)[] }   // whole = the text is exactly one ${{ }}
// export function parseTemplate(text: string): ParsedTemplate;                 // throws ExprError
// export function hasExpressions(text: string): boolean;
// export function findReferences(text: string): { refs: Reference[]; errors: ExprError[] };   // for validate's scope checks
// export function evaluate(expr: string, scope: Scope): unknown;              // one expression (without ${{ }})
// export function render(value: unknown, scope: Scope): unknown;             // deep: strings rendered, whole-expression strings keep their type
// export interface Scope { inputs?: unknown; steps?: Record<string, { output?: unknown; status?: string }>; input?: unknown;
//   env?: Record<string, string|undefined>; secrets?: Record<string, string|undefined>; run?: { id: string; workflow: string; attempt: number };
//   knowledge?: (category: string, limit?: number) => unknown[] }
export {};
