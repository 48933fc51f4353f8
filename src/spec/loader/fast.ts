import { FAILSAFE_SCHEMA, load, Type } from 'js-yaml';
import { MAX_DEPTH } from './parse.ts';

/**
 * A fast first read for the common case of a plain, valid spec file. The `yaml` library composes
 * a positioned Document (≈ 0.5 ms per file, most of validate's time); js-yaml builds the plain
 * data about ten times faster. Positions are only needed when a file gets a diagnostic, and then
 * the file is read again by the full path, so every diagnostic stays exactly as the full path
 * makes it. This path must therefore either give up or give the same data as `yaml`'s toJS: the
 * scalar types below copy yaml's YAML 1.2 core schema (yaml/dist/schema/core), and anything whose
 * reading could differ between the two parsers sends the file down the full path.
 */

function scalar(tag: string, test: RegExp, construct: (s: string) => unknown): Type {
  return new Type(tag, { kind: 'scalar', resolve: (s: string | null) => test.test(s ?? ''), construct: (s: string | null) => construct(s ?? '') });
}

const CORE = FAILSAFE_SCHEMA.extend({
  implicit: [
    scalar('tag:yaml.org,2002:null', /^(?:~|[Nn]ull|NULL)?$/, () => null),
    scalar('tag:yaml.org,2002:bool', /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, (s) => s[0] === 't' || s[0] === 'T'),
    scalar('tag:yaml.org,2002:int', /^(?:0o[0-7]+|[-+]?[0-9]+|0x[0-9a-fA-F]+)$/, (s) =>
      s.startsWith('0o') ? parseInt(s.substring(2), 8) : s.startsWith('0x') ? parseInt(s.substring(2), 16) : parseInt(s, 10),
    ),
    scalar('tag:yaml.org,2002:float', /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+|[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*))$/, (s) =>
      /^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$/.test(s) ? (s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? -Infinity : Infinity) : parseFloat(s),
    ),
  ],
});

/**
 * Constructs the two parsers might read differently, or that the full path must see (limits,
 * warnings): anchors (aliases without one fail in js-yaml), tags, complex and collection keys (also
 * any collection right after `{` (not `${{`) or `,`, which may be a key in a flow mapping),
 * null keys (js-yaml names them "null", yaml ""), merge keys, a comment right after a quote or bracket, empty
 * sequence items (js-yaml nests `- -` differently), `__proto__`, directives and
 * document markers, tabs and carriage returns.
 */
const UNUSUAL = /[\t\r]|__proto__|<<|["'\]}]#|(?:^| )- *$|^(?:---|\.\.\.|%)|(?:^|[\s[{,])(?:&(?!&)\S|\*[^\s*,\]}"']|!(?!=)|\?(?:\s|$))|[\]}]\s*:(?:\s|$)|(?:(?<!\$)\{|,) *[[{]|(?:^|[\s[{,?-])(?:(?:~|[Nn]ull|NULL) *)?:(?:\s|$)/m;

/** Implicit keys over 1024 characters are an error in `yaml`; no ordinary spec line is near it. */
const MAX_LINE = 1000;

/**
 * Flow collections and quoted scalars that span lines (their indentation rules are where parsers
 * disagree), very long lines, and deep nesting (the full path reports it). Quotes are recognised only at the start of a token, as in `scanDepth`; a wrong guess
 * only costs the full path.
 */
function spansLines(text: string): boolean {
  let depth = 0;
  let quote = '';
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') {
      if (quote || depth > 0 || i - lineStart > MAX_LINE) return true;
      lineStart = i + 1;
      continue;
    }
    if (quote) {
      if (ch === '\\' && quote === '"' && text[i + 1] === '\n') return true;
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = '';
      continue;
    }
    if (ch === '#' && (i === 0 || text[i - 1] === ' ')) {
      const nl = text.indexOf('\n', i);
      if (nl < 0) return text.length - lineStart > MAX_LINE;
      i = nl - 1;
    } else if (ch === '"' || ch === "'") {
      const prev = text[i - 1];
      if (prev === undefined || prev === ' ' || prev === '\n' || prev === '[' || prev === '{' || prev === ',' || prev === ':' || prev === '-') quote = ch;
    } else if (ch === '[' || ch === '{') {
      if (++depth > MAX_DEPTH) return true;
    }
    else if ((ch === ']' || ch === '}') && depth > 0) depth--;
  }
  return quote !== '' || depth > 0 || text.length - lineStart > MAX_LINE;
}

/**
 * A line that steps back to a column no open block started at (js-yaml reads `a:\n  - b\n - c`
 * as one list, yaml refuses it). Open columns are each line's indentation and, after `- `
 * markers, the column of what follows. Comment and blank lines do not count.
 */
function oddIndent(text: string): boolean {
  const open: number[] = [];
  for (let start = 0; start < text.length; ) {
    let nl = text.indexOf('\n', start);
    if (nl < 0) nl = text.length;
    let n = start;
    while (n < nl && text[n] === ' ') n++;
    if (n < nl && text[n] !== '#') {
      const col = n - start;
      let popped = false;
      while (open.length > 0 && open[open.length - 1]! > col) {
        open.pop();
        popped = true;
      }
      const top = open[open.length - 1];
      if (popped && top !== col) return true;
      if (top === undefined || top < col) open.push(col);
      let j = n;
      while (text[j] === '-' && text[j + 1] === ' ') {
        j += 2;
        while (text[j] === ' ') j++;
        if (j < nl) open.push(j - start);
      }
    }
    start = nl + 1;
  }
  return false;
}

/**
 * The file's data when it is plain enough to read without positions, else undefined (the full
 * path then reads it). Never throws. The result is a mapping: anything else goes the full way.
 */
export function fastData(text: string): Record<string, unknown> | undefined {
  if (spansLines(text) || oddIndent(text) || UNUSUAL.test(text)) return undefined;
  let data: unknown;
  try {
    data = load(text, { schema: CORE, json: false });
  } catch {
    return undefined;
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
  return data as Record<string, unknown>;
}
