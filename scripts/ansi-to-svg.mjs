#!/usr/bin/env node
// Renders a terminal capture with SGR colour codes (`tmux capture-pane -e -p`) as an SVG image
// of a terminal window. Used for docs/tui.svg, the README screenshot of the live console.
//   node scripts/ansi-to-svg.mjs capture.ansi --cols 120 --rows 40 [--title "amas up"] > out.svg
// Every character is placed at its own column when it is not ASCII, so glyphs taken from a
// fallback font (●, ✓, ▶) cannot push the rest of the line out of its grid.
//
// docs/tui.* were made this way from the repository's example project (repo root):
//   tmux -L shot new-session -d -x 120 -y 40 "node bin/amas up . --store /tmp/shot.db"
//   keys: 2 (Workflows), j (repo-health), r, enter, enter; once its four steps show ✓:
//   tmux -L shot capture-pane -p > docs/tui.txt; tmux -L shot capture-pane -e -p > /tmp/tui.ansi
//   node scripts/ansi-to-svg.mjs /tmp/tui.ansi --title "amas up — amas-example" > docs/tui.svg
//   rsvg-convert -o docs/tui.png docs/tui.svg        # apt-get install librsvg2-bin
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const file = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
if (!file) {
  process.stderr.write('usage: ansi-to-svg.mjs CAPTURE [--cols N] [--rows N] [--title TEXT]\n');
  process.exit(2);
}
const COLS = Number(opt('cols', 120));
const ROWS = Number(opt('rows', 40));
const TITLE = opt('title', '');

// GitHub-dark-like palette: the 16 ANSI colours, then default foreground and background.
const PALETTE = ['#484f58', '#ff7b72', '#3fb950', '#d29922', '#58a6ff', '#bc8cff', '#39c5cf', '#b1bac4',
  '#6e7681', '#ffa198', '#56d364', '#e3b341', '#79c0ff', '#d2a8ff', '#56d4dd', '#ffffff'];
const FG = '#c9d1d9';
const BG = '#0d1117';

function xterm256(n) {
  if (n < 16) return PALETTE[n];
  if (n >= 232) {
    const v = (8 + (n - 232) * 10).toString(16).padStart(2, '0');
    return `#${v}${v}${v}`;
  }
  const c = n - 16;
  const lv = (x) => (x === 0 ? 0 : 55 + x * 40).toString(16).padStart(2, '0');
  return `#${lv(Math.floor(c / 36))}${lv(Math.floor(c / 6) % 6)}${lv(c % 6)}`;
}

/** Applies one SGR parameter list to a style; returns the new style. */
function sgr(style, params) {
  const s = { ...style };
  const p = params.length ? params : [0];
  for (let i = 0; i < p.length; i++) {
    const n = p[i];
    if (n === 0) Object.assign(s, { fg: null, bg: null, bold: false, dim: false, italic: false, underline: false, inverse: false });
    else if (n === 1) s.bold = true;
    else if (n === 2) s.dim = true;
    else if (n === 3) s.italic = true;
    else if (n === 4) s.underline = true;
    else if (n === 7) s.inverse = true;
    else if (n === 22) s.bold = s.dim = false;
    else if (n === 23) s.italic = false;
    else if (n === 24) s.underline = false;
    else if (n === 27) s.inverse = false;
    else if (n >= 30 && n <= 37) s.fg = PALETTE[n - 30];
    else if (n >= 90 && n <= 97) s.fg = PALETTE[n - 90 + 8];
    else if (n >= 40 && n <= 47) s.bg = PALETTE[n - 40];
    else if (n >= 100 && n <= 107) s.bg = PALETTE[n - 100 + 8];
    else if (n === 39) s.fg = null;
    else if (n === 49) s.bg = null;
    else if ((n === 38 || n === 48) && p[i + 1] === 5) {
      s[n === 38 ? 'fg' : 'bg'] = xterm256(p[i + 2] ?? 0);
      i += 2;
    } else if ((n === 38 || n === 48) && p[i + 1] === 2) {
      const hex = p.slice(i + 2, i + 5).map((v) => (v ?? 0).toString(16).padStart(2, '0')).join('');
      s[n === 38 ? 'fg' : 'bg'] = `#${hex}`;
      i += 4;
    }
  }
  return s;
}

