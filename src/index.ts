// The package's main export: the runtime as a library (docs/architecture.md "Faces").
export * from './core/index.ts';
// Straight from project.ts, not the runtime's index: embedding needs no HTTP server, MCP or TUI code (≈17 MB less).
export { openProject, ProjectInvalidError, type OpenProjectOptions, type Project } from './runtime/project.ts';
export type { EngineEvent, InDoubtAction, RunHandle, RunResult, RunStatus, StepError, StepResult, StepStatus } from './engine/index.ts';
