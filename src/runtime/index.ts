// Public face of src/runtime: wires spec + store + bus + agents + engine into a project.
export { openProject, ProjectInvalidError, resolveStorePath, shutdownGraceMs, unknownWorkflow, type OpenProjectOptions, type Project } from './project.ts';
export { PoolAgents } from './engine-ports.ts';
export { StoreJournal } from './store-journal.ts';
export { projectSecrets } from './secrets.ts';
export { Runtime, type RuntimeOptions, type StartOutcome } from './runtime.ts';
export { controlSocketPath, connectControl, type ControlClient } from './control/index.ts';
export { directApprovalsClient, remoteApprovalsClient, type ApprovalsClient, type ApprovalView } from './approvals-client.ts';
export { directRunsClient, remoteRunsClient, type RunsClient, type RunSummary, type RunDetail } from './runs-client.ts';
export { localStatus, localSchedule, localSetPaused, localEvents, plannedSchedule, type LocalOptions } from './offline.ts';
export { openMcpBackend, AutoMcpBackend } from './mcp-backend.ts';
export { EventStream, matchesFilter, runIdOf, type RuntimeEvent, type RuntimeEventBody, type RuntimeEventType, type RuntimeOnlyEvent, type EventFilter, type RunOrigin } from './event-stream.ts';
export { STREAM_NOTIFICATION } from './control-stream.ts';
export { RunPath, type RunRequest, type Fire } from './run-path.ts';
export { runTests, DEFAULT_TEST_JOBS, type TestReport, type TestResult, type TestRunOptions, type LocatedFailure } from './testing/run-tests.ts';
export { configuredStoreUrl, storeTarget, storeUrlPassword, type StoreTarget } from './store-target.ts';
export { openCommandStore, openProjectStore, projectStoreLocation, refuseForPostgres, refuseForPostgresAt, usesPostgres, type CommandStore, type StoreLocation } from './project-store.ts';
export { openWorkerProject, startProjectWorker, workerNeedsPostgres, type ProjectWorkerOptions } from './project-worker.ts';
