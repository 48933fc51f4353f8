import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';
import type { McpBackend } from '../backend.ts';
import { guard, ok } from '../result.ts';
import { anyJson, EVENT_TYPE_NAMES, jsonObject, PRIORITY_NAMES, specSource, validation } from '../schemas.ts';

const READ = { readOnlyHint: true, idempotentHint: true, openWorldHint: false } as const;

export function registerSystemTools(server: McpServer, backend: McpBackend): void {
  server.registerTool(
    'get_system_status',
    {
      title: 'System status',
      description: 'Health, counts, agents and (optionally) workflows, metrics, runs and recent events: the same snapshot `amas status --json` shows.',
      inputSchema: z.object({
        include_metrics: z.boolean().default(true).describe('Agent performance (completed, failed, avg/p95 ms) and run counts.'),
        include_workflows: z.boolean().default(true).describe('Workflows with triggers, next fire times and last outcomes.'),
        include_runs: z.boolean().default(true).describe('Active and recent runs with step progress.'),
        include_events: z.boolean().default(false).describe('The most recent events.'),
      }),
      outputSchema: z.object({
        mode: z.enum(['local', 'remote']).describe('remote: through a running `amas up`; local: this server opened the project'),
        project: z.object({ name: z.string(), dir: z.string() }),
        state: z.string(),
        health: z.string(),
        uptime_ms: z.number(),
        counts: z.record(z.string(), z.number()),
        agents: z.array(z.object({ id: z.string(), status: z.string() }).catchall(anyJson('a field of the agent'))),
      }).catchall(anyJson('a section asked for with include_*')),
      annotations: READ,
    },
    (a) =>
      guard(async () => {
        const s = await backend.status();
        const agents = s.agents.map(({ id, domain, status, inFlight, concurrency, capabilities, completed, failed, avgMs, p95Ms, lastActivity }) => ({
          id, domain, status, in_flight: inFlight, concurrency, capabilities,
          ...(a.include_metrics ? { metrics: { completed, failed, avg_ms: avgMs, p95_ms: p95Ms, last_activity: lastActivity } } : {}),
        }));
        const out: Record<string, unknown> = {
          mode: backend.mode,
          project: s.project,
          state: s.state,
          health: s.health,
          uptime_ms: s.takenAt - s.startedAt,
          counts: { ...s.counts },
          agents,
          last_reload: s.lastReload,
        };
        if (a.include_metrics) {
          const finished = s.counts.runsCompleted + s.counts.runsFailed;
          const tasks = s.agents.reduce((n, x) => n + x.completed + x.failed, 0);
          out.metrics = {
            agents_total: s.counts.agents,
            agents_active: s.counts.agentsWorking,
            agent_failure_rate: tasks ? s.agents.reduce((n, x) => n + x.failed, 0) / tasks : 0,
            active_workflows: s.counts.runsActive,
            workflow_success_rate: finished ? s.counts.runsCompleted / finished : null,
            events_published: s.counts.events,
            alerts_active: s.counts.alertsActive,
          };
        }
        if (a.include_workflows) out.workflows = s.workflows;
        if (a.include_runs) out.runs = s.runs;
        if (a.include_events) out.events = s.events;
        if (s.alerts.length) out.alerts = s.alerts;
        return ok(out);
      }),
  );

  server.registerTool(
    'list_workflows',
    {
      title: 'List workflows',
      description: 'The workflows this project declares: inputs, steps and triggers.',
      inputSchema: z.object({}),
      outputSchema: z.object({
        workflows: z.array(
          z.object({
            id: z.string(),
            description: z.string().nullable(),
            file: z.string(),
            uri: z.string(),
            inputs: jsonObject('declared inputs: JSON Schema by name', 'the JSON Schema of one input'),
            steps: z.array(z.object({ id: z.string(), task: z.string(), agent: z.string().nullable(), needs: z.array(z.string()) })),
            triggers: z.array(jsonObject('one trigger as declared', 'a field of the trigger')),
          }),
        ),
      }),
      annotations: READ,
    },
    () =>
      guard(async () => {
        const { workflows } = await backend.catalog();
        return ok({
          workflows: workflows.map(({ id, file, spec }) => ({
            id,
            description: spec.description ?? null,
            file,
            uri: `amas://workflows/${id}`,
            inputs: spec.inputs ?? {},
            steps: spec.steps.map((s) => ({ id: s.id, task: s.task, agent: s.agent ?? null, needs: s.needs ?? [] })),
            triggers: spec.on ?? [],
          })),
        });
      }),
  );

  server.registerTool(
    'list_agents',
    {
      title: 'List agents',
      description: 'The agents this project declares, their live status and their capabilities with input schemas.',
      inputSchema: z.object({
        domain: z.string().optional().describe('Only agents of this domain (case-insensitive).'),
        capability: z.string().optional().describe('Only agents with this capability.'),
      }),
      outputSchema: z.object({
        agents: z.array(
          z.object({
            id: z.string(),
            domain: z.string().nullable(),
            description: z.string().nullable(),
            status: z.string(),
            file: z.string(),
            uri: z.string(),
            capabilities: z.array(z.object({ name: z.string(), description: z.string().nullable(), input: anyJson('input JSON Schema, or null'), output: anyJson('output JSON Schema, or null') })),
          }),
        ),
      }),
      annotations: READ,
    },
    (a) =>
      guard(async () => {
        const { agents } = await backend.catalog();
        const live = new Map<string, string>();
        try {
          for (const x of (await backend.status()).agents) live.set(x.id, x.status);
        } catch {
          // Specs can be listed even when the store cannot be opened; status is then unknown.
        }
        const domain = a.domain?.toLowerCase();
        return ok({
          agents: agents
            .filter((x) => domain === undefined || (x.spec.domain ?? '').toLowerCase() === domain)
            .filter((x) => a.capability === undefined || Object.hasOwn(x.spec.capabilities, a.capability))
            .map(({ id, file, spec }) => ({
              id,
              domain: spec.domain ?? null,
              description: spec.description ?? null,
              status: live.get(id) ?? 'unknown',
              file,
              uri: `amas://agents/${id}`,
              capabilities: Object.entries(spec.capabilities).map(([name, c]) => ({ name, description: c.description ?? null, input: c.input ?? null, output: c.output ?? null })),
            })),
        });
      }),
  );

  server.registerTool(
    'publish_event',
    {
      title: 'Publish event',
      description: 'Publish an event on the bus; workflows with a matching `on: event` trigger start.',
      inputSchema: z.object({
        type: z.enum(EVENT_TYPE_NAMES).describe('The event type; external_trigger is what `on: - event:` triggers usually wait for.'),
        data: jsonObject('The event payload (a run it triggers sees it as the input `event`).').default({}),
        priority: z.enum(PRIORITY_NAMES).default('normal').describe('Delivery priority (default normal).'),
        target: z.string().min(1).optional().describe('An agent id; absent: broadcast.'),
        source: z.string().min(1).default('mcp').describe('Who sent it (default mcp).'),
      }),
      outputSchema: z.object({ id: z.string() }),
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    (a) => guard(async () => ok({ id: await backend.publishEvent({ type: a.type, data: a.data, priority: a.priority, source: a.source, ...(a.target ? { target: a.target } : {}) }) })),
  );

  server.registerTool(
    'validate_spec',
    {
      title: 'Validate spec',
      description:
        'Check a workflow, agent or amas.yaml spec with the same diagnostics as `amas validate`, without saving or running it. Diagnostics are data, not a tool error.',
      inputSchema: z.object({ kind: z.enum(['workflow', 'agent', 'project']).default('workflow').describe('What the spec is: a workflow (default), an agent or amas.yaml.'), spec: specSource }),
      outputSchema: validation,
      annotations: READ,
    },
    (a) =>
      guard(async () => {
        const r = await backend.validateSpec(a.kind, a.spec);
        return ok(r as unknown as Record<string, unknown>, r.ok ? `valid${r.warnings ? ` (${r.warnings} warning${r.warnings === 1 ? '' : 's'})` : ''}\n${r.text}` : r.text);
      }),
  );
}
