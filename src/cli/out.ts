/**
 * The one way CLI commands write to the terminal or a pipe.
 *
 * - Backpressure: `write` resolves once the stream has taken the text, waiting for 'drain' when
 *   its buffer is full, so `amas knowledge export | gzip` streams at the reader's pace instead of
 *   holding everything in memory — or, with `fs.writeSync(1)` on a non-blocking pipe, failing
 *   with EAGAIN half-way.
 * - A reader that goes away (`amas runs list | head -1`) is not an error: the first EPIPE on stdout
 *   or stderr ends the process quietly with code 0, no stack trace.
 *
 * Writes still go through `stream.write`, so whatever main.ts wraps around it (secret
 * redaction) applies.
 */

export interface Output {
  /** Writes `text`; resolves when the stream can take more. Never rejects: a closed reader ends the process. */
  write(text: string): Promise<void>;
  /** `write(text + '\n')`. */
  line(text: string): Promise<void>;
}

let readerGone = false;

function outputOf(stream: NodeJS.WriteStream): Output {
  const write = (text: string): Promise<void> => {
    if (readerGone || stream.destroyed) return Promise.resolve();
    if (stream.write(text)) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = (): void => {
        stream.off('drain', done);
        stream.off('close', done);
        stream.off('error', done);
        resolve();
      };
      stream.on('drain', done);
      stream.on('close', done);
      stream.on('error', done);
    });
  };
  return { write, line: (text) => write(`${text}\n`) };
}

/** Standard output: results, tables, JSON. */
export const stdout: Output = outputOf(process.stdout);
/** Standard error: progress, warnings, errors. */
export const stderr: Output = outputOf(process.stderr);

/**
 * Lines written in one turn of the event loop go out in one write. Server mode logs a JSON line
 * per event: on a pipe (a log collector, a container runtime) each write is a system call that
 * blocks while the reader is behind, and a busy `amas up` or worker made hundreds a second. The
 * lines still pending are written when the process exits; a SIGKILL loses at most one turn's
 * lines (the runs and events themselves are in the store).
 */
export function lineBatcher(out: Output): { write(line: string): void; flush(): void } {
  let pending: string[] = [];
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    if (pending.length === 0) return;
    const text = pending.length === 1 ? pending[0]! : pending.join('');
    pending = [];
    void out.write(text);
  };
  process.on('exit', flush);
  return {
    write(line: string): void {
      pending.push(line);
      // A turn that logs without end (a replay of thousands of events) still writes as it goes.
      if (pending.length >= MAX_PENDING_LINES) return flush();
      if (scheduled) return;
      scheduled = true;
      setImmediate(flush);
    },
    flush,
  };
}

const MAX_PENDING_LINES = 1000;
let stdoutBatcher: ReturnType<typeof lineBatcher> | undefined;
/** Standard output's line batcher (server-mode logs), made on first use. */
export function stdoutLines(): ReturnType<typeof lineBatcher> {
  return (stdoutBatcher ??= lineBatcher(stdout));
}

function isClosedReader(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED' || code === 'ECONNRESET';
}

/**
 * Installs the EPIPE handling on stdout and stderr; main.ts calls it before any command runs.
 * Any other write error on stdout is reported on stderr with exit 1 (it is not the reader's choice).
 */
export function quietWhenReaderCloses(): void {
  const onError = (stream: 'stdout' | 'stderr') => (e: Error) => {
    if (isClosedReader(e)) {
      readerGone = true;
      // Always 0, like a tool whose reader had all it wanted: the same situation must not end
      // with a code that depends on whether the command had finished deciding its own.
      process.exit(0);
    }
    if (stream === 'stdout') {
      try {
        process.stderr.write(`amas: cannot write to standard output: ${e.message}\n`);
      } catch {
        // stderr is gone too: the exit code is all that is left
      }
    }
    process.exit(1);
  };
  process.stdout.on('error', onError('stdout'));
  process.stderr.on('error', onError('stderr'));
}
