/**
 * `with: { base: ${{ inputs.feed }} }` — a GitHub Actions habit — is not YAML: inside a flow
 * collection `{` opens a mapping, and the parser reports a cascade of errors about tokens that
 * mean nothing to the author. This finds such unquoted expressions, so that the file gets one
 * diagnostic per expression with the quoted form as the fix (AMAS111).
 */
export interface FlowExpr {
  /** Offsets of `${{ … }}` in the text. */
  start: number;
  end: number;
  /** The source line with the value quoted, for the hint. */
  fixedLine: string;
}

/** Unquoted `${{ … }}` inside `{ … }` or `[ … ]` (outside quotes and comments). */
export function unquotedFlowExprs(text: string): FlowExpr[] {
  const out: FlowExpr[] = [];
  let depth = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = '';
      continue;
    }
    if (ch === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      const nl = text.indexOf('\n', i);
      if (nl < 0) break;
      i = nl - 1;
      continue;
    }
    if (text.startsWith('${{', i)) {
      const close = text.indexOf('}}', i + 3);
      const nl = text.indexOf('\n', i);
      if (close < 0 || (nl >= 0 && close > nl)) continue;
      if (depth > 0) out.push({ start: i, end: close + 2, fixedLine: quotedLine(text, i, close + 2) });
      // In block context a plain scalar may hold braces: they are not flow indicators there.
      i = close + 1;
      continue;
    }
    if (ch === '"' || ch === "'") {
      const prev = text[i - 1];
      if (prev === undefined || /[\s[{,:-]/.test(prev)) quote = ch;
    } else if (ch === '[' || ch === '{') depth++;
    else if ((ch === ']' || ch === '}') && depth > 0) depth--;
  }
  return out;
}

/**
 * The same text with each expression replaced by as many `x` as it has characters: a plain
 * scalar anywhere, so a second parse reports only the file's other syntax errors, at the same
 * offsets.
 */
export function blankExprs(text: string, exprs: readonly FlowExpr[]): string {
  let out = '';
  let at = 0;
  for (const e of exprs) {
    out += text.slice(at, e.start) + 'x'.repeat(e.end - e.start);
    at = e.end;
  }
  return out + text.slice(at);
}

/** The line holding the expression, with the whole flow value around it quoted. */
function quotedLine(text: string, start: number, end: number): string {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const nl = text.indexOf('\n', end);
  const lineEnd = nl < 0 ? text.length : nl;
  const line = text.slice(lineStart, lineEnd);
  const s = start - lineStart;
  const e = end - lineStart;
  // The value begins after the nearest `: `, `{`, `[` or `,` before the expression…
  let vs = s;
  while (vs > 0 && !/[{[,]/.test(line[vs - 1]!) && !(line[vs - 1] === ' ' && line[vs - 2] === ':')) vs--;
  while (line[vs] === ' ') vs++;
  // …and ends before the next `,`, `}` or `]` after it.
  let ve = e;
  while (ve < line.length && !/[,}\]]/.test(line[ve]!)) ve++;
  while (ve > e && line[ve - 1] === ' ') ve--;
  const value = line.slice(vs, ve);
  const q = value.includes('"') ? `'${value.replace(/'/g, "''")}'` : `"${value}"`;
  return `${line.slice(0, vs)}${q}${line.slice(ve)}`.trim();
}
