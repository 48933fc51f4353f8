/* eslint-disable */
// Generated from schemas/*.schema.json by scripts/gen-types.mjs. Do not edit; run `npm run gen:types`.

/**
 * amas.yaml: settings of one amas project.
 */
export interface ProjectSpec {
  /**
   * Schema URL for editors.
   */
  $schema?: string;
  /**
   * Version of the spec language this file is written in. Absent means amas/v1.
   */
  apiVersion?: "amas/v1";
  /**
   * Project name shown in the TUI and status.
   */
  name?: string;
  /**
   * Where the knowledge base and run journal live.
   */
  store?: {
    /**
     * Database file, relative to the project root, or :memory:.
     */
    path?: string;
    /**
     * A PostgreSQL server to keep the store in instead of the embedded file (`path` is then unused): postgres://USER@HOST[:PORT]/DATABASE[?sslmode=require]. Keep the password out of this file: write it as ${{ secrets.NAME }}, or set the whole URL in AMAS_STORE_URL (environment or .env), which takes precedence. See docs/scale-out.md.
     */
    url?: string;
    /**
     * How often the journal is folded into a checkpoint. A duration: a number then ms, s, m, h or d.
     */
    checkpoint_interval?: string;
    /**
     * Events kept in memory for `amas events`.
     */
    event_history?: number;
    /**
     * How long finished runs and events are kept. A duration: a number then ms, s, m, h or d.
     */
    retention?: string;
    /**
     * How long the knowledge entries amas writes itself (categories task_execution and workflow_execution, one per step and per run) are kept; the periodic cleanup deletes older ones. A duration: a number then ms, s, m, h or d.
     */
    bookkeeping_retention?: string;
  };
  /**
   * Limits and defaults of the runtime.
   */
  runtime?: {
    /**
     * Tasks running at once across all agents.
     */
    max_concurrent_tasks?: number;
    /**
     * Attempt timeout when a step or capability sets none. A duration: a number then ms, s, m, h or d.
     */
    default_timeout?: string;
    retry?: RetryPolicy;
    /**
     * How long in-flight steps may finish on SIGINT/SIGTERM. A duration: a number then ms, s, m, h or d.
     */
    shutdown_grace?: string;
    /**
     * How often expired knowledge and old history are pruned. A duration: a number then ms, s, m, h or d.
     */
    cleanup_interval?: string;
  };
  /**
   * LLM providers by name (OpenAI-compatible chat completions).
   */
  providers?: {
    [k: string]: ProviderSpec;
  };
  /**
   * MCP servers agents may call, by name: a stdio command or a streamable-HTTP URL.
   */
  mcp_servers?: {
    [k: string]: McpServerSpec;
  };
  /**
   * Metrics collection, thresholds and alert sinks.
   */
  monitoring?: {
    /**
     * How often metrics are collected. A duration: a number then ms, s, m, h or d.
     */
    interval?: string;
    /**
     * How long metric history is kept. A duration: a number then ms, s, m, h or d.
     */
    retention?: string;
    /**
     * Warning and critical levels; defaults from the guide.
     */
    thresholds?: {
      /**
       * Failed / finished tasks (0–1).
       */
      agent_failure_rate?: {
        /**
         * Warning level.
         */
        warning?: number;
        /**
         * Critical level.
         */
        critical?: number;
      };
      /**
       * Seconds a workflow run takes.
       */
      workflow_completion_time?: {
        /**
         * Warning level.
         */
        warning?: number;
        /**
         * Critical level.
         */
        critical?: number;
      };
      /**
       * Knowledge writes per minute.
       */
      knowledge_storage_rate?: {
        /**
         * Warning level.
         */
        warning?: number;
        /**
         * Critical level.
         */
        critical?: number;
      };
      /**
       * Seconds a task takes.
       */
      response_time?: {
        /**
         * Warning level.
         */
        warning?: number;
        /**
         * Critical level.
         */
        critical?: number;
      };
      /**
       * CPU percent.
       */
      cpu_usage?: {
        /**
         * Warning level.
         */
        warning?: number;
        /**
         * Critical level.
         */
        critical?: number;
      };
      /**
       * Memory percent.
       */
      memory_usage?: {
        /**
         * Warning level.
         */
        warning?: number;
        /**
         * Critical level.
         */
        critical?: number;
      };
      /**
       * Disk percent.
       */
      disk_usage?: {
        /**
         * Warning level.
         */
        warning?: number;
        /**
         * Critical level.
         */
        critical?: number;
      };
      /**
       * Tasks waiting for an agent.
       */
      queue_depth?: {
        /**
         * Warning level.
         */
        warning?: number;
        /**
         * Critical level.
         */
        critical?: number;
      };
    };
    /**
     * Where alerts go besides events, logs and the TUI.
     *
     * Items: An alert sink.
     */
    alerts?: {
      /**
       * A webhook: alerts are POSTed as JSON, with retries.
       */
      http: {
        /**
         * Webhook URL. May contain ${{ }} expressions.
         */
        url: string;
        /**
         * Headers.
         */
        headers?: {
          [k: string]: string;
        };
      };
    }[];
  };
  /**
   * The HTTP API (health, metrics, webhooks).
   */
  http?: {
    /**
     * host:port to listen on; loopback by default.
     */
    listen?: string;
    /**
     * Bearer key that every /api/* request needs. May contain ${{ }} expressions. Without it (and without AMAS_API_KEY), amas up generates one and keeps it in .amas/api-key (mode 0600).
     */
    api_key?: string;
    /**
     * Requests per minute per key.
     */
    rate_limit?: number;
    /**
     * Largest request body in bytes.
     */
    body_limit?: number;
    /**
     * key (the default): /api/* needs the Bearer key. none turns authentication off: DANGEROUS — any local user or process can start runs and read their outputs; allowed on a loopback address only.
     */
    auth?: "key" | "none";
    /**
     * Open connections at once; more are closed as soon as they are accepted. Default: 512, or a quarter of the process's open-file limit when that is lower.
     */
    max_connections?: number;
    /**
     * Time a client has from connecting to the end of its request headers (then 408 and the connection is closed); also bounds idle connections that send nothing. A duration: a number then ms, s, m, h or d.
     */
    headers_timeout?: string;
    /**
     * Time a client has from connecting to the end of its request body. Waiting for the answer (?wait=true) is not counted. A duration: a number then ms, s, m, h or d.
     */
    request_timeout?: string;
    /**
     * How long a keep-alive connection may sit idle between requests. A duration: a number then ms, s, m, h or d.
     */
    idle_timeout?: string;
    /**
     * Deepest JSON nesting of a request body (400 past it).
     */
    max_depth?: number;
    /**
     * Server-Sent Events (GET /api/events/stream and /api/runs/{id}/stream, docs/operations.md "Live events"): how many streams may be open, how often an idle one gets a keep-alive line, how much a slow reader may leave unread, and how many events are held for resuming with Last-Event-ID.
     */
    sse?: {
      /**
       * Streams open at once; one more is answered 429 too_many_streams (with Retry-After) until a stream closes.
       */
      max_streams?: number;
      /**
       * How often an open stream gets a `: keep-alive` comment line, so proxies do not close it while nothing happens. Between 100ms and 10m. A duration: a number then ms, s, m, h or d.
       */
      heartbeat?: string;
      /**
       * Bytes a reader may leave unread before it is disconnected (it can resume with Last-Event-ID): what one slow client can make the runtime hold.
       */
      max_buffered_bytes?: number;
      /**
       * Events of the runtime's stream held for resuming (SSE Last-Event-ID or ?since=, amas events tail --since). A resume point older than that gets a `gap` message first.
       */
      replay?: number;
    };
  };
  /**
   * OpenTelemetry traces of runs (docs/telemetry.md): a span per run, step, agent task, model call and tool call, exported over OTLP/HTTP. Without this section (and without OTEL_EXPORTER_OTLP_ENDPOINT / OTEL_EXPORTER_OTLP_TRACES_ENDPOINT in the environment) nothing of OpenTelemetry is loaded.
   */
  telemetry?: {
    /**
     * Export spans over OTLP/HTTP (JSON) to a collector, Jaeger, Tempo or any OTLP receiver.
     */
    otlp?: {
      /**
       * The receiver's base URL, like OTEL_EXPORTER_OTLP_ENDPOINT: spans are sent to <endpoint>/v1/traces (a URL already ending in /v1/traces is used as it is). May contain ${{ env.X }} expressions.
       */
      endpoint: string;
      /**
       * Extra headers sent with every export, e.g. an API key of a hosted backend. A value that reads ${{ secrets.X }} is a credential: masked everywhere like provider keys.
       */
      headers?: {
        [k: string]: string;
      };
      /**
       * service.name of the exported spans. Default: OTEL_SERVICE_NAME, else the project's name, else amas.
       */
      service_name?: string;
    };
  };
}
/**
 * How failed attempts are retried: exponential backoff with jitter by default.
 */
