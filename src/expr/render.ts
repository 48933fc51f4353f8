import { ExprError } from './errors.ts';
import { evalNode, type Scope } from './evaluate.ts';
import { asLimitError, resultError, tooLong } from './limits.ts';
import { hasExpressions, parseTemplate } from './template.ts';
import { isPlainObject, toText } from './values.ts';

const MAX_RENDER_DEPTH = 200;

function located(err: ExprError, path: (string | number)[]): ExprError {
  const e = err.shifted(0);
  e.path = [...path];
  return e;
}

function renderString(text: string, scope: Scope, path: (string | number)[]): unknown {
  if (!hasExpressions(text)) return text;
  try {
    const t = parseTemplate(text);
    const first = t.parts[0];
    if (t.whole && first !== undefined && typeof first !== 'string') return evalNode(first.ast, scope);
    let out = '';
    for (const p of t.parts) {
      if (typeof p === 'string') out += p;
      else {
        try {
          out += toText(evalNode(p.ast, scope));
        } catch (err) {
          throw asLimitError(err, p.ast);
        }
        if (tooLong(out.length)) throw resultError('the text is too long', p.ast);
      }
    }
    return out;
  } catch (err) {
    if (err instanceof ExprError) throw located(err, path);
    throw err;
  }
}

function renderAt(value: unknown, scope: Scope, path: (string | number)[]): unknown {
  if (typeof value === 'string') return renderString(value, scope, path);
  if (value === null || typeof value !== 'object') return value;
  if (path.length > MAX_RENDER_DEPTH) {
    const e = new ExprError(`value nested deeper than ${MAX_RENDER_DEPTH} levels`, 0);
    e.path = [...path];
    throw e;
  }
  // one path array, pushed and popped; it is copied only when an error needs it
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      out[i] = renderAt(value[i], scope, path);
      path.pop();
    }
    return out;
  }
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value)) {
    path.push(k);
    const v = renderAt(value[k], scope, path);
    // assigning to __proto__ would set the prototype; define it so it stays data
    if (k === '__proto__') Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    else out[k] = v;
    path.pop();
  }
  return out;
}

/**
 * Renders every string of a value, deeply. A string that is one whole `${{ }}` becomes the
 * expression's value (any type); expressions embedded in text become text (objects as JSON,
 * null/undefined as ''). Errors are ExprErrors located in the failing string, with `path`.
 */
export function render(value: unknown, scope: Scope): unknown {
  return renderAt(value, scope, []);
}

/** A rendered template, piece by piece: literal text as written, and each expression's value. */
export type RenderedPiece = { kind: 'text'; text: string } | { kind: 'value'; value: unknown; source: string };

/**
 * Renders a template but keeps the pieces apart, for callers that must treat interpolated values
 * differently from the author's literal text (an http URL encodes each value for the part of the
 * URL it lands in). Errors are ExprErrors located in `text`, like render's.
 */
export function renderPieces(text: string, scope: Scope): RenderedPiece[] {
  if (!hasExpressions(text)) return [{ kind: 'text', text }];
  try {
    return parseTemplate(text).parts.map((p): RenderedPiece => (typeof p === 'string' ? { kind: 'text', text: p } : { kind: 'value', value: evalNode(p.ast, scope), source: p.source }));
  } catch (err) {
    if (err instanceof ExprError) throw located(err, []);
    throw err;
  }
}
