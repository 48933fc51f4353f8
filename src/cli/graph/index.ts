// Pure renderers for `amas graph`: a workflow's step DAG and the agent relationship map.
export { layoutWorkflow, buildAgentsMap, agentsForStep, type WorkflowGraph, type AgentsMap, type PlacedStep } from './model.ts';
export { renderWorkflowAscii, renderAgentsAscii } from './ascii.ts';
export { renderWorkflowMermaid, renderAgentsMermaid } from './mermaid.ts';
export { renderWorkflowDot, renderAgentsDot } from './dot.ts';