export interface RetryPolicy {
  /**
   * Total attempts, the first included (1 = no retry).
   */
  attempts?: number;
  /**
   * How the wait between attempts grows.
   */
  backoff?: "exponential" | "fixed";
  /**
   * Wait before the second attempt. A duration: a number then ms, s, m, h or d.
   */
  initial?: string;
  /**
   * Longest wait between two attempts. A duration: a number then ms, s, m, h or d.
   */
  max?: string;
  /**
   * Randomise each wait by up to ±50% so that retries of many runs do not align.
   */
  jitter?: boolean;
}
/**
 * One provider.
 */
export interface ProviderSpec {
  /**
   * Protocol; any OpenAI-compatible endpoint (OpenAI, Ollama, vLLM, llama.cpp).
   */
  kind?: "openai";
  /**
   * Base URL, up to /v1. May contain ${{ }} expressions.
   */
  base_url: string;
  /**
   * API key; use ${{ secrets.NAME }}, never a literal. May contain ${{ }} expressions.
   */
  api_key?: string;
  /**
   * Default model.
   */
  model: string;
  /**
   * Whether the endpoint supports response_format json_schema.
   */
  json_schema?: boolean;
  /**
   * The request field that carries an llm step's max_tokens: OpenAI's reasoning models refuse max_tokens and take max_completion_tokens.
   */
  token_param?: "max_tokens" | "max_completion_tokens";
  /**
   * Extra headers.
   */
  headers?: {
    [k: string]: string;
  };
  /**
   * Per-capability overrides (model, temperature).
   */
  capabilities?: {
    /**
     * Override.
     */
    [k: string]: {
      /**
       * Model for this capability.
       */
      model?: string;
      /**
       * Temperature for this capability.
       */
      temperature?: number;
    };
  };
}
/**
 * One MCP server.
 */
