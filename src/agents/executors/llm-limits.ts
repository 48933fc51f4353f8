/** Follow-up turns the llm executor spends asking the model to repair an answer that breaks the output schema. */
export const MAX_REPAIR_TURNS = 2;
