import { NonRetriableError } from '../../core/index.ts';
import { ExprError, renderPieces, toText, type Scope } from '../../expr/index.ts';
import type { ExecutorContext } from '../executor.ts';
import { renderText } from './render.ts';

/** The part of a URL a value lands in, judged from the URL text before it. */
export type UrlComponent = 'base' | 'authority' | 'path' | 'query' | 'fragment';

/** Where the next character appended to `before` would land. */
export function componentAt(before: string): UrlComponent {
  if (before === '') return 'base';
  if (before.includes('#')) return 'fragment';
  if (before.includes('?')) return 'query';
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/]*$/.test(before)) return 'authority';
  return 'path';
}

/**
 * A value made safe for its component. Base (a whole URL, or the start of one: `${{ env.API }}/x`)
 * stays as is — the result must still be an absolute http(s) URL. Everywhere else every reserved
 * character is escaped (`/ ? # & = @ :` included), so a value is one path segment, one query
 * value, or fragment text, and can never add a segment, a parameter or a host.
 */
export function encodeFor(component: UrlComponent, text: string): string {
  switch (component) {
    case 'base':
      return text;
    case 'authority':
    case 'path':
    case 'query':
    case 'fragment':
      // In a path, a value of only dots would be a `.`/`..` segment; escaped it reads as data where
      // it is part of a longer segment, and buildUrl refuses it where it is a whole one.
      return component === 'path' && /^\.+$/.test(text) ? text.replace(/\./g, '%2E') : encodeURIComponent(text);
  }
}

/** The path segment of `url` around [start, end): from the `/` before it to the next `/ ? #` after it. */
function segmentAround(url: string, start: number, end: number): string {
  const from = url.lastIndexOf('/', start - 1) + 1;
  const rest = url.slice(end).search(/[/?#]/);
  return url.slice(from, rest < 0 ? url.length : end + rest);
}

/**
 * Renders an http step's URL. The author's literal text stays as written; each interpolated value
 * is percent-encoded for the component it lands in (docs/security.md): `../../x?y=1#f` from an
 * input becomes one path segment, not a new path, query and fragment. `raw` (the spec's
 * `url_raw: true`) is the author's explicit opt-out: values are inserted as rendered.
 */
export function buildUrl(template: string, ctx: Pick<ExecutorContext, 'scope'>, raw: boolean): string {
  if (raw) return renderText(template, ctx, 'http.url');
  let pieces;
  try {
    pieces = renderPieces(template, ctx.scope as Scope);
  } catch (err) {
    if (err instanceof ExprError) throw new NonRetriableError(`http.url: ${err.message}`, { cause: err });
    throw err;
  }
  let url = '';
  const dotValues: [number, number, string][] = [];
  for (const p of pieces) {
    if (p.kind === 'text') {
      url += p.text;
      continue;
    }
    const component = componentAt(url);
    const text = toText(p.value);
    const encoded = encodeFor(component, text);
    if (component === 'path' && encoded !== text && /^\.+$/.test(text)) dotValues.push([url.length, url.length + encoded.length, p.source.trim()]);
    url += encoded;
  }
  for (const [start, end, source] of dotValues) {
    const segment = segmentAround(url, start, end).replace(/%2e/gi, '.');
    if (segment === '.' || segment === '..') {
      throw new NonRetriableError(`http.url: \${{ ${source} }} makes the path segment \`${segment}\`, which would climb the URL path; refused (set url_raw: true only if the value is trusted)`);
    }
  }
  return url;
}
