import { AmasError, errorMessage } from '../core/index.ts';
import { stderr } from './out.ts';

/** Hints worded for the command line, for errors the engine raises without one (it serves every face). */
const CLI_HINTS: Readonly<Record<string, string>> = {
  AMAS_INPUT: 'pass inputs as --input name=value (or --input-file FILE.json)',
};

/**
 * Wraps a command action: a known error prints `amas: CODE message` (+ hint) and sets the exit
 * code; an unexpected one prints its message, never a stack trace unless AMAS_DEBUG is set.
 */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<number | void> | number | void) {
  return async (...args: A): Promise<void> => {
    try {
      const code = await fn(...args);
      if (typeof code === 'number') process.exitCode = code;
    } catch (err) {
      if (err instanceof AmasError) {
        await stderr.write(`amas: error ${err.code}: ${err.message}\n`);
        const hint = err.hint ?? CLI_HINTS[err.code];
        if (hint) await stderr.write(`  hint: ${hint}\n`);
        process.exitCode = err.exitCode;
      } else {
        await stderr.write(`amas: ${errorMessage(err)}\n`);
        if (process.env.AMAS_DEBUG && err instanceof Error) await stderr.write(`${err.stack}\n`);
        process.exitCode = 1;
      }
    }
  };
}
