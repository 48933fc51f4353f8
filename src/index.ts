// The package's main export: the runtime as a library (DESIGN §4 "Embedding").
export * from './core/index.ts';