export interface McpServerSpec {
  /**
   * Program and arguments of a stdio server.
   *
   * @minItems 1
   */
  command?: [string, ...string[]];
  /**
   * Environment of a stdio server.
   */
  env?: {
    [k: string]: string;
  };
  /**
   * Working directory of a stdio server.
   */
  cwd?: string;
  /**
   * Streamable-HTTP endpoint.
   */
  url?: string;
  /**
   * Headers for an HTTP server.
   */
  headers?: {
    [k: string]: string;
  };
}

/**
 * One tool (or group of tools) the model may call: a capability, an agent's capabilities, an MCP server's tools, a workflow, or the knowledge base.
 */
export type LlmTool = CapabilityTool | AgentTool | McpTool | WorkflowTool | KnowledgeTool;

/**
 * An amas agent: one file in agents.d/.
 */
export interface AgentSpec {
  /**
   * Schema URL for editors.
   */
  $schema?: string;
  /**
   * Version of the spec language this file is written in. Absent means amas/v1.
   */
  apiVersion?: "amas/v1";
  /**
   * Unique agent id, kebab-case.
   */
  id: string;
  /**
   * Kind of agent; steps may route by domain.
   */
  domain?: string;
  /**
   * What this agent is for.
   */
  description?: string;
  /**
   * Tasks this agent runs at once.
   */
  concurrency?: number;
  /**
   * What this agent produces, for the agent map.
   */
  produces?: string[];
  /**
   * Bus events this agent reacts to: each entry runs one of the agent's capabilities as a task when an event of that type (matching `where`) is published, with the event's data as the task's input. The agent answers the event's publisher with task_complete or error_occurred, as for a task_request. An agent never reacts to its own events, nor to the answers of reactions (no chains of reactions). See docs/guide.md "Agents that react to events".
   *
   * Items: One reaction: an event type, the capability it runs, and optional filters.
   */
  reacts_to?: {
    /**
     * The event type. task_request is not listed: agents serve it already (the capability it names runs).
     */
    event: "task_complete" | "data_update" | "error_occurred" | "system_status" | "agent_message" | "external_trigger";
    /**
     * One of this agent's capabilities; it gets the event's data as input (checked against the capability's input schema).
     */
    capability: string;
    /**
     * Filters on the event's data, as in a workflow's event trigger: dotted paths to expected values; a list allows any of its values; null also matches an absent field.
     */
    where?: Record<string, unknown>;
  }[];
  /**
   * Agents whose output this one uses.
   */
  depends_on?: string[];
  /**
   * Agents that consume this one's output.
   */
  consumers?: string[];
  /**
   * Capabilities by name (snake_case).
   */
  capabilities: {
    [k: string]: CapabilitySpec;
  };
}
/**
 * One thing the agent can do, named by `task:` in workflow steps.
 */
