// Generates src/core/spec-types.generated.ts from schemas/*.schema.json (the single source of
// truth). With --check, fails when the committed file differs: schema and types cannot drift.
import { compile } from 'json-schema-to-typescript';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeOrCheck } from './generated-file.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'src/core/spec-types.generated.ts');
const parts = ['/* eslint-disable */\n// Generated from schemas/*.schema.json by scripts/gen-types.mjs. Do not edit; run `npm run gen:types`.\n'];
for (const name of ['project', 'agent', 'workflow', 'test']) {
  const schema = JSON.parse(fs.readFileSync(path.join(root, 'schemas', `${name}.schema.json`), 'utf8'));
  delete schema.$schema;
  annotate(schema);
  const ts = await compile(schema, schema.title, { bannerComment: '', additionalProperties: false, strictIndexSignatures: false, format: true, unreachableDefinitions: false });
  parts.push(ts);
}
// Each schema is compiled alone, so shared shapes (RetryPolicy) come out more than once: keep the first.
const seen = new Set();
const text = parts.join('\n').replace(/(\/\*\*(?:(?!\*\/)[\s\S])*\*\/\n)?export interface (\w+) \{\n[\s\S]*?\n\}\n/g, (block, _doc, name) => {
  if (seen.has(name)) return '';
  seen.add(name);
  return block;
});

// Shapes TypeScript cannot infer from the schema alone: free values and embedded JSON Schemas.
function annotate(node) {
  if (Array.isArray(node)) return node.forEach(annotate);
  if (!node || typeof node !== 'object') return;
  // "Exactly one of these keys" (`oneOf` of bare `required`s) constrains values, not their type.
  if (Array.isArray(node.oneOf) && node.oneOf.every((b) => b && Object.keys(b).length === 1 && Array.isArray(b.required))) delete node.oneOf;
  for (const [k, v] of Object.entries(node)) {
    if (k === 'examples' || k === 'default') continue;
    if (v && typeof v === 'object' && !Array.isArray(v) && typeof v.description === 'string') {
      if (v.description.includes('A JSON Schema (draft 2020-12)')) v.tsType = 'Record<string, unknown>';
      else if (!('type' in v) && !('oneOf' in v) && !('enum' in v) && !('const' in v) && !('$ref' in v)) v.tsType = 'unknown';
      else if (v.type === 'object' && !v.properties && v.additionalProperties === undefined) v.tsType = 'Record<string, unknown>';
    }
    annotate(v);
  }
}
writeOrCheck(root, out, text, 'types');
