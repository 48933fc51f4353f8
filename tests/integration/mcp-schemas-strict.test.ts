// Every tool schema the real `amas mcp` lists passes the checks of MCP Inspector's `--strict`
// mode: each schema node, however deep, has a `type` (a client given none may send JSON as a
// string), and each parameter of a tool's input has a description.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { connect, copyFixture, type Connected } from './mcp-helpers.ts';
import fs from 'node:fs';

let dir: string;
let conn: Connected;

beforeAll(async () => {
  dir = copyFixture();
  conn = await connect(dir);
}, 30_000);
afterAll(async () => {
  await conn?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

type Schema = Record<string, unknown>;

/** Problems of one schema and everything below it, as `path: problem` lines. */
function strictProblems(schema: unknown, path: string, isParameter: boolean): string[] {
  if (schema === true || schema === false) return [`${path}: a boolean schema has no type`];
  if (!schema || typeof schema !== 'object') return [`${path}: not a schema`];
  const s = schema as Schema;
  const out: string[] = [];
  if (s.type === undefined) out.push(`${path}: no type`);
  if (isParameter && (typeof s.description !== 'string' || s.description.trim() === '')) out.push(`${path}: no description`);
  const props = (s.properties ?? {}) as Record<string, unknown>;
  for (const [k, v] of Object.entries(props)) out.push(...strictProblems(v, `${path}.${k}`, isParameter && path.split('.').length === 2));
  if (s.items !== undefined) out.push(...strictProblems(s.items, `${path}[]`, false));
  if (s.additionalProperties !== undefined && typeof s.additionalProperties === 'object') out.push(...strictProblems(s.additionalProperties, `${path}{}`, false));
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const list = s[key];
    if (Array.isArray(list)) list.forEach((b, i) => out.push(...strictProblems(b, `${path}|${key}${i}`, false)));
  }
  return out;
}

test('every input and output schema of every tool has a type on each node, and each parameter a description', async () => {
  const { tools } = await conn.client.listTools();
  expect(tools.length).toBeGreaterThan(10);
  const problems: string[] = [];
  for (const t of tools) {
    expect(t.description, t.name).toBeTruthy();
    problems.push(...strictProblems(t.inputSchema, `${t.name}.input`, true).map((p) => p.replace(`${t.name}.input: no description`, '')).filter(Boolean));
    if (t.outputSchema) problems.push(...strictProblems(t.outputSchema, `${t.name}.output`, false));
  }
  expect(problems).toEqual([]);
});
