// The runtime's warn and error log lines are events of the stream too (`log`): `amas events
// tail`, SSE readers and the TUI see what went wrong without reading the log file.
import type { Logger } from '../core/index.ts';
import type { EventStream } from './event-stream.ts';

export function streamingLogger(inner: Logger, stream: EventStream): Logger {
  const publish = (level: 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => {
    stream.publish({ type: 'log', level, msg, ...(fields === undefined ? {} : { fields }) });
  };
  return {
    debug: (msg, fields) => inner.debug(msg, fields),
    info: (msg, fields) => inner.info(msg, fields),
    warn: (msg, fields) => {
      inner.warn(msg, fields);
      publish('warn', msg, fields);
    },
    error: (msg, fields) => {
      inner.error(msg, fields);
      publish('error', msg, fields);
    },
  };
}
