// Public face of src/schema: the one place user-written JSON Schemas are compiled and their
// errors worded (docs/architecture.md "Layers"). May import src/core only.
export { checkSchema, compileSchema, type Compiled, type SchemaCheck } from './compile.ts';
export { errorLines } from './errors.ts';
export { didYouMean, meanSuffix } from './suggest.ts';
export type { ErrorObject, ValidateFunction } from 'ajv';
