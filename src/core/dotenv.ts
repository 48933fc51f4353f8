import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Parses a `.env` file: `KEY=VALUE` lines, `export ` prefix, `#` comments, single quotes (literal),
 * double quotes (with \n \t \" \\ escapes, may span lines) and trailing ` # comment` on unquoted values.
 */
export function parseDotenv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const src = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  let i = 0;
  while (i < src.length) {
    let end = src.indexOf('\n', i);
    if (end < 0) end = src.length;
    const line = src.slice(i, end);
    i = end + 1;
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue; // blank, comment or junk line: ignored as other dotenv readers do
    const key = m[1]!;
    let rest = m[2]!;
    const q = rest[0];
    if (q === '"' || q === "'" || q === '`') {
      // A quoted value may continue on the following lines until its closing quote.
      let body = rest.slice(1);
      let close = findClose(body, q);
      while (close < 0 && i < src.length) {
        let next = src.indexOf('\n', i);
        if (next < 0) next = src.length;
        body += '\n' + src.slice(i, next);
        i = next + 1;
        close = findClose(body, q);
      }
      const raw = close < 0 ? body : body.slice(0, close);
      out[key] = q === '"' ? unescapeDouble(raw) : raw;
      continue;
    }
    const hash = rest.search(/\s#/);
    if (hash >= 0) rest = rest.slice(0, hash);
    out[key] = rest.trim();
  }
  return out;
}

function findClose(body: string, q: string): number {
  for (let k = 0; k < body.length; k++) {
    if (body[k] === '\\' && q === '"') {
      k++;
      continue;
    }
    if (body[k] === q) return k;
  }
  return -1;
}

function unescapeDouble(raw: string): string {
  return raw.replace(/\\([nrt"\\])/g, (_m, c: string) => ({ n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' })[c] ?? c);
}

/** The project's `.env` file parsed; an absent file is empty. */
export function readDotenvFile(projectDir: string): Record<string, string> {
  try {
    return parseDotenv(readFileSync(join(projectDir, '.env'), 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return {};
    throw err;
  }
}
