// Public face of src/agents: live agents, routing, contracts and executors (docs/architecture.md "Layers").
export { AgentRuntime } from './agent.ts';
export type { AgentOptions, AgentSnapshot, AgentStatus, TaskContext } from './agent.ts';
export { AgentPool, AgentLease } from './pool.ts';
export type { AgentPoolOptions, CapabilityInfo, RouteOptions, TaskRequestContext } from './pool.ts';
export type { AgentMetrics } from './metrics.ts';
export { InputContractError, OutputContractError, UnknownCapabilityError } from './errors.ts';
export { checkInput, checkOutput } from './validate.ts';
export type { ContractCheck, JsonSchema } from './validate.ts';
export type { Executor, ExecutorContext, KnowledgeAccess } from './executor.ts';
export { executors, commandExecutor, templateExecutor } from './executors/index.ts';
export type { ExecutorKind, ExecutorRegistry } from './executors/index.ts';
export { CommandError, MAX_STDOUT_BYTES, STDERR_TAIL_BYTES, KILL_GRACE_MS } from './executors/command.ts';
export { httpExecutor, llmExecutor, mcpExecutor, moduleExecutor, closeMcpClients, McpClients, listMcpTools, reloadModules, MAX_REPAIR_TURNS } from './executors/index.ts';
export type { McpToolInfo, ModuleContext } from './executors/index.ts';
export type { CallInterceptor, CallKind, CallSite, OutgoingCall, RecordedHttpResponse } from './calls.ts';