export interface CapabilitySpec {
  /**
   * What this capability does.
   */
  description?: string;
  /**
   * Schema the task input must satisfy; checked before the executor runs. A JSON Schema (draft 2020-12).
   */
  input?: Record<string, unknown>;
  /**
   * Schema the result must satisfy; a result that does not fails the attempt. A JSON Schema (draft 2020-12).
   */
  output?: Record<string, unknown>;
  run: ExecutorSpec;
  /**
   * false: when this capability runs as an agent loop's tool call and amas stops mid-call, the step waits as in_doubt for a person instead of calling it again.
   */
  idempotent?: boolean;
  /**
   * Longest one attempt may take. Default: runtime.default_timeout. A duration: a number then ms, s, m, h or d.
   */
  timeout?: string;
  retry?: RetryPolicy;
  /**
   * Knowledge categories this capability reads.
   */
  reads?: string[];
  /**
   * Knowledge category the result is also stored under.
   */
  writes?: string[];
}
/**
 * What the capability does: exactly one executor (command, http, llm, mcp, module or template).
 */
export interface ExecutorSpec {
  /**
   * Run a program: an argv array, or an object with argv, stdin, env, cwd, shell, parse.
   */
  command?: [string, ...string[]] | CommandSpec;
  http?: HttpSpec;
  llm?: LlmSpec;
  mcp?: McpCallSpec;
  /**
   * An exported async function of a JS module in the project: `./path/file.mjs#export`.
   */
  module?: string;
  /**
   * Any YAML value with expressions; its rendering is the output. No I/O.
   */
  template?: unknown;
}
/**
 * A program to run. Its exit code decides success; stdout is the output.
 */
export interface CommandSpec {
  /**
   * Program and arguments; each item may contain expressions. No shell unless `shell: true`.
   *
   * @minItems 1
   */
  argv: [string, ...string[]];
  /**
   * Written to the program's standard input: text as is, any other value as JSON.
   */
  stdin?: unknown;
  /**
   * Extra environment variables (values may contain expressions).
   */
  env?: {
    [k: string]: string;
  };
  /**
   * Working directory, relative to the project root.
   */
  cwd?: string;
  /**
   * Run `argv` joined by spaces through /bin/sh -c.
   */
  shell?: boolean;
  /**
   * How stdout becomes the output: json, text, or auto (JSON when it parses, else text).
   */
  parse?: "json" | "text" | "auto";
}
/**
 * An HTTP request; a JSON answer is parsed, others are returned as text.
 */
export interface HttpSpec {
  /**
   * HTTP method.
   */
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD";
  /**
   * URL to call. May contain ${{ }} expressions; each value is percent-encoded for the part of the URL it lands in (a path segment, a query value, the fragment), so `../x?y=1` from an input stays one segment. A URL that starts with an expression (`${{ env.API_BASE }}/items`) takes that value as written; the result must be an absolute http(s) URL.
   */
  url: string;
  /**
   * Insert values into `url` exactly as rendered, without percent-encoding. An explicit opt-out for values you trust to be URL text (a prepared path or query string); an input can then rewrite the path and query the request goes to.
   */
  url_raw?: boolean;
  /**
   * Request headers (values may contain expressions).
   */
  headers?: {
    [k: string]: string;
  };
  /**
   * Request body: text as is, any other value as JSON.
   */
  body?: unknown;
}
/**
 * A chat completion against an OpenAI-compatible provider; the output must satisfy the capability's output schema.
 */
