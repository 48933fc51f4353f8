// Generates src/spec/schema/validators.generated.ts: the three spec schemas compiled ahead of time
// (ajv standalone code), so a process validates specs without compiling them first — compiling
// cost ≈ 100 ms and ≈ 15 MB of memory at every start. The options are the ones the spec layer
// always used; strict mode still rejects an unclean schema here, at generation time.
// With --check, fails when the committed file differs from what the schemas produce.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeOrCheck } from './generated-file.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const { Ajv2020 } = require('ajv/dist/2020.js');
const standaloneCode = require('ajv/dist/standalone').default;
const addFormats = require('ajv-formats').default;
const out = path.join(root, 'src/spec/schema/validators.generated.ts');

const ajv = new Ajv2020({
  allErrors: true,
  strict: true,
  // A `default` inside oneOf (CommandSpec's, kept for editor hover help) may stay: ajv cannot
  // apply it and says so; every other strict-mode complaint fails the generation.
  strictSchema: 'log',
  // "Exactly one of these keys" is a `oneOf` of bare `required`s (editors keep offering every
  // key, unlike maxProperties); the keys are defined by the parent's `properties`, which
  // strictRequired does not look at. Only that form is let through below.
  strictRequired: 'log',
  useDefaults: true,
  verbose: true,
  code: { source: true, esm: true, lines: true },
  logger: {
    log: () => undefined,
    warn: (...args) => {
      const msg = args.map(String).join(' ');
      if (!/default is ignored/.test(msg) && !/required property "\w+" is not defined at "[^"]*\/oneOf\/\d+" \(strictRequired\)/.test(msg)) throw new Error(`amas schema is not strict-clean: ${msg}`);
    },
    error: (...args) => {
      throw new Error(args.map(String).join(' '));
    },
  },
});
addFormats(ajv);
const kinds = ['project', 'agent', 'workflow', 'test'];
for (const kind of kinds) ajv.addSchema(JSON.parse(fs.readFileSync(path.join(root, 'schemas', `${kind}.schema.json`), 'utf8')), kind);
const code = standaloneCode(ajv, Object.fromEntries(kinds.map((k) => [k, k]))).replace(/^"use strict";/, '');
const text = `/* eslint-disable */
// @ts-nocheck
// Generated from schemas/*.schema.json by scripts/gen-validators.mjs. Do not edit; run \`npm run gen:types\`.
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
${code}
`;

writeOrCheck(root, out, text, 'validators');
