// The public face of src/spec: loading and checking specs (docs/architecture.md "Specs: loading and validation"), and rendering diagnostics.
export { loadProject } from './load.ts';
export { validateDynamicWorkflow } from './dynamic.ts';
export { referencedSecretNames } from './secret-names.ts';
export { formatDiagnostics, FORMATS, summarize, type Format, type FormatContext, type Summary } from './format/index.ts';
export { canonicalJson } from '../core/index.ts';
export { specHash, testFileName, type LoadResult, type ProjectModel } from './model.ts';
export { CODES, type Code } from './codes.ts';
export { MAX_FILE_BYTES } from './loader/read.ts';
export { diagnosticAt, type PathSeg } from './diagnose.ts';
export { applyIgnores } from './ignore.ts';
export { didYouMean } from '../schema/index.ts';
export { referencedFiles } from './project-files.ts';
