import type { Severity } from '../core/index.ts';

/**
 * Every diagnostic code amas validate can report. Codes are stable: a code is never reused for
 * another problem. Families: 1xx file and YAML syntax, 2xx schema, 3xx references between specs (35x: tests.d),
 * 4xx expressions, 5xx triggers, 6xx secrets and configuration, 7xx security (untrusted input). docs/diagnostics.md documents each.
 */
export const CODES = {
  AMAS100: { severity: 'error', title: 'internal error while checking a file' },
  AMAS101: { severity: 'error', title: 'YAML syntax error' },
  AMAS102: { severity: 'error', title: 'duplicate key' },
  AMAS103: { severity: 'error', title: 'file too large' },
  AMAS104: { severity: 'error', title: 'not a UTF-8 text file' },
  AMAS105: { severity: 'error', title: 'nesting too deep' },
  AMAS106: { severity: 'error', title: 'too many aliases' },
  AMAS107: { severity: 'error', title: 'more than one document in a file' },
  AMAS108: { severity: 'error', title: 'empty file' },
  AMAS109: { severity: 'error', title: 'file cannot be read' },
  AMAS110: { severity: 'warning', title: 'unresolved YAML tag' },
  AMAS111: { severity: 'error', title: 'unquoted expression in a flow collection' },

  AMAS201: { severity: 'error', title: 'wrong type' },
  AMAS202: { severity: 'error', title: 'unknown key' },
  AMAS203: { severity: 'error', title: 'missing required key' },
  AMAS204: { severity: 'error', title: 'invalid duration' },
  AMAS205: { severity: 'error', title: 'value not allowed' },
  AMAS206: { severity: 'error', title: 'executor must be exactly one' },
  AMAS207: { severity: 'error', title: 'invalid JSON Schema' },

  AMAS301: { severity: 'error', title: 'duplicate id' },
  AMAS302: { severity: 'error', title: 'unknown agent' },
  AMAS303: { severity: 'error', title: 'unknown capability' },
  AMAS304: { severity: 'error', title: 'agent lacks the capability' },
  AMAS305: { severity: 'error', title: 'duplicate step id' },
  AMAS306: { severity: 'error', title: 'unknown step in needs' },
  AMAS307: { severity: 'error', title: 'needs cycle' },
  AMAS308: { severity: 'error', title: 'required task input missing' },
  AMAS309: { severity: 'error', title: 'task input does not match the capability' },
  AMAS310: { severity: 'error', title: 'unknown LLM provider' },
  AMAS311: { severity: 'error', title: 'unknown MCP server' },
  AMAS312: { severity: 'error', title: 'module not found' },
  AMAS313: { severity: 'warning', title: 'step never runs' },
  AMAS314: { severity: 'error', title: 'unknown MCP tool (validate --online)' },
  AMAS315: { severity: 'error', title: 'MCP server cannot be reached (validate --online)' },
  AMAS316: { severity: 'error', title: 'module outside the project' },
  AMAS317: { severity: 'error', title: 'working directory outside the project' },
  AMAS318: { severity: 'error', title: 'unknown tool in an agent loop' },
  AMAS319: { severity: 'error', title: 'tool agent lacks the capability' },
  AMAS320: { severity: 'error', title: 'duplicate tool name' },
  AMAS321: { severity: 'error', title: 'tool name chat APIs do not accept' },
  AMAS322: { severity: 'error', title: 'tool parameters are not an object schema' },
  AMAS323: { severity: 'error', title: 'agent loop calls itself' },
  AMAS324: { severity: 'error', title: 'delegation cycle' },
  AMAS325: { severity: 'warning', title: 'max_turns without tools' },
  AMAS326: { severity: 'error', title: 'unknown MCP tool in tools (validate --online)' },
  AMAS327: { severity: 'warning', title: 'tools with max_turns: 1' },

  AMAS350: { severity: 'error', title: 'test names an unknown workflow' },
  AMAS351: { severity: 'error', title: 'test mocks an unknown capability' },
  AMAS352: { severity: 'error', title: 'mock does not match the capability output schema' },
  AMAS353: { severity: 'error', title: 'test inputs do not match the workflow' },
  AMAS354: { severity: 'error', title: 'invalid test assertion' },
  AMAS355: { severity: 'error', title: 'test expects an unknown step' },
  AMAS360: { severity: 'error', title: 'telemetry endpoint is not an http(s) URL' },

  AMAS401: { severity: 'error', title: 'expression syntax error' },
  AMAS402: { severity: 'error', title: 'name not available here' },
  AMAS403: { severity: 'error', title: 'unknown step in expression' },
  AMAS404: { severity: 'error', title: 'step output read without needs' },
  AMAS405: { severity: 'error', title: 'unknown workflow input' },
  AMAS406: { severity: 'error', title: 'unknown field' },
  AMAS407: { severity: 'warning', title: 'unknown capability input' },

  AMAS501: { severity: 'error', title: 'trigger kind must be exactly one' },
  AMAS502: { severity: 'error', title: 'invalid cron expression' },
  AMAS503: { severity: 'error', title: 'unknown time zone' },
  AMAS504: { severity: 'error', title: 'option does not apply to this trigger' },
  AMAS505: { severity: 'warning', title: 'event nothing emits' },
  AMAS506: { severity: 'error', title: 'unknown input in trigger' },

  AMAS601: { severity: 'warning', title: 'secret not set' },
  AMAS602: { severity: 'error', title: 'secret too short to mask' },
  AMAS603: { severity: 'error', title: 'secret the project does not reference' },

  AMAS701: { severity: 'error', title: 'expression in a shell script' },
} as const satisfies Record<string, { severity: Severity; title: string }>;

export type Code = keyof typeof CODES;
