/**
 * A small glob → RegExp for file triggers: `*` and `?` stay within one path segment, `**`
 * spans segments (`a/**\/b` also matches `a/b`), `{x,y}` alternates (nesting allowed), `[abc]`
 * and `[!abc]` are classes, `\` escapes. Paths use `/`; we avoid node's path.matchesGlob,
 * which is experimental on Node 20 and prints a warning.
 */
export function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${translate(normalise(glob), 0, false).src}$`);
}

function normalise(p: string): string {
  return p.replace(/\\(?![*?[\]{}\\,!])/g, '/').replace(/^\.\//, '');
}

const SPECIAL = /[.+^$()|\\]/;

function translate(g: string, start: number, inBraces: boolean): { src: string; end: number } {
  let src = '';
  let i = start;
  while (i < g.length) {
    const c = g[i]!;
    if (inBraces && (c === ',' || c === '}')) break;
    if (c === '\\' && i + 1 < g.length) {
      src += escapeChar(g[i + 1]!);
      i += 2;
    } else if (c === '*') {
      if (g[i + 1] === '*') {
        const atStart = i === 0 || g[i - 1] === '/';
        const next = g[i + 2];
        if (atStart && next === '/') {
          src += '(?:[^/]*(?:/[^/]*)*/)?';
          i += 3;
        } else if (atStart && next === undefined && src.endsWith('/')) {
          src = `${src.slice(0, -1)}(?:/.*)?`;
          i += 2;
        } else {
          src += '.*';
          i += 2;
        }
      } else {
        src += '[^/]*';
        i += 1;
      }
    } else if (c === '?') {
      src += '[^/]';
      i += 1;
    } else if (c === '[') {
      const close = g.indexOf(']', i + 2);
      if (close < 0) {
        src += '\\[';
        i += 1;
      } else {
        let body = g.slice(i + 1, close);
        const neg = body.startsWith('!') || body.startsWith('^');
        if (neg) body = body.slice(1);
        src += `[${neg ? '^/' : ''}${body.replace(/\\/g, '\\\\').replace(/]/g, '\\]')}]`;
        i = close + 1;
      }
    } else if (c === '{') {
      const alts: string[] = [];
      let j = i + 1;
      let closed = false;
      for (;;) {
        const part = translate(g, j, true);
        alts.push(part.src);
        j = part.end;
        if (j >= g.length) break;
        if (g[j] === '}') {
          closed = true;
          j += 1;
          break;
        }
        j += 1; // ','
      }
      if (closed) {
        src += `(?:${alts.join('|')})`;
        i = j;
      } else {
        src += '\\{';
        i += 1;
      }
    } else {
      src += escapeChar(c);
      i += 1;
    }
  }
  return { src, end: i };
}

function escapeChar(c: string): string {
  return SPECIAL.test(c) || c === '{' || c === '}' || c === '[' || c === ']' || c === '*' || c === '?' ? `\\${c}` : c;
}

const cache = new Map<string, RegExp>();

function compiled(glob: string): RegExp {
  let re = cache.get(glob);
  if (!re) {
    re = globToRegExp(glob);
    if (cache.size > 500) cache.clear();
    cache.set(glob, re);
  }
  return re;
}

/**
 * Whether a project-relative path matches a file trigger's glob(s). Globs starting with `!`
 * exclude: the path must match one positive glob and no negative one.
 */
export function matchFile(globs: string | readonly string[], relativePath: string): boolean {
  const p = normalise(relativePath);
  const list = typeof globs === 'string' ? [globs] : globs;
  let hit = false;
  for (const g of list) {
    if (g.startsWith('!')) {
      if (compiled(g.slice(1)).test(p)) return false;
    } else if (!hit && compiled(g).test(p)) hit = true;
  }
  return hit;
}
