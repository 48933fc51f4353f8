// "Exactly one executor" is a `oneOf` of `required`s, not maxProperties: yaml-language-server
// offers no key of an object whose maxProperties is reached or set to 1 on an empty line, so
// editors showed no executor names under `run:`. Every executor key stays a property.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');

test('run lists every executor as a property and says "exactly one" with oneOf of required', () => {
  const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'agent.schema.json'), 'utf8')) as {
    properties: { capabilities: { additionalProperties: { properties: { run: Record<string, unknown> } } } };
  };
  const run = schema.properties.capabilities.additionalProperties.properties.run;
  expect(run.maxProperties).toBeUndefined();
  expect(run.minProperties).toBeUndefined();
  const keys = Object.keys(run.properties as object);
  expect(keys).toEqual(['command', 'http', 'llm', 'mcp', 'module', 'template']);
  expect(run.oneOf).toEqual(keys.map((k) => ({ required: [k] })));
});
