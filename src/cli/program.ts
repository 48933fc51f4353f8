import { Command } from 'commander';
import { VERSION } from '../core/index.ts';
import { COMMANDS } from './commands/index.ts';
import { stderr, stdout } from './out.ts';

export interface ProgramIO {
  out(s: string): void;
  err(s: string): void;
}

/** Builds the CLI. Parent settings come first: subcommands copy them when `.command()` runs. */
export function makeProgram(io?: ProgramIO): Command {
  const program = new Command('amas')
    .description('Run autonomous multi-agent systems declared in YAML.')
    .version(VERSION, '-V, --version', 'print the version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  // help and usage errors go through the same output as every command (a closed pipe is quiet)
  program.configureOutput(io ? { writeOut: io.out, writeErr: io.err } : { writeOut: (s) => void stdout.write(s), writeErr: (s) => void stderr.write(s) });
  for (const register of COMMANDS) register(program);
  return program;
}
