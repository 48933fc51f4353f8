// The one entry `amas up` calls when stdout is a terminal.
import { render } from 'ink';
import { AmasError, systemClock } from '../core/index.ts';
import type { Clock, SnapshotSource, TuiCommands } from '../core/index.ts';
import { App } from './app.tsx';
import { FRAME_INTERVAL_MS } from './throttle.ts';

export interface TuiOptions {
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
  stderr?: NodeJS.WriteStream;
  /** Drives the redraw throttle and the uptime/countdown tick; the system clock by default. */
  clock?: Clock;
  /** Environment to read NO_COLOR from; process.env by default. */
  env?: Record<string, string | undefined>;
}

export interface TuiHandle {
  /** Resolves when the TUI has exited (after `q`: once the runtime's quit() settled). */
  waitUntilExit(): Promise<void>;
  /** Closes the TUI from outside (the runtime stopped on a signal). */
  unmount(): void;
}

/** Snapshot changes reach React at most this often (the throttled subscription). */
export const MAX_FPS = Math.round(1000 / FRAME_INTERVAL_MS);
/**
 * Ink's own write throttle, a safety net for bursts of keys. It sits above MAX_FPS on purpose:
 * two throttles at the same 50 ms beat against each other and halve the frame rate (measured
 * with bench/tui: 7 frames/s instead of 20).
 */
const INK_MAX_FPS = 30;
/**
 * Drawing may take at most this share of one core: when frames get expensive (a big screen,
 * a slow machine) they come less often than 20/s rather than eating the runtime's CPU.
 */
const FRAME_BUDGET = { share: 0.2, measure: cpuMs, maxIntervalMs: 500 };

/** CPU time, not wall time: a frame that waited (GC, the runtime's own work) did not cost drawing. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** https://no-color.org: present and not empty disables colour. chalk (under Ink) ignores it, so we do it. */
export function colorAllowed(env: Record<string, string | undefined>): boolean {
  return !env['NO_COLOR'];
}

export function startTui(source: SnapshotSource, commands: TuiCommands, opts: TuiOptions = {}): TuiHandle {
  const stdout = opts.stdout ?? process.stdout;
  if (!stdout.isTTY) {
    throw new AmasError('TUI_NOT_A_TERMINAL', 'the live view needs a terminal on stdout', { hint: 'use `amas up --no-tui` for JSON-line logs' });
  }
  const clock = opts.clock ?? systemClock;
  const app = (stopped: boolean) => <App source={source} commands={commands} clock={clock} color={colorAllowed(opts.env ?? process.env)} budget={FRAME_BUDGET} stopped={stopped} />;
  const instance = render(app(false), {
    stdout,
    stdin: opts.stdin ?? process.stdin,
    stderr: opts.stderr ?? process.stderr,
    maxFps: INK_MAX_FPS,
    // Off: Ink 6.8's incremental renderer moves the cursor up one line too few after a frame
    // that ends in a newline (every frame shorter than the terminal, i.e. ours), so in a real
    // terminal each redraw landed one row lower and the top line stayed stale (seen in tmux by
    // tests/e2e/tui-pty.test.ts). The standard renderer erases and rewrites the frame inside
    // one synchronized-output write, which is correct and does not flicker.
    incrementalRendering: false,
    // ctrl-c is a key like q (graceful quit through the runtime), not an abrupt exit.
    exitOnCtrlC: false,
    // Stray console output from libraries would tear the screen: Ink prints it above the view.
    // Only for the real terminal; injected streams (tests, bench) have no console to guard.
    patchConsole: opts.stdout === undefined,
  });
  const exited = instance.waitUntilExit().then(() => undefined);
  return {
    waitUntilExit: () => exited,
    unmount: () => {
      // Ink leaves the last frame on screen: make it the one that says the runtime stopped.
      instance.rerender(app(true));
      instance.unmount();
    },
  };
}
