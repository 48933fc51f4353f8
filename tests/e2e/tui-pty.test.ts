// The live console end to end: the real `amas up` (node bin/amas, built) in a real terminal
// (tmux, 120×40), driven by keys and file saves and checked on the screen it draws.
// Covers: hot reload of a new agent, a broken save shown as file:line while the last good spec
// keeps running, a workflow started with keys (its input typed into the prompt) whose steps
// complete, a resize, and `q` quitting gracefully with exit code 0. The screen is checked for
// tearing (header not on the first row, or twice) and stray log lines at every step.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Tmux, tmuxAvailable, waitFor } from './tmux.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/amas');
const FIXTURE = join(ROOT, 'tests/fixtures/tui');
const HAVE_TMUX = tmuxAvailable();
if (!HAVE_TMUX) console.warn('tests/e2e/tui-pty: skipped — tmux is not installed (apt-get install tmux)');

const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

describe.skipIf(!HAVE_TMUX)('amas up in a real terminal (tmux)', () => {
  const tmux = new Tmux();
  let dir = '';

  beforeAll(() => {
    // dist/ is built (when stale) by tests/global-setup.ts before any test file runs.
    dir = mkdtempSync(join(tmpdir(), 'amas-tui-e2e-'));
    cpSync(FIXTURE, dir, { recursive: true });
  });
  afterAll(() => {
    tmux.kill();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const screen = () => tmux.screen();
  const shown = () => screen().join('\n');
  /** Waits until every pattern is on one screen that is also drawn in place; returns that screen. */
  const until = (what: string, ...patterns: RegExp[]) =>
    waitFor(
      what,
      () => {
        if (existsSync(join(dir, 'exit.txt'))) throw new Error(`amas up exited early:\n${shown()}`);
        const lines = screen();
        const text = lines.join('\n');
        return patterns.every((p) => p.test(text)) ? lines : undefined;
      },
      shown,
    );
  /** Rows between a panel's title row and the next title row. */
  const panel = (lines: string[], title: RegExp, next: RegExp) => {
    const from = lines.findIndex((l) => title.test(l));
    const to = lines.findIndex((l, i) => i > from && next.test(l));
    return lines.slice(from + 1, to < 0 ? undefined : to).join('\n');
  };
  /**
   * A frame drawn in place: the header on the first row and only there, no log line on screen,
   * nothing ever scrolled (stray output scrolls the screen even when the next frame covers it).
   */
  const expectIntact = (lines: string[], rows: number, checkScroll = true) => {
    if (checkScroll) expect(tmux.historySize()).toBe(0);
    expect(lines.length).toBe(rows);
    expect(lines[0]).toMatch(/^ amas tui-e2e /);
    expect(lines.filter((l) => / amas tui-e2e /.test(l))).toHaveLength(1);
    expect(lines[1]).toMatch(/^ 1 Agents/);
    expect(lines.join('\n')).not.toMatch(/"level":|"msg":|Warning:|Error:/);
  };

  it('shows the project, hot-reloads agents, shows a bad save, runs a workflow by key, quits with q (exit 0)', { timeout: 150_000 }, async () => {
    // Ink prints only the final frame when it thinks it is in CI; a terminal user has no CI set.
    // The preload emits a Node warning after the first frame: it must go to the log, not the screen.
    const probe = `NODE_OPTIONS=--import=${pathToFileURL(join(import.meta.dirname, 'stray-warning.mjs')).href}`;
    const env = `env -u CI -u CONTINUOUS_INTEGRATION -u NODE_ENV -u FORCE_COLOR -u NO_COLOR ${shq(probe)}`;
    tmux.start(`cd ${shq(dir)} && ${env} ${shq(process.execPath)} ${shq(BIN)} up .; echo EXIT:$? > exit.txt; sleep 600`);

    let lines = await until('the first frame', /greeter/, /greet\b/, /3 Runs/, /4 Events/);
    expect(panel(lines, /1 Agents/, /3 Runs/)).toMatch(/● greeter\s+0\/2/);
    // The uptime ticks every second: a redrawn frame must land where the first one was.
    await until('a redraw (uptime ≥ 2s)', /up ([2-9]|\d\d+)(\.\d)?s /);
    await waitFor('the stray warning to be emitted', () => (/e2e stray warning/.test(readFileSync(join(dir, '.amas/amas.log'), 'utf8')) ? true : undefined), shown);
    expectIntact(screen(), 40);

    writeFileSync(
      join(dir, 'agents.d/scribe.yaml'),
      'apiVersion: amas/v1\nid: scribe\ndescription: Takes notes\ncapabilities:\n  note:\n    run:\n      template: { ok: true }\n',
    );
    lines = await until('the new agent after hot reload', /● scribe\s/, /agents 0\/2/);
    expect(panel(lines, /1 Agents/, /3 Runs/)).toMatch(/● greeter[\s\S]*● scribe/);
    expectIntact(lines, 40);

    // A typo on line 6: refused, shown with file:line, the running agents stay.
    writeFileSync(join(dir, 'agents.d/broken.yaml'), 'apiVersion: amas/v1\nid: broken\ncapabilities:\n  x:\n    run:\n      tempalte: { ok: true }\n');
    lines = await until('the diagnostic of the bad save', /agents\.d\/broken\.yaml:6:\d+/, /reload ✗/);
    expect(lines.join('\n')).toMatch(/tempalte/);
    expect(lines.join('\n')).toMatch(/last good spec keeps running/);
    const agents = panel(lines, /1 Agents/, /3 Runs/);
    expect(agents).toMatch(/● greeter/);
    expect(agents).toMatch(/● scribe/);
    expect(agents).not.toMatch(/broken/);
    expectIntact(lines, 40);

    // Workflows panel, r: the prompt asks for the input; type it, enter starts the run.
    tmux.keys('2');
    tmux.keys('r');
    await until('the inputs prompt', /Run greet/, /name \(string/);
    tmux.type('pty');
    await until('the typed input', /name \(string[^\n]*pty/);
    tmux.keys('Enter');
    lines = await until('the run and its completed steps', /✓ hello\s+completed/, /✓ loud\s+completed/, /✓ …\w{7} greet\s/, /runs 0▶ 1✓ 0✗/);
    expect(panel(lines, /1 Agents/, /3 Runs/)).toMatch(/greet\s+manual ✓ completed/);
    expect(lines.join('\n')).toMatch(/agents\.d\/broken\.yaml:6/);
    expectIntact(lines, 40);

    // Smaller terminal: the console redraws to the new size and keeps working.
    tmux.resize(80, 24);
    lines = await waitFor('a redraw at 80×24', () => {
      const l = screen();
      return l.length === 24 && /^ amas tui-e2e /.test(l[0] ?? '') && l.every((row) => row.length <= 80) && /3 Runs/.test(l.join('\n')) ? l : undefined;
    }, shown);
    // Shrinking the window moves rows into tmux's history by itself: no scroll check here.
    expectIntact(lines, 24, false);

    tmux.keys('q');
    const exit = await waitFor('amas to exit', () => (existsSync(join(dir, 'exit.txt')) ? readFileSync(join(dir, 'exit.txt'), 'utf8').trim() : undefined), shown);
    expect(exit).toBe('EXIT:0');
    // The frame left on screen is the last one: it says the runtime stopped, not that it is stopping.
    const last = screen().join('\n');
    expect(last).toMatch(/^ amas tui-e2e .* {2}stopped/m);
    expect(last).not.toMatch(/stopping…/);

    // The run really got the typed input, and went to this project's own store; logs went to the file.
    const runs = spawnSync(process.execPath, [BIN, 'runs', 'list', '--json', dir], { cwd: dir, encoding: 'utf8' });
    expect(runs.status).toBe(0);
    const list = JSON.parse(runs.stdout) as { workflow: string; status: string; inputs: unknown; outputs: unknown }[];
    expect(list).toEqual([expect.objectContaining({ workflow: 'greet', status: 'completed', inputs: { name: 'pty' }, outputs: { loud: 'HELLO PTY' } })]);
    const log = readFileSync(join(dir, '.amas/amas.log'), 'utf8');
    expect(log).toMatch(/"msg":"reload rejected/);
    expect(log).toMatch(/"msg":"stopped"/);
    expect(log).toMatch(/"msg":"node warning".*e2e stray warning/);
  });
});
