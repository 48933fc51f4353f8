// A real pseudo-terminal for end-to-end tests: one private tmux server (its own socket, no user
// config) with one session of a fixed size; the screen is read with capture-pane.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

export function tmuxAvailable(): boolean {
  return spawnSync('tmux', ['-V'], { encoding: 'utf8' }).status === 0;
}

export class Tmux {
  readonly socket = `amas-e2e-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  private readonly session = 'amas';

  private tmux(...args: string[]): string {
    const r = spawnSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`tmux ${args[0]} failed (${r.status}): ${r.stderr}`);
    return r.stdout;
  }

  /** Starts `command` (a shell line) in a new detached session of cols × rows. */
  start(command: string, cols = 120, rows = 40): void {
    this.tmux('new-session', '-d', '-s', this.session, '-x', String(cols), '-y', String(rows), command);
  }

  /** The visible screen, one string per row (trailing blanks trimmed by tmux). */
  screen(opts: { colours?: boolean } = {}): string[] {
    const out = this.tmux('capture-pane', '-p', ...(opts.colours ? ['-e'] : []), '-t', this.session);
    return out.replace(/\n$/, '').split('\n');
  }

  /** Keys by tmux name (Enter, Escape, Tab) or single characters. */
  keys(...keys: string[]): void {
    this.tmux('send-keys', '-t', this.session, ...keys);
  }

  /** Text typed literally (no key-name lookup). */
  type(text: string): void {
    this.tmux('send-keys', '-t', this.session, '-l', text);
  }

  /** Lines scrolled off the top so far: a console that draws in place never scrolls. */
  historySize(): number {
    return Number(this.tmux('display-message', '-p', '-t', this.session, '#{history_size}').trim());
  }

  resize(cols: number, rows: number): void {
    this.tmux('resize-window', '-t', this.session, '-x', String(cols), '-y', String(rows));
  }

  /** Ends the server and removes its socket file (tmux leaves it behind after kill-server). */
  kill(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server'], { encoding: 'utf8' });
    const uid = process.getuid?.() ?? 0;
    rmSync(join(process.env['TMUX_TMPDIR'] ?? '/tmp', `tmux-${uid}`, this.socket), { force: true });
  }
}

/**
 * Polls `probe` until it returns a value (not undefined) or the deadline passes; the error then
 * shows what was last seen, so a failing run explains itself.
 */
export async function waitFor<T>(what: string, probe: () => T | undefined, lastSeen: () => string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last seen:\n${lastSeen()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
