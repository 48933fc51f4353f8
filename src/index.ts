// The package's main export: the runtime as a library (DESIGN §4 "Embedding").
export * from './core/index.ts';
export { openProject, ProjectInvalidError, type OpenProjectOptions, type Project } from './runtime/index.ts';
export type { EngineEvent, InDoubtAction, RunHandle, RunResult, RunStatus, StepError, StepResult, StepStatus } from './engine/index.ts';
