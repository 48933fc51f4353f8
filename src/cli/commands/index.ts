import type { Command } from 'commander';

/** Every command registers itself on the program; one file per command. */
export const COMMANDS: ((program: Command) => void)[] = [];
