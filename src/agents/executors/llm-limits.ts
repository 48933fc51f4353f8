/**
 * Repair turns within one attempt of the llm executor: after an answer that is not JSON or breaks
 * the output schema, the errors are sent back and the model asked again, this many times; then the
 * attempt fails and the step's own retry policy takes over (with a fresh conversation). In a file
 * of its own so that the lazily imported executor's limit can be exported without loading it.
 */
export const MAX_REPAIR_TURNS = 2;
