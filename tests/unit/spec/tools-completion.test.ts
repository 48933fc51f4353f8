// Editor completion for an agent loop's `tools:` comes from schemas/agent.schema.json, which
// yaml-language-server reads: on an empty list item it offers the properties of every `oneOf`
// branch of the item schema (hiding keys once an object's maxProperties is reached, see
// executor-schema.test.ts), with each property's description and examples; it flags a key a
// branch does not allow. These tests pin what the editor needs from the schema, and check that a
// bad entry fails the schema file itself as any JSON Schema validator (the editor's) sees it.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsMod from 'ajv-formats';
import { expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const SCHEMA = JSON.parse(readFileSync(join(ROOT, 'schemas', 'agent.schema.json'), 'utf8')) as Record<string, unknown>;

interface Branch {
  title?: string;
  type?: string;
  required?: string[];
  additionalProperties?: boolean;
  maxProperties?: number;
  properties: Record<string, { description?: string; examples?: unknown[] }>;
}

function toolItems(): { oneOf: Branch[]; examples?: unknown[]; maxProperties?: number } {
  const caps = (SCHEMA.properties as Record<string, { additionalProperties: { properties: { run: { properties: { llm: { properties: Record<string, unknown> } } } } } }>).capabilities;
  const tools = caps!.additionalProperties.properties.run.properties.llm.properties.tools as { items: ReturnType<typeof toolItems> };
  return tools.items;
}

const KINDS = ['capability', 'agent', 'mcp', 'workflow', 'knowledge'];

test('an empty tools item is completed with capability, agent, mcp, workflow and knowledge', () => {
  const items = toolItems();
  expect(items.maxProperties).toBeUndefined();
  // yaml-language-server merges the properties of every oneOf branch into the completion list
  const offered = new Set(items.oneOf.flatMap((b) => Object.keys(b.properties)));
  for (const k of KINDS) expect(offered, k).toContain(k);
  // each kind is the one required key of its own branch, so choosing it selects the branch
  expect(items.oneOf.map((b) => b.required)).toEqual(KINDS.map((k) => [k]));
  for (const b of items.oneOf) {
    expect(b.type, b.title).toBe('object');
    expect(b.maxProperties, b.title).toBeUndefined();
    const key = b.required![0]!;
    expect(b.properties[key]!.description, `${key}: hover text`).toMatch(/\w/);
    expect(b.properties[key]!.examples?.length, `${key}: value completion`).toBeGreaterThan(0);
  }
  // a whole-entry snippet per kind
  expect(items.examples!.map((e) => Object.keys(e as object)[0])).toEqual(expect.arrayContaining(KINDS));
});

test('after `capability:` the editor also offers agent, as, description and approval; after `agent:` capabilities', () => {
  const byKind = new Map(toolItems().oneOf.map((b) => [b.required![0]!, Object.keys(b.properties)]));
  expect(byKind.get('capability')).toEqual(['capability', 'agent', 'as', 'description', 'approval']);
  expect(byKind.get('agent')).toEqual(['agent', 'capabilities']);
  expect(byKind.get('workflow')).toEqual(['workflow', 'as', 'description']);
});

test('a bad tool entry is a schema error for the editor; a good list is not', () => {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  (addFormatsMod as unknown as { default: (a: unknown) => void }).default(ajv);
  const validate = ajv.compile(SCHEMA);
  const agent = (tools: unknown[]) => ({ id: 'planner', capabilities: { plan: { run: { llm: { prompt: 'Plan.', tools } } } } });
  const good = [{ capability: 'write_post', as: 'draft' }, { agent: 'writer', capabilities: ['edit'] }, { mcp: 'files' }, { mcp: { server: 'web', tools: ['fetch'] } }, { workflow: 'publish-post' }, { knowledge: ['search'] }];
  expect(validate(agent(good)), JSON.stringify(validate.errors)).toBe(true);
  for (const bad of [{ capabilty: 'write_post' }, { knowledge: ['forget'] }, { capability: 'a', workflow: 'b' }, {}, { mcp: { server: 'web', tools: [] } }, { capability: 'x', as: 'has space' }]) {
    expect(validate(agent([bad])), JSON.stringify(bad)).toBe(false);
    expect(validate.errors!.some((e) => e.instancePath.startsWith('/capabilities/plan/run/llm/tools/0')), JSON.stringify(bad)).toBe(true);
  }
});
