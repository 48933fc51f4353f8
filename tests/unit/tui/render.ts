// ink-testing-library's fake stdout reports 100 columns (a getter, checked in its build) and no
import { EventEmitter } from 'node:events';
// rows. We pin the size on the instance and emit 'resize', which the App follows; Ink lays out
// from stdout.columns on every render, so frames after that are drawn at the given width.
import type { ReactElement } from 'react';
import { render } from 'ink-testing-library';

export async function tick(n = 3): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
}

/** Waits until `ok()` holds, up to `ms` of real time (Ink's first frame may wait on its own timer). */
/** Waits until `ok()` holds; throws when it still does not after `ms`, so a test never goes on with a frame it did not wait for. */
export async function settle(ok: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() >= end) throw new Error(`settle: the condition did not hold within ${ms} ms: ${ok.toString().slice(0, 200)}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export type Rendered = ReturnType<typeof render>;

export async function renderAt(tree: ReactElement, columns: number, rows = 24): Promise<Rendered> {
  const inst = render(tree);
  Object.defineProperty(inst.stdout, 'columns', { get: () => columns, configurable: true });
  Object.defineProperty(inst.stdout, 'rows', { get: () => rows, configurable: true });
  inst.rerender(tree);
  inst.stdout.emit('resize');
  await tick();
  return inst;
}

/** Every line of the last frame must fit the width; returns the lines. */
export function lines(frame: string | undefined): string[] {
  return (frame ?? '').split('\n');
}

/** The lines of a frame must fit the terminal: no line wider than `columns`, at most rows-1 lines. */
export function expectFits(frame: string | undefined, columns: number, rows: number): string[] {
  const ls = lines(frame);
  const wide = ls.filter((l) => [...l].length > columns);
  if (wide.length > 0) throw new Error(`lines wider than ${columns}:\n${wide.join('\n')}`);
  if (ls.length > rows - 1) throw new Error(`${ls.length} lines, live area is ${rows - 1}`);
  return ls;
}

/** A terminal-like pair of streams for startTui: a TTY stdout of a given size and a raw-capable stdin. */
export function fakeTty(columns: number, rows: number) {
  const stdout = Object.assign(new EventEmitter(), {
    isTTY: true,
    columns,
    rows,
    chunks: [] as string[],
    write(chunk: string | Uint8Array) {
      this.chunks.push(String(chunk));
      return true;
    },
  });
  const stdin = Object.assign(new EventEmitter(), {
    isTTY: true,
    data: null as string | null,
    setEncoding() {},
    setRawMode() {},
    resume() {},
    pause() {},
    ref() {},
    unref() {},
    read() {
      const d = stdin.data;
      stdin.data = null;
      return d;
    },
    press(data: string) {
      stdin.data = data;
      stdin.emit('readable');
      stdin.emit('data', data);
    },
  });
  return { stdout, stdin, streams: { stdout: stdout as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream, stderr: stdout as unknown as NodeJS.WriteStream } };
}