export interface LlmSpec {
  /**
   * Name of a provider under `providers` in amas.yaml.
   */
  provider?: string;
  /**
   * Model name; overrides the provider's model.
   */
  model?: string;
  /**
   * System message. May contain ${{ }} expressions.
   */
  system?: string;
  /**
   * User message. May contain ${{ }} expressions.
   */
  prompt: string;
  /**
   * Sampling temperature.
   */
  temperature?: number;
  /**
   * Upper bound on tokens in the answer.
   */
  max_tokens?: number;
  /**
   * With `tools`: most model turns before the loop stops (the run's step fails).
   */
  max_turns?: number;
  /**
   * Turns the call into an agent loop: the model calls these tools, amas runs them and returns the results, until the final answer or `max_turns`.
   *
   * @minItems 1
   */
  tools?: [LlmTool, ...LlmTool[]];
}
/**
 * A capability of the project, routed to an agent that has it, like a step.
 */
export interface CapabilityTool {
  /**
   * Capability name.
   */
  capability: string;
  /**
   * Pin the calls to one agent that has the capability.
   */
  agent?: string;
  /**
   * The name the model sees for this tool (default: the capability's, workflow's or `<server>_<tool>` name).
   */
  as?: string;
  /**
   * What the model is told the tool does (default: the capability's description).
   */
  description?: string;
  /**
   * Make the call wait for a person before it runs: `required`, or `{ when: <expression over the call's arguments> }` (`args` is in scope). A rejection goes back to the model as the tool's result.
   */
  approval?:
    | "required"
    | {
        /**
         * Expression over the call's arguments (`args`).
         */
        when: string;
      };
}
/**
 * Delegation: every capability of that agent becomes a tool.
 */
export interface AgentTool {
  /**
   * Agent id.
   */
  agent: string;
  /**
   * Only these capabilities of the agent (default: all).
   *
   * @minItems 1
   */
  capabilities?: [string, ...string[]];
}
/**
 * Tools of an MCP server declared in amas.yaml; named `<server>_<tool>`.
 */
export interface McpTool {
  /**
   * A server name (all its tools), or `{ server, tools }` for some of them.
   */
  mcp:
    | string
    | {
        /**
         * Server name under `mcp.servers` in amas.yaml.
         */
        server: string;
        /**
         * The server's tools to offer (default: all).
         *
         * @minItems 1
         */
        tools?: [string, ...string[]];
      };
}
/**
 * Starts a workflow as a sub-run and waits for its outputs; the parameters are its `inputs`.
 */
export interface WorkflowTool {
  /**
   * Workflow id.
   */
  workflow: string;
  /**
   * The name the model sees for this tool (default: the capability's, workflow's or `<server>_<tool>` name).
   */
  as?: string;
  /**
   * What the model is told the tool does (default: the workflow's description).
   */
  description?: string;
}
/**
 * Built-in tools on the project's knowledge base: `knowledge_search`, `knowledge_store`.
 */
export interface KnowledgeTool {
  /**
   * Which operations to offer.
   *
   * @minItems 1
   *
   * Items: A knowledge-base operation.
   */
  knowledge: ["search" | "store", ...("search" | "store")[]];
}
/**
 * Call a tool on an MCP server declared under `mcp_servers` in amas.yaml.
 */
export interface McpCallSpec {
  /**
   * Name of a server under `mcp_servers`.
   */
  server: string;
  /**
   * Tool name on that server.
   */
  tool: string;
  /**
   * Tool arguments (values may contain expressions). Default: the task input.
   */
  arguments?: Record<string, unknown>;
}

/**
 * An amas workflow: one file in workflows.d/, a DAG of steps.
 */
export interface WorkflowSpec {
  /**
   * Schema URL for editors.
   */
  $schema?: string;
  /**
   * Version of the spec language this file is written in. Absent means amas/v1.
   */
  apiVersion?: "amas/v1";
  /**
   * Unique workflow id, kebab-case.
   */
  id: string;
  /**
   * What this workflow does.
   */
  description?: string;
  /**
   * Run inputs by name, each a JSON Schema.
   */
  inputs?: {
    /**
     * Schema of one input; `default` applies when it is not given. A JSON Schema (draft 2020-12).
     */
    [k: string]: Record<string, unknown>;
  };
  /**
   * Triggers that start runs.
   */
  on?: TriggerSpec[];
  /**
   * How many runs at once, and what happens to a run started while others go.
   */
  concurrency?: {
    /**
     * Runs of this workflow at once.
     */
    max_runs?: number;
    /**
     * What a trigger does when max_runs are already going.
     */
    overlap?: "skip" | "queue" | "cancel-previous" | "allow";
  };
  /**
   * Limits per run; crossing one ends the run as budget_exceeded.
   */
  budget?: {
    /**
     * Wall time of one run. A duration: a number then ms, s, m, h or d.
     */
    wall?: string;
    /**
     * LLM tokens (prompt + completion) of one run.
     */
    tokens?: number;
    /**
     * Executor calls (attempts) of one run.
     */
    tool_calls?: number;
  };
  /**
   * Default attempt timeout of this workflow's steps. A duration: a number then ms, s, m, h or d.
   */
  timeout?: string;
  /**
   * The steps, a DAG through `needs`.
   *
   * @minItems 1
   */
  steps: [StepSpec, ...StepSpec[]];
  /**
   * Run outputs (values may be expressions over steps).
   */
  outputs?: Record<string, unknown>;
}
/**
 * What starts a run: exactly one of cron, event, file or manual.
 */
