import { outputGuard, redactingLogger, type Logger, type LogLevel } from '../core/index.ts';
import { stderr, stdoutLines } from './out.ts';

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function threshold(): number {
  const env = process.env.AMAS_LOG_LEVEL as LogLevel | undefined;
  return LEVELS[env && env in LEVELS ? env : 'info'];
}

/** Server mode: one JSON object per line (time, level, msg, fields), no ANSI; secrets redacted. */
export function jsonLineLogger(write: (line: string) => void = (l) => stdoutLines().write(l)): Logger {
  const min = threshold();
  const at = (level: LogLevel) => (msg: string, fields?: Record<string, unknown>) => {
    if (LEVELS[level] < min) return;
    write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`);
  };
  return redactingLogger({ debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }, outputGuard);
}

/** Terminal mode: `level message key=value …` on stderr; secrets redacted. */
export function humanLogger(write: (line: string) => void = (l) => void stderr.write(l)): Logger {
  const min = threshold();
  const at = (level: LogLevel) => (msg: string, fields?: Record<string, unknown>) => {
    if (LEVELS[level] < min) return;
    const extra = fields ? Object.entries(fields).map(([k, v]) => ` ${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join('') : '';
    write(`${level === 'info' ? '' : `${level}: `}${msg}${extra}\n`);
  };
  return redactingLogger({ debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }, outputGuard);
}
