export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Structured logger: a message plus fields. The CLI decides whether lines are JSON or human text. */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** Logger that appends records to an array: for tests and for showing logs in the TUI. */
export function memoryLogger(into: { level: LogLevel; msg: string; fields?: Record<string, unknown> }[]): Logger {
  const at = (level: LogLevel) => (msg: string, fields?: Record<string, unknown>) => {
    into.push(fields === undefined ? { level, msg } : { level, msg, fields });
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