export interface TriggerSpec {
  /**
   * Cron expression: 5 fields, or 6 with seconds first.
   */
  cron?: string;
  /**
   * IANA time zone of the cron expression.
   */
  timezone?: string;
  /**
   * Random delay added to each cron fire. A duration: a number then ms, s, m, h or d.
   */
  jitter?: string;
  /**
   * What to do with fires missed while amas was down.
   */
  misfire?: "skip" | "run-once" | "run-all";
  /**
   * How late a missed fire may still run. A duration: a number then ms, s, m, h or d.
   */
  grace?: string;
  /**
   * Event type that starts a run.
   */
  event?:
    | "task_request"
    | "task_complete"
    | "data_update"
    | "error_occurred"
    | "system_status"
    | "agent_message"
    | "external_trigger";
  /**
   * Equality filters on the event data (dotted paths allowed).
   */
  where?: Record<string, unknown>;
  /**
   * Glob(s), relative to the project root, whose changes start a run.
   */
  file?: string | [string, ...string[]];
  /**
   * Quiet time after a file change before the run starts. A duration: a number then ms, s, m, h or d.
   */
  debounce?: string;
  /**
   * Allows runs by hand (CLI, TUI, MCP, HTTP). A workflow whose on: lists other triggers but not manual cannot be started by hand; one with no on: is manual.
   */
  manual?: {};
  /**
   * Inputs given to runs this trigger starts.
   */
  inputs?: Record<string, unknown>;
}
/**
 * One node of the workflow DAG: a task for an agent, an approval by a person, or a sub-workflow.
 */
export interface StepSpec {
  /**
   * Step id, unique in the workflow.
   */
  id: string;
  /**
   * Capability to run.
   */
  task?: string;
  approval?: ApprovalSpec;
  /**
   * Instead of a task: run this workflow as a sub-run (linked to this run) with `with:` as its inputs; the step's output is its outputs.
   */
  workflow?: string;
  /**
   * Pin the step to one agent.
   */
  agent?: string;
  /**
   * Prefer agents of this domain.
   */
  domain?: string;
  /**
   * Steps that must finish first.
   */
  needs?: string[];
  /**
   * Task input, or the sub-workflow's inputs (values may be expressions).
   */
  with?: Record<string, unknown>;
  /**
   * Condition; a false value skips the step and, unless they say otherwise, the steps that need it.
   */
  if?: string;
  /**
   * Longest one attempt may take (includes waiting for a free agent). A duration: a number then ms, s, m, h or d.
   */
  timeout?: string;
  retry?: RetryPolicy;
  /**
   * false: after a crash mid-step, wait as in_doubt for a person instead of running again.
   */
  idempotent?: boolean;
  /**
   * A failure of this step does not fail the run.
   */
  continue_on_error?: boolean;
  /**
   * Run the step once per item of this list (`item` and `index` are in scope in `with`, `if` and the executor input); the output is the list of outputs in item order.
   */
  for_each?: string | unknown[];
  /**
   * With `for_each`: how many items run at once.
   */
  concurrency?: number;
  repeat?: RepeatSpec;
}
/**
 * Instead of a task: the step waits for a person to approve or reject (CLI `amas runs approve|reject`, the TUI, the HTTP API, MCP). Durable and free while it waits. Output: `{ approved, by, at, comment?, …input }`.
 */
