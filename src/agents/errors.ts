import { NonRetriableError } from '../core/index.ts';

/** A task for a capability the agent does not have: retrying cannot help. */
export class UnknownCapabilityError extends NonRetriableError {
  constructor(
    readonly agentId: string,
    readonly capability: string,
    known: readonly string[],
  ) {
    super(`agent "${agentId}" has no capability "${capability}" (it has: ${known.length ? known.join(', ') : 'none'})`);
    this.name = 'UnknownCapabilityError';
  }
}

/** The task input does not satisfy the capability's `input` schema; refused before the executor runs. */
export class InputContractError extends NonRetriableError {
  constructor(
    readonly agentId: string,
    readonly capability: string,
    readonly problems: readonly string[],
  ) {
    super(`bad input for ${agentId}.${capability}: ${problems.join('; ')}`);
    this.name = 'InputContractError';
  }
}

/** The executor's result does not satisfy the `output` schema: the attempt fails and may be retried. */
export class OutputContractError extends Error {
  constructor(
    readonly agentId: string,
    readonly capability: string,
    readonly problems: readonly string[],
  ) {
    super(`bad output from ${agentId}.${capability}: ${problems.join('; ')}`);
    this.name = 'OutputContractError';
  }
}
