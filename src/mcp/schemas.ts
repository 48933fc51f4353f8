// Zod schemas shared by the tools' inputs and outputs (the SDK turns them into JSON Schema).
import * as z from 'zod';

export const EVENT_TYPE_NAMES = ['task_request', 'task_complete', 'data_update', 'error_occurred', 'system_status', 'agent_message', 'external_trigger'] as const;
export const PRIORITY_NAMES = ['low', 'normal', 'high', 'urgent'] as const;

/**
 * Any JSON value, with its possible types spelled out: given a schema with no `type`, some MCP
 * clients send an object as a JSON string (MCP Inspector's --strict flags such schemas).
 */
export const JSON_TYPES = ['object', 'array', 'string', 'number', 'boolean', 'null'] as const;
export const anyJson = (description: string) => z.unknown().meta({ type: [...JSON_TYPES] }).describe(description);
/** An object of JSON values by name. */
export const jsonObject = (description: string, value = 'a JSON value') => z.record(z.string(), anyJson(value)).describe(description);

export const parameters = jsonObject('Run inputs by name; declared defaults fill the rest.', 'the value of one input').default({});
export const waitSeconds = z
  .number()
  .min(0)
  .max(3600)
  .default(60)
  .describe('How long to wait for the run to end; after that the run goes on and its id is returned (poll get_run).');

export const stepView = z.object({
  status: z.string(),
  attempt: z.number(),
  agent: z.string().nullable(),
  output: anyJson('what the step returned').optional(),
  error: z.string().nullable(),
});

export const runView = z.object({
  run_id: z.string(),
  workflow: z.string(),
  status: z.string().describe('pending | running | completed | failed | cancelled | budget_exceeded'),
  done: z.boolean().describe('false: still going when the wait ended'),
  outputs: anyJson('the workflow outputs (null until it completes)'),
  error: z.string().nullable(),
  started_at: z.number().nullable().describe('epoch ms'),
  ended_at: z.number().nullable(),
  steps: z.record(z.string(), stepView),
  waiting: z.array(z.string()).describe('steps waiting for a person (in_doubt)'),
  transcripts: z
    .record(z.string(), anyJson('one loop: { turns: [{ seq, attempt, final, content, promptTokens, completionTokens, durationMs, at, calls: [{ callId, tool, kind, args, status, result, durationMs }] }], promptTokens, completionTokens }'))
    .optional()
    .describe("agent loops' transcripts by step id: model turns and tool calls (arguments masked, results clipped)"),
  children: z
    .array(z.object({ run_id: z.string(), workflow: z.string(), status: z.string(), parent_step: z.string(), started_at: z.number().nullable(), ended_at: z.number().nullable() }))
    .optional()
    .describe('child runs started by the run’s workflow: steps'),
});

export const diagnostic = z.object({
  file: z.string(),
  line: z.number(),
  column: z.number(),
  severity: z.string(),
  code: z.string(),
  message: z.string(),
  hint: z.string().optional(),
});

export const validation = z.object({
  ok: z.boolean(),
  errors: z.number(),
  warnings: z.number(),
  diagnostics: z.array(diagnostic),
  text: z.string().describe('the diagnostics as `amas validate` prints them'),
});

export const knowledgeEntry = z.object({
  id: z.string(),
  category: z.string(),
  agent_id: z.string().nullable(),
  content: anyJson('the stored JSON value'),
  metadata: jsonObject('free-form metadata'),
  confidence: z.number(),
  source: z.string().nullable(),
  created_at: z.number(),
  expires_at: z.number().nullable(),
});

export const specSource = z
  .union([z.string().min(1), jsonObject('the spec as an object', 'a value of the spec')])
  .meta({ type: ['string', 'object'] })
  .describe('The whole spec: an object, or YAML/JSON text.');