export interface ApprovalSpec {
  /**
   * What the approver is asked. May contain ${{ }} expressions.
   */
  prompt: string;
  /**
   * How long to wait, from the request. A duration: a number then ms, s, m, h or d. Default: wait until answered.
   */
  timeout?: string;
  /**
   * What the step does when the timeout passes unanswered (default: reject). Needs `timeout`.
   */
  on_timeout?: "approve" | "reject" | "fail";
  /**
   * A form the approver fills; its values join the step's output. A JSON Schema (draft 2020-12) of an object.
   */
  input?: Record<string, unknown>;
}
/**
 * Re-run the step until `until` holds, at most `max` times. In `until`, `output` is the iteration's output; in `with`, `repeat.index` (0, 1, …) and `repeat.previous` (the previous output, null at first). The output is the last iteration's.
 */
export interface RepeatSpec {
  /**
   * Condition over `output` (this iteration's output); true ends the loop.
   */
  until: string;
  /**
   * Most iterations.
   */
  max: number;
}

/**
 * An amas test: one file in tests.d/. Runs a workflow on an in-memory store, answering model, http and mcp calls from the test's cassette (tests.d/cassettes/<test>.json), and checks what the run did.
 */
export interface TestSpec {
  /**
   * Schema URL for editors.
   */
  $schema?: string;
  /**
   * What the test is called in reports. Default: the file name without its extension (which also names the cassette).
   */
  name?: string;
  /**
   * What this test checks, for people reading it.
   */
  description?: string;
  /**
   * Id of the workflow this test runs (declared in workflows.d/).
   */
  workflow: string;
  /**
   * Run inputs, checked against the workflow's inputs like `amas run` checks them.
   */
  inputs?: Record<string, unknown>;
  /**
   * Environment variables the test's run reads (`${{ env.NAME }}`) when the process does not set them: a replay in CI needs no real endpoint, so `LLM_BASE_URL` can default to any URL (the address is not part of matching). Never put secrets here.
   */
  env?: {
    /**
     * The variable's value when the process does not set it.
     */
    [k: string]: string;
  };
  /**
   * Capabilities answered with a fixed value instead of running: their executor never runs, also when an agent calls them as a tool. Keyed by capability name.
   */
  mock?: {
    /**
     * The value the capability answers with; it must satisfy the capability's output schema.
     */
    [k: string]: unknown;
  };
  /**
   * Answers for the workflow's approval steps, keyed by step id: the test answers each as `amas test` when the run waits for it. A run that waits for a step not listed here fails the test.
   */
  approve?: {
    /**
     * `true` approves, `false` rejects; or `{ approved, comment, input }` for a comment or the approval's form.
     */
    [k: string]:
      | boolean
      | {
          /**
           * Approve (true) or reject (false).
           */
          approved: boolean;
          /**
           * The approver's comment.
           */
          comment?: string;
          /**
           * Values for the approval's `input` form.
           */
          input?: Record<string, unknown>;
        };
  };
  /**
   * What the finished run must look like. Every expectation is checked and every failure reported.
   */
  expect?: {
    /**
     * Status the run ends with. Default: completed.
     */
    status?: "completed" | "failed" | "cancelled" | "budget_exceeded";
    /**
     * A subset of the run's outputs: each key given must be there with an equal value (objects compare as subsets, arrays element by element).
     */
    outputs?: Record<string, unknown>;
    /**
     * Status of named steps when the run ends.
     */
    steps?: {
      /**
       * Status the step ends with.
       */
      [k: string]: "completed" | "failed" | "skipped" | "cancelled";
    };
    /**
     * Expressions over the finished run; each must evaluate to true.
     *
     * Items: One `${{ }}` expression that must be true. Scope: `inputs`, `steps.<id>.output`, `steps.<id>.status`, `run` (id, workflow, status, outputs).
     */
    assert?: string[];
  };
  /**
   * How replayed calls are matched to recorded ones. Requests are compared as JSON after normalising: key order, the URL's scheme, host and port (the endpoint's address comes from the environment), and authorization, user-agent, date, idempotency and request-id headers are left out.
   */
  match?: {
    /**
     * Request fields left out of the comparison (for values that change on every run).
     *
     * Items: A path into the request: dot-separated keys, `[n]` for an array element, `*` for any key or element. llm and http requests have `method`, `url`, `headers`, `body`; mcp requests `server`, `tool`, `arguments`.
     */
    ignore?: string[];
  };
  /**
   * Wall time the test may take before it fails and its run is cancelled. A duration: a number then ms, s, m, h or d.
   */
  timeout?: string;
}