/** One row of cells: { ch, style }. tmux keeps the style across rows, so it is threaded through. */
function parseRow(line, style) {
  const cells = [];
  // eslint-disable-next-line no-control-regex -- ESC is exactly what is parsed here
  const re = /\u001b\[([0-9;:]*)m|\u001b\[[0-9;?]*[A-Za-z]|([^\u001b])/gu;
  for (const m of line.matchAll(re)) {
    if (m[1] !== undefined) style = sgr(style, m[1] === '' ? [] : m[1].split(/[;:]/).map(Number));
    else if (m[2] !== undefined && cells.length < COLS) cells.push({ ch: m[2], style });
  }
  return { cells, style };
}

const esc = (t) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const colours = (st) => {
  let fg = st.fg ?? FG;
  let bg = st.bg;
  if (st.inverse) [fg, bg] = [bg ?? BG, fg];
  return { fg, bg };
};
const key = (st) => JSON.stringify(st);

const CW = 8.43; // DejaVu Sans Mono advance at 14 px
const LH = 18;
const PAD = 14;
const BAR = 30;
const W = Math.ceil(COLS * CW + 2 * PAD);
const H = Math.ceil(ROWS * LH + 2 * PAD + BAR);
const out = [];
out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="'DejaVu Sans Mono', 'SFMono-Regular', Menlo, Consolas, monospace" font-size="14" xml:space="preserve">`);
out.push(`<rect width="${W}" height="${H}" rx="8" fill="${BG}" stroke="#30363d"/>`);
out.push(['#ff5f56', '#ffbd2e', '#27c93f'].map((c, i) => `<circle cx="${PAD + 6 + i * 20}" cy="${BAR / 2 + 2}" r="6" fill="${c}"/>`).join(''));
if (TITLE) out.push(`<text x="${W / 2}" y="${BAR / 2 + 7}" fill="#8b949e" text-anchor="middle" font-size="13">${esc(TITLE)}</text>`);

const lines = readFileSync(file, 'utf8').replace(/\n$/, '').split('\n').slice(0, ROWS);
let style = sgr({}, [0]);
lines.forEach((line, row) => {
  const parsed = parseRow(line, style);
  style = parsed.style;
  const y = PAD + BAR + row * LH;
  // Backgrounds first, as runs of one colour.
  for (let c = 0; c < parsed.cells.length; ) {
    const { bg } = colours(parsed.cells[c].style);
    let e = c + 1;
    while (e < parsed.cells.length && colours(parsed.cells[e].style).bg === bg) e++;
    if (bg) out.push(`<rect x="${(PAD + c * CW).toFixed(1)}" y="${y}" width="${((e - c) * CW).toFixed(1)}" height="${LH}" fill="${bg}"/>`);
    c = e;
  }
  // Text: runs of one style, broken at every non-ASCII character.
  for (let c = 0; c < parsed.cells.length; ) {
    const st = parsed.cells[c].style;
    const ascii = parsed.cells[c].ch < '\u0080';
    let e = c + 1;
    while (ascii && e < parsed.cells.length && parsed.cells[e].ch < '\u0080' && key(parsed.cells[e].style) === key(st)) e++;
    const text = parsed.cells.slice(c, e).map((x) => x.ch).join('');
    if (text.trim()) {
      const { fg } = colours(st);
      const attrs = [`x="${(PAD + c * CW).toFixed(1)}"`, `y="${y + 13}"`, `fill="${fg}"`];
      if (st.bold) attrs.push('font-weight="bold"');
      if (st.dim) attrs.push('fill-opacity="0.6"');
      if (st.italic) attrs.push('font-style="italic"');
      if (st.underline) attrs.push('text-decoration="underline"');
      out.push(`<text ${attrs.join(' ')}>${esc(text)}</text>`);
    }
    c = e;
  }
});
out.push('</svg>');
process.stdout.write(out.join('\n') + '\n');
