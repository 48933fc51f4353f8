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

/** At most this many frames are drawn per second, however fast the snapshot changes. */
export const MAX_FPS = Math.round(1000 / FRAME_INTERVAL_MS);

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
  const instance = render(<App source={source} commands={commands} clock={clock} color={colorAllowed(opts.env ?? process.env)} />, {
    stdout,
    stdin: opts.stdin ?? process.stdin,
    stderr: opts.stderr ?? process.stderr,
    maxFps: MAX_FPS,
    incrementalRendering: true,
    // ctrl-c is a key like q (graceful quit through the runtime), not an abrupt exit.
    exitOnCtrlC: false,
    // Stray console output from libraries would tear the screen: Ink prints it above the view.
    // Only for the real terminal; injected streams (tests, bench) have no console to guard.
    patchConsole: opts.stdout === undefined,
  });
  const exited = instance.waitUntilExit().then(() => undefined);
  return {
    waitUntilExit: () => exited,
    unmount: () => instance.unmount(),
  };
}
