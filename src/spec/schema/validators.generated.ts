/* eslint-disable */
// @ts-nocheck
// Generated from schemas/*.schema.json by scripts/gen-validators.mjs. Do not edit; run `npm run gen:types`.
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);

export const project = validate20;
const schema31 = {"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"https://amas.dev/schemas/project.schema.json","title":"ProjectSpec","type":"object","additionalProperties":false,"description":"amas.yaml: settings of one amas project.","properties":{"$schema":{"type":"string","description":"Schema URL for editors.","examples":["./schemas/project.schema.json"]},"apiVersion":{"type":"string","const":"amas/v1","description":"Version of the spec language this file is written in. Absent means amas/v1.","examples":["amas/v1"]},"name":{"type":"string","description":"Project name shown in the TUI and status.","examples":["content-team"]},"store":{"type":"object","additionalProperties":false,"description":"Where the knowledge base and run journal live.","examples":[{"path":".amas/amas.db"}],"properties":{"path":{"type":"string","default":".amas/amas.db","description":"Database file, relative to the project root, or :memory:.","examples":[".amas/amas.db"]},"url":{"type":"string","description":"A PostgreSQL server to keep the store in instead of the embedded file (`path` is then unused): postgres://USER@HOST[:PORT]/DATABASE[?sslmode=require]. Keep the password out of this file: write it as ${{ secrets.NAME }}, or set the whole URL in AMAS_STORE_URL (environment or .env), which takes precedence. See docs/scale-out.md.","examples":["postgres://amas:${{ secrets.PG_PASSWORD }}@db.internal:5432/amas?sslmode=verify-full"]},"checkpoint_interval":{"type":"string","pattern":"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$","description":"How often the journal is folded into a checkpoint. A duration: a number then ms, s, m, h or d.","examples":["30s"],"default":"30s"},"event_history":{"type":"integer","minimum":10,"default":1000,"description":"Events kept in memory for `amas events`.","examples":[1000]},"retention":{"type":"string","pattern":"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$","description":"How long finished runs and events are kept. A duration: a number then ms, s, m, h or d.","examples":["30d"],"default":"30d"},"bookkeeping_retention":{"type":"string","pattern":"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$","description":"How long the knowledge entries amas writes itself (categories task_execution and workflow_execution, one per step and per run) are kept; the periodic cleanup deletes older ones. A duration: a number then ms, s, m, h or d.","examples":["30d","7d"],"default":"30d"}}},"runtime":{"type":"object","additionalProperties":false,"description":"Limits and defaults of the runtime.","examples":[{"max_concurrent_tasks":50,"default_timeout":"5m"}],"properties":{"max_concurrent_tasks":{"type":"integer","minimum":1,"default":50,"description":"Tasks running at once across all agents.","examples":[50]},"default_timeout":{"type":"string","pattern":"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$","description":"Attempt timeout when a step or capability sets none. A duration: a number then ms, s, m, h or d.","examples":["5m"],"default":"5m"},"retry":{"title":"RetryPolicy","type":"object","additionalProperties":false,"description":"How failed attempts are retried: exponential backoff with jitter by default.","examples":[{"attempts":3,"backoff":"exponential","initial":"1s"}],"properties":{"attempts":{"type":"integer","minimum":1,"maximum":100,"default":3,"description":"Total attempts, the first included (1 = no retry).","examples":[3]},"backoff":{"enum":["exponential","fixed"],"default":"exponential","description":"How the wait between attempts grows.","examples":["exponential"]},"initial":{"type":"string","pattern":"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$","description":"Wait before the second attempt. A duration: a number then ms, s, m, h or d.","examples":["1s"],"default":"1s"},"max":{"type":"string","pattern":"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$","description":"Longest wait between two attempts. A duration: a number then ms, s, m, h or d.","examples":["1m"],"default":"1m"},"jitter":{"type":"boolean","default":true,"description":"Randomise each wait by up to ±50% so that retries of many runs do not align.","examples":[true]}}},"shutdown_grace":{"type":"string","pattern":"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$","description":"How long in-flight steps may finish on SIGINT/SIGTERM. A duration: a number then ms, s, m, h or d.","examples":["30s"],"default":"30s"},"cleanup_interval":{"type":"string","pattern":"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$","description":"How often expired knowledge and old history are pruned. A duration: a number then ms, s, m, h or d.","examples":["1h"],"default":"1h"}}},"providers":{"type":"object","description":"LLM providers by name (OpenAI-compatible chat completions).","examples":[{"default":{"kind":"openai","base_url":"${{ env.LLM_BASE_URL }}","api_key":"${{ secrets.LLM_API_KEY }}","model":"gpt-4o-mini"}}],"additionalProperties":{"title":"ProviderSpec","type":"object","additionalProperties":false,"required":["base_url","model"],"description":"One provider.","examples":[{"kind":"openai","base_url":"http://127.0.0.1:11434/v1","model":"llama3.1"}],"properties":{"kind":{"enum":["openai"],"default":"openai","description":"Protocol; any OpenAI-compatible endpoint (OpenAI, Ollama, vLLM, llama.cpp).","examples":["openai"]},"base_url":{"type":"string","description":"Base URL, up to /v1. May contain ${{ }} expressions.","examples":["https://api.openai.com/v1"]},"api_key":{"type":"string","description":"API key; use ${{ secrets.NAME }}, never a literal. May contain ${{ }} expressions.","examples":["${{ secrets.LLM_API_KEY }}"]},"model":{"type":"string","description":"Default model.","examples":["gpt-4o-mini"]},"json_schema":{"type":"boolean","default":true,"description":"Whether the endpoint supports response_format json_schema.","examples":[true]},"token_param":{"enum":["max_tokens","max_completion_tokens"],"default":"max_tokens","description":"The request field that carries an llm step's max_tokens: OpenAI's reasoning models refuse max_tokens and take max_completion_tokens.","examples":["max_completion_tokens"]},"headers":{"type":"object","additionalProperties":{"type":"string"},"description":"Extra headers.","examples":[{"X-Org":"team"}]},"capabilities":{"type":"object","description":"Per-capability overrides (model, temperature).","examples":[{"write_blog_post":{"model":"gpt-4o"}}],"additionalProperties":{"type":"object","additionalProperties":false,"description":"Override.","examples":[{"model":"gpt-4o"}],"properties":{"model":{"type":"string","description":"Model for this capability.","examples":["gpt-4o"]},"temperature":{"type":"number","minimum":0,"maximum":2,"description":"Temperature for this capability.","examples":[0.7]}}}}}}},"mcp_servers":{"type":"object","description":"MCP servers agents may call, by name: a stdio command or a streamable-HTTP URL.","examples":[{"files":{"command":["npx","-y","@modelcontextprotocol/server-filesystem","."]}}],"additionalProperties":{"title":"McpServerSpec","type":"object","additionalProperties":false,"minProperties":1,"description":"One MCP server.","examples":[{"url":"http://127.0.0.1:3001/mcp"}],"properties":{"command":{"type":"array","minItems":1,"items":{"type":"string"},"description":"Program and arguments of a stdio server.","examples":[["node","server.mjs"]]},"env":{"type":"object","additionalProperties":{"type":"string"},"description":"Environment of a stdio server.","examples":[{"LOG":"debug"}]},"cwd":{"type":"string","description":"Working directory of a stdio server.","examples":["."]},"url":{"type":"string","description":"Streamable-HTTP endpoint.","examples":["http://127.0.0.1:3001/mcp"]},"headers":{"type":"object","additionalProperties":{"type":"string"},"description":"Headers for an HTTP server.","examples":[{"Authorization":"Bearer ${{ secrets.MCP_TOKEN }}"}]}}}},"monitoring":{"type":"object","additionalProperties":false,"description":"Metrics collection, thresholds and alert sinks.","examples":[{"interval":"30s"}],"properties":{"interval":{"type":"string","pattern":"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$","description":"How often metrics are collected. A duration: a number then ms, s, m, h or d.","examples":["30s"],"default":"30s"},"retention":{"type":"string","pattern":"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$","description":"How long metric history is kept. A duration: a number then ms, s, m, h or d.","examples":["24h"],"default":"24h"},"thresholds":{"type":"object","additionalProperties":false,"description":"Warning and critical levels; defaults from the guide.","examples":[{"agent_failure_rate":{"warning":0.1,"critical":0.25}}],"properties":{"agent_failure_rate":{"type":"object","additionalProperties":false,"description":"Failed / finished tasks (0–1).","examples":[{"warning":0.1,"critical":0.25}],"properties":{"warning":{"type":"number","description":"Warning level.","examples":[0.1]},"critical":{"type":"number","description":"Critical level.","examples":[0.25]}}},"workflow_completion_time":{"type":"object","additionalProperties":false,"description":"Seconds a workflow run takes.","examples":[{"warning":300,"critical":900}],"properties":{"warning":{"type":"number","description":"Warning level.","examples":[300]},"critical":{"type":"number","description":"Critical level.","examples":[900]}}},"knowledge_storage_rate":{"type":"object","additionalProperties":false,"description":"Knowledge writes per minute.","examples":[{"warning":100,"critical":500}],"properties":{"warning":{"type":"number","description":"Warning level.","examples":[100]},"critical":{"type":"number","description":"Critical level.","examples":[500]}}},"response_time":{"type":"object","additionalProperties":false,"description":"Seconds a task takes.","examples":[{"warning":2,"critical":5}],"properties":{"warning":{"type":"number","description":"Warning level.","examples":[2]},"critical":{"type":"number","description":"Critical level.","examples":[5]}}},"cpu_usage":{"type":"object","additionalProperties":false,"description":"CPU percent.","examples":[{"warning":70,"critical":90}],"properties":{"warning":{"type":"number","description":"Warning level.","examples":[70]},"critical":{"type":"number","description":"Critical level.","examples":[90]}}},"memory_usage":{"type":"object","additionalProperties":false,"description":"Memory percent.","examples":[{"warning":80,"critical":95}],"properties":{"warning":{"type":"number","description":"Warning level.","examples":[80]},"critical":{"type":"number","description":"Critical level.","examples":[95]}}},"disk_usage":{"type":"object","additionalProperties":false,"description":"Disk percent.","examples":[{"warning":85,"critical":95}],"properties":{"warning":{"type":"number","description":"Warning level.","examples":[85]},"critical":{"type":"number","description":"Critical level.","examples":[95]}}},"queue_depth":{"type":"object","additionalProperties":false,"description":"Tasks waiting for an agent.","examples":[{"warning":100,"critical":1000}],"properties":{"warning":{"type":"number","description":"Warning level.","examples":[100]},"critical":{"type":"number","description":"Critical level.","examples":[1000]}}}}},"alerts":{"type":"array","description":"Where alerts go besides events, logs and the TUI.","examples":[[{"http":{"url":"${{ env.ALERT_WEBHOOK }}"}}]],"items":{"type":"object","additionalProperties":false,"required":["http"],"description":"An alert sink.","examples":[{"http":{"url":"http://127.0.0.1:9000/hook"}}],"properties":{"http":{"type":"object","additionalProperties":false,"required":["url"],"description":"A webhook: alerts are POSTed as JSON, with retries.","examples":[{"url":"http://127.0.0.1:9000/hook"}],"properties":{"url":{"type":"string","description":"Webhook URL. May contain ${{ }} expressions.","examples":["${{ env.ALERT_WEBHOOK }}"]},"headers":{"type":"object","additionalProperties":{"type":"string"},"description":"Headers.","examples":[{"X-Token":"${{ secrets.HOOK_TOKEN }}"}]}}}}}}}},"http":{"type":"object","additionalProperties":false,"description":"The HTTP API (health, metrics, webhooks).","examples":[{"listen":"127.0.0.1:8000"}],"properties":{"listen":{"type":"string","default":"127.0.0.1:8000","description":"host:port to listen on; loopback by default.","examples":["127.0.0.1:8000"]},"api_key":{"type":"string","description":"Bearer key that every /api/* request needs. May contain ${{ }} expressions. Without it (and without AMAS_API_KEY), amas up generates one and keeps it in .amas/api-key (mode 0600).","examples":["${{ secrets.AMAS_API_KEY }}"]},"rate_limit":{"type":"integer","minimum":1,"default":100,"description":"Requests per minute per key.","examples":[100]},"body_limit":{"type":"integer","minimum":1024,"default":1048576,"description":"Largest request body in bytes.","examples":[1048576]},"auth":{"enum":["key","none"],"default":"key","description":"key (the default): /api/* needs the Bearer key. none turns authentication off: DANGEROUS — any local user or process can start runs and read their outputs; allowed on a loopback address only.","examples":["key"]},"max_connections":{"type":"integer","minimum":1,"description":"Open connections at once; more are closed as soon as they are accepted. Default: 512, or a quarter of the process's open-file limit when that is lower.","examples":[512]},"headers_timeout":{"type":"string","pattern":"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$","description":"Time a client has from connecting to the end of its request headers (then 408 and the connection is closed); also bounds idle connections that send nothing. A duration: a number then ms, s, m, h or d.","examples":["10s"],"default":"10s"},"request_timeout":{"type":"string","pattern":"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$","description":"Time a client has from connecting to the end of its request body. Waiting for the answer (?wait=true) is not counted. A duration: a number then ms, s, m, h or d.","examples":["30s"],"default":"30s"},"idle_timeout":{"type":"string","pattern":"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$","description":"How long a keep-alive connection may sit idle between requests. A duration: a number then ms, s, m, h or d.","examples":["5s"],"default":"5s"},"max_depth":{"type":"integer","minimum":1,"maximum":1000,"default":64,"description":"Deepest JSON nesting of a request body (400 past it).","examples":[64]},"sse":{"type":"object","additionalProperties":false,"description":"Server-Sent Events (GET /api/events/stream and /api/runs/{id}/stream, docs/operations.md \"Live events\"): how many streams may be open, how often an idle one gets a keep-alive line, how much a slow reader may leave unread, and how many events are held for resuming with Last-Event-ID.","examples":[{"max_streams":32,"heartbeat":"15s"}],"properties":{"max_streams":{"type":"integer","minimum":1,"maximum":10000,"default":32,"description":"Streams open at once; one more is answered 429 too_many_streams (with Retry-After) until a stream closes.","examples":[32]},"heartbeat":{"type":"string","pattern":"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$","default":"15s","description":"How often an open stream gets a `: keep-alive` comment line, so proxies do not close it while nothing happens. Between 100ms and 10m. A duration: a number then ms, s, m, h or d.","examples":["15s"]},"max_buffered_bytes":{"type":"integer","minimum":16384,"maximum":268435456,"default":1048576,"description":"Bytes a reader may leave unread before it is disconnected (it can resume with Last-Event-ID): what one slow client can make the runtime hold.","examples":[1048576]},"replay":{"type":"integer","minimum":100,"maximum":1000000,"default":10000,"description":"Events of the runtime's stream held for resuming (SSE Last-Event-ID or ?since=, amas events tail --since). A resume point older than that gets a `gap` message first.","examples":[10000]}}}}},"telemetry":{"type":"object","additionalProperties":false,"description":"OpenTelemetry traces of runs (docs/telemetry.md): a span per run, step, agent task, model call and tool call, exported over OTLP/HTTP. Without this section (and without OTEL_EXPORTER_OTLP_ENDPOINT / OTEL_EXPORTER_OTLP_TRACES_ENDPOINT in the environment) nothing of OpenTelemetry is loaded.","examples":[{"otlp":{"endpoint":"http://127.0.0.1:4318"}}],"properties":{"otlp":{"type":"object","additionalProperties":false,"required":["endpoint"],"description":"Export spans over OTLP/HTTP (JSON) to a collector, Jaeger, Tempo or any OTLP receiver.","examples":[{"endpoint":"http://127.0.0.1:4318","service_name":"blog-pipeline"}],"properties":{"endpoint":{"type":"string","minLength":1,"description":"The receiver's base URL, like OTEL_EXPORTER_OTLP_ENDPOINT: spans are sent to <endpoint>/v1/traces (a URL already ending in /v1/traces is used as it is). May contain ${{ env.X }} expressions.","examples":["http://127.0.0.1:4318","${{ env.OTLP_URL }}"]},"headers":{"type":"object","additionalProperties":{"type":"string"},"description":"Extra headers sent with every export, e.g. an API key of a hosted backend. A value that reads ${{ secrets.X }} is a credential: masked everywhere like provider keys.","examples":[{"authorization":"Bearer ${{ secrets.OTLP_TOKEN }}"}]},"service_name":{"type":"string","minLength":1,"description":"service.name of the exported spans. Default: OTEL_SERVICE_NAME, else the project's name, else amas.","examples":["blog-pipeline"]}}}}}}};
const func1 = Object.prototype.hasOwnProperty;
const func3 = require("ajv/dist/runtime/ucs2length").default;
const pattern4 = new RegExp("^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$", "u");

function validate20(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
/*# sourceURL="https://amas.dev/schemas/project.schema.json" */;
let vErrors = null;
let errors = 0;
const evaluated0 = validate20.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!(func1.call(schema31.properties, key0))){
const err0 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema31,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
if(data.$schema !== undefined){
let data0 = data.$schema;
if(typeof data0 !== "string"){
const err1 = {instancePath:instancePath+"/$schema",schemaPath:"#/properties/%24schema/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.$schema.type,parentSchema:schema31.properties.$schema,data:data0};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data.apiVersion !== undefined){
let data1 = data.apiVersion;
if(typeof data1 !== "string"){
const err2 = {instancePath:instancePath+"/apiVersion",schemaPath:"#/properties/apiVersion/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.apiVersion.type,parentSchema:schema31.properties.apiVersion,data:data1};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if("amas/v1" !== data1){
const err3 = {instancePath:instancePath+"/apiVersion",schemaPath:"#/properties/apiVersion/const",keyword:"const",params:{allowedValue: "amas/v1"},message:"must be equal to constant",schema:"amas/v1",parentSchema:schema31.properties.apiVersion,data:data1};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.name !== undefined){
let data2 = data.name;
if(typeof data2 !== "string"){
const err4 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.name.type,parentSchema:schema31.properties.name,data:data2};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.store !== undefined){
let data3 = data.store;
if(data3 && typeof data3 == "object" && !Array.isArray(data3)){
if(data3.path === undefined){
data3.path = ".amas/amas.db";
}
if(data3.checkpoint_interval === undefined){
data3.checkpoint_interval = "30s";
}
if(data3.event_history === undefined){
data3.event_history = 1000;
}
if(data3.retention === undefined){
data3.retention = "30d";
}
if(data3.bookkeeping_retention === undefined){
data3.bookkeeping_retention = "30d";
}
for(const key1 in data3){
if(!((((((key1 === "path") || (key1 === "url")) || (key1 === "checkpoint_interval")) || (key1 === "event_history")) || (key1 === "retention")) || (key1 === "bookkeeping_retention"))){
const err5 = {instancePath:instancePath+"/store",schemaPath:"#/properties/store/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.store,data:data3};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
let data4 = data3.path;
if(typeof data4 !== "string"){
const err6 = {instancePath:instancePath+"/store/path",schemaPath:"#/properties/store/properties/path/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.store.properties.path.type,parentSchema:schema31.properties.store.properties.path,data:data4};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
if(data3.url !== undefined){
let data5 = data3.url;
if(typeof data5 !== "string"){
const err7 = {instancePath:instancePath+"/store/url",schemaPath:"#/properties/store/properties/url/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.store.properties.url.type,parentSchema:schema31.properties.store.properties.url,data:data5};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
let data6 = data3.checkpoint_interval;
if(typeof data6 === "string"){
if(!pattern4.test(data6)){
const err8 = {instancePath:instancePath+"/store/checkpoint_interval",schemaPath:"#/properties/store/properties/checkpoint_interval/pattern",keyword:"pattern",params:{pattern: "^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"},message:"must match pattern \""+"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"+"\"",schema:"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$",parentSchema:schema31.properties.store.properties.checkpoint_interval,data:data6};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
else {
const err9 = {instancePath:instancePath+"/store/checkpoint_interval",schemaPath:"#/properties/store/properties/checkpoint_interval/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.store.properties.checkpoint_interval.type,parentSchema:schema31.properties.store.properties.checkpoint_interval,data:data6};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
let data7 = data3.event_history;
if(!(((typeof data7 == "number") && (!(data7 % 1) && !isNaN(data7))) && (isFinite(data7)))){
const err10 = {instancePath:instancePath+"/store/event_history",schemaPath:"#/properties/store/properties/event_history/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.store.properties.event_history.type,parentSchema:schema31.properties.store.properties.event_history,data:data7};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
if((typeof data7 == "number") && (isFinite(data7))){
if(data7 < 10 || isNaN(data7)){
const err11 = {instancePath:instancePath+"/store/event_history",schemaPath:"#/properties/store/properties/event_history/minimum",keyword:"minimum",params:{comparison: ">=", limit: 10},message:"must be >= 10",schema:10,parentSchema:schema31.properties.store.properties.event_history,data:data7};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
let data8 = data3.retention;
if(typeof data8 === "string"){
if(!pattern4.test(data8)){
const err12 = {instancePath:instancePath+"/store/retention",schemaPath:"#/properties/store/properties/retention/pattern",keyword:"pattern",params:{pattern: "^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"},message:"must match pattern \""+"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"+"\"",schema:"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$",parentSchema:schema31.properties.store.properties.retention,data:data8};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
else {
const err13 = {instancePath:instancePath+"/store/retention",schemaPath:"#/properties/store/properties/retention/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.store.properties.retention.type,parentSchema:schema31.properties.store.properties.retention,data:data8};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
let data9 = data3.bookkeeping_retention;
if(typeof data9 === "string"){
if(!pattern4.test(data9)){
const err14 = {instancePath:instancePath+"/store/bookkeeping_retention",schemaPath:"#/properties/store/properties/bookkeeping_retention/pattern",keyword:"pattern",params:{pattern: "^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"},message:"must match pattern \""+"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"+"\"",schema:"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$",parentSchema:schema31.properties.store.properties.bookkeeping_retention,data:data9};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
else {
const err15 = {instancePath:instancePath+"/store/bookkeeping_retention",schemaPath:"#/properties/store/properties/bookkeeping_retention/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.store.properties.bookkeeping_retention.type,parentSchema:schema31.properties.store.properties.bookkeeping_retention,data:data9};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
else {
const err16 = {instancePath:instancePath+"/store",schemaPath:"#/properties/store/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.store.type,parentSchema:schema31.properties.store,data:data3};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
if(data.runtime !== undefined){
let data10 = data.runtime;
if(data10 && typeof data10 == "object" && !Array.isArray(data10)){
if(data10.max_concurrent_tasks === undefined){
data10.max_concurrent_tasks = 50;
}
if(data10.default_timeout === undefined){
data10.default_timeout = "5m";
}
if(data10.shutdown_grace === undefined){
data10.shutdown_grace = "30s";
}
if(data10.cleanup_interval === undefined){
data10.cleanup_interval = "1h";
}
for(const key2 in data10){
if(!(((((key2 === "max_concurrent_tasks") || (key2 === "default_timeout")) || (key2 === "retry")) || (key2 === "shutdown_grace")) || (key2 === "cleanup_interval"))){
const err17 = {instancePath:instancePath+"/runtime",schemaPath:"#/properties/runtime/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.runtime,data:data10};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
let data11 = data10.max_concurrent_tasks;
if(!(((typeof data11 == "number") && (!(data11 % 1) && !isNaN(data11))) && (isFinite(data11)))){
const err18 = {instancePath:instancePath+"/runtime/max_concurrent_tasks",schemaPath:"#/properties/runtime/properties/max_concurrent_tasks/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.runtime.properties.max_concurrent_tasks.type,parentSchema:schema31.properties.runtime.properties.max_concurrent_tasks,data:data11};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
if((typeof data11 == "number") && (isFinite(data11))){
if(data11 < 1 || isNaN(data11)){
const err19 = {instancePath:instancePath+"/runtime/max_concurrent_tasks",schemaPath:"#/properties/runtime/properties/max_concurrent_tasks/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema31.properties.runtime.properties.max_concurrent_tasks,data:data11};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
let data12 = data10.default_timeout;
if(typeof data12 === "string"){
if(!pattern4.test(data12)){
const err20 = {instancePath:instancePath+"/runtime/default_timeout",schemaPath:"#/properties/runtime/properties/default_timeout/pattern",keyword:"pattern",params:{pattern: "^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"},message:"must match pattern \""+"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"+"\"",schema:"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$",parentSchema:schema31.properties.runtime.properties.default_timeout,data:data12};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
else {
const err21 = {instancePath:instancePath+"/runtime/default_timeout",schemaPath:"#/properties/runtime/properties/default_timeout/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.runtime.properties.default_timeout.type,parentSchema:schema31.properties.runtime.properties.default_timeout,data:data12};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
if(data10.retry !== undefined){
let data13 = data10.retry;
if(data13 && typeof data13 == "object" && !Array.isArray(data13)){
if(data13.attempts === undefined){
data13.attempts = 3;
}
if(data13.backoff === undefined){
data13.backoff = "exponential";
}
if(data13.initial === undefined){
data13.initial = "1s";
}
if(data13.max === undefined){
data13.max = "1m";
}
if(data13.jitter === undefined){
data13.jitter = true;
}
for(const key3 in data13){
if(!(((((key3 === "attempts") || (key3 === "backoff")) || (key3 === "initial")) || (key3 === "max")) || (key3 === "jitter"))){
const err22 = {instancePath:instancePath+"/runtime/retry",schemaPath:"#/properties/runtime/properties/retry/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key3},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.runtime.properties.retry,data:data13};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
let data14 = data13.attempts;
if(!(((typeof data14 == "number") && (!(data14 % 1) && !isNaN(data14))) && (isFinite(data14)))){
const err23 = {instancePath:instancePath+"/runtime/retry/attempts",schemaPath:"#/properties/runtime/properties/retry/properties/attempts/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.runtime.properties.retry.properties.attempts.type,parentSchema:schema31.properties.runtime.properties.retry.properties.attempts,data:data14};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
if((typeof data14 == "number") && (isFinite(data14))){
if(data14 > 100 || isNaN(data14)){
const err24 = {instancePath:instancePath+"/runtime/retry/attempts",schemaPath:"#/properties/runtime/properties/retry/properties/attempts/maximum",keyword:"maximum",params:{comparison: "<=", limit: 100},message:"must be <= 100",schema:100,parentSchema:schema31.properties.runtime.properties.retry.properties.attempts,data:data14};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
if(data14 < 1 || isNaN(data14)){
const err25 = {instancePath:instancePath+"/runtime/retry/attempts",schemaPath:"#/properties/runtime/properties/retry/properties/attempts/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema31.properties.runtime.properties.retry.properties.attempts,data:data14};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
let data15 = data13.backoff;
if(!((data15 === "exponential") || (data15 === "fixed"))){
const err26 = {instancePath:instancePath+"/runtime/retry/backoff",schemaPath:"#/properties/runtime/properties/retry/properties/backoff/enum",keyword:"enum",params:{allowedValues: schema31.properties.runtime.properties.retry.properties.backoff.enum},message:"must be equal to one of the allowed values",schema:schema31.properties.runtime.properties.retry.properties.backoff.enum,parentSchema:schema31.properties.runtime.properties.retry.properties.backoff,data:data15};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
let data16 = data13.initial;
if(typeof data16 === "string"){
if(!pattern4.test(data16)){
const err27 = {instancePath:instancePath+"/runtime/retry/initial",schemaPath:"#/properties/runtime/properties/retry/properties/initial/pattern",keyword:"pattern",params:{pattern: "^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"},message:"must match pattern \""+"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"+"\"",schema:"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$",parentSchema:schema31.properties.runtime.properties.retry.properties.initial,data:data16};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
else {
const err28 = {instancePath:instancePath+"/runtime/retry/initial",schemaPath:"#/properties/runtime/properties/retry/properties/initial/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.runtime.properties.retry.properties.initial.type,parentSchema:schema31.properties.runtime.properties.retry.properties.initial,data:data16};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
let data17 = data13.max;
if(typeof data17 === "string"){
if(!pattern4.test(data17)){
const err29 = {instancePath:instancePath+"/runtime/retry/max",schemaPath:"#/properties/runtime/properties/retry/properties/max/pattern",keyword:"pattern",params:{pattern: "^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"},message:"must match pattern \""+"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"+"\"",schema:"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$",parentSchema:schema31.properties.runtime.properties.retry.properties.max,data:data17};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
else {
const err30 = {instancePath:instancePath+"/runtime/retry/max",schemaPath:"#/properties/runtime/properties/retry/properties/max/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.runtime.properties.retry.properties.max.type,parentSchema:schema31.properties.runtime.properties.retry.properties.max,data:data17};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
let data18 = data13.jitter;
if(typeof data18 !== "boolean"){
const err31 = {instancePath:instancePath+"/runtime/retry/jitter",schemaPath:"#/properties/runtime/properties/retry/properties/jitter/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema31.properties.runtime.properties.retry.properties.jitter.type,parentSchema:schema31.properties.runtime.properties.retry.properties.jitter,data:data18};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
else {
const err32 = {instancePath:instancePath+"/runtime/retry",schemaPath:"#/properties/runtime/properties/retry/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.runtime.properties.retry.type,parentSchema:schema31.properties.runtime.properties.retry,data:data13};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
let data19 = data10.shutdown_grace;
if(typeof data19 === "string"){
if(!pattern4.test(data19)){
const err33 = {instancePath:instancePath+"/runtime/shutdown_grace",schemaPath:"#/properties/runtime/properties/shutdown_grace/pattern",keyword:"pattern",params:{pattern: "^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"},message:"must match pattern \""+"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"+"\"",schema:"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$",parentSchema:schema31.properties.runtime.properties.shutdown_grace,data:data19};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
else {
const err34 = {instancePath:instancePath+"/runtime/shutdown_grace",schemaPath:"#/properties/runtime/properties/shutdown_grace/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.runtime.properties.shutdown_grace.type,parentSchema:schema31.properties.runtime.properties.shutdown_grace,data:data19};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
let data20 = data10.cleanup_interval;
if(typeof data20 === "string"){
if(!pattern4.test(data20)){
const err35 = {instancePath:instancePath+"/runtime/cleanup_interval",schemaPath:"#/properties/runtime/properties/cleanup_interval/pattern",keyword:"pattern",params:{pattern: "^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"},message:"must match pattern \""+"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"+"\"",schema:"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$",parentSchema:schema31.properties.runtime.properties.cleanup_interval,data:data20};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
else {
const err36 = {instancePath:instancePath+"/runtime/cleanup_interval",schemaPath:"#/properties/runtime/properties/cleanup_interval/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.runtime.properties.cleanup_interval.type,parentSchema:schema31.properties.runtime.properties.cleanup_interval,data:data20};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
else {
const err37 = {instancePath:instancePath+"/runtime",schemaPath:"#/properties/runtime/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.runtime.type,parentSchema:schema31.properties.runtime,data:data10};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
if(data.providers !== undefined){
let data21 = data.providers;
if(data21 && typeof data21 == "object" && !Array.isArray(data21)){
for(const key4 in data21){
let data22 = data21[key4];
if(data22 && typeof data22 == "object" && !Array.isArray(data22)){
if(data22.kind === undefined){
data22.kind = "openai";
}
if(data22.json_schema === undefined){
data22.json_schema = true;
}
if(data22.token_param === undefined){
data22.token_param = "max_tokens";
}
if(data22.base_url === undefined){
const err38 = {instancePath:instancePath+"/providers/" + key4.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/providers/additionalProperties/required",keyword:"required",params:{missingProperty: "base_url"},message:"must have required property '"+"base_url"+"'",schema:schema31.properties.providers.additionalProperties.required,parentSchema:schema31.properties.providers.additionalProperties,data:data22};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
if(data22.model === undefined){
const err39 = {instancePath:instancePath+"/providers/" + key4.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/providers/additionalProperties/required",keyword:"required",params:{missingProperty: "model"},message:"must have required property '"+"model"+"'",schema:schema31.properties.providers.additionalProperties.required,parentSchema:schema31.properties.providers.additionalProperties,data:data22};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
for(const key5 in data22){
if(!((((((((key5 === "kind") || (key5 === "base_url")) || (key5 === "api_key")) || (key5 === "model")) || (key5 === "json_schema")) || (key5 === "token_param")) || (key5 === "headers")) || (key5 === "capabilities"))){
const err40 = {instancePath:instancePath+"/providers/" + key4.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/providers/additionalProperties/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key5},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.providers.additionalProperties,data:data22};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
let data23 = data22.kind;
if(!(data23 === "openai")){
const err41 = {instancePath:instancePath+"/providers/" + key4.replace(/~/g, "~0").replace(/\//g, "~1")+"/kind",schemaPath:"#/properties/providers/additionalProperties/properties/kind/enum",keyword:"enum",params:{allowedValues: schema31.properties.providers.additionalProperties.properties.kind.enum},message:"must be equal to one of the allowed values",schema:schema31.properties.providers.additionalProperties.properties.kind.enum,parentSchema:schema31.properties.providers.additionalProperties.properties.kind,data:data23};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
if(data22.base_url !== undefined){
let data24 = data22.base_url;
if(typeof data24 !== "string"){
const err42 = {instancePath:instancePath+"/providers/" + key4.replace(/~/g, "~0").replace(/\//g, "~1")+"/base_url",schemaPath:"#/properties/providers/additionalProperties/properties/base_url/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.providers.additionalProperties.properties.base_url.type,parentSchema:schema31.properties.providers.additionalProperties.properties.base_url,data:data24};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
}
if(data22.api_key !== undefined){
let data25 = data22.api_key;
if(typeof data25 !== "string"){
const err43 = {instancePath:instancePath+"/providers/" + key4.replace(/~/g, "~0").replace(/\//g, "~1")+"/api_key",schemaPath:"#/properties/providers/additionalProperties/properties/api_key/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.providers.additionalProperties.properties.api_key.type,parentSchema:schema31.properties.providers.additionalProperties.properties.api_key,data:data25};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
}
if(data22.model !== undefined){
let data26 = data22.model;
if(typeof data26 !== "string"){
const err44 = {instancePath:instancePath+"/providers/" + key4.replace(/~/g, "~0").replace(/\//g, "~1")+"/model",schemaPath:"#/properties/providers/additionalProperties/properties/model/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.providers.additionalProperties.properties.model.type,parentSchema:schema31.properties.providers.additionalProperties.properties.model,data:data26};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
}
let data27 = data22.json_schema;
if(typeof data27 !== "boolean"){
const err45 = {instancePath:instancePath+"/providers/" + key4.replace(/~/g, "~0").replace(/\//g, "~1")+"/json_schema",schemaPath:"#/properties/providers/additionalProperties/properties/json_schema/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema31.properties.providers.additionalProperties.properties.json_schema.type,parentSchema:schema31.properties.providers.additionalProperties.properties.json_schema,data:data27};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
let data28 = data22.token_param;
if(!((data28 === "max_tokens") || (data28 === "max_completion_tokens"))){
const err46 = {instancePath:instancePath+"/providers/" + key4.replace(/~/g, "~0").replace(/\//g, "~1")+"/token_param",schemaPath:"#/properties/providers/additionalProperties/properties/token_param/enum",keyword:"enum",params:{allowedValues: schema31.properties.providers.additionalProperties.properties.token_param.enum},message:"must be equal to one of the allowed values",schema:schema31.properties.providers.additionalProperties.properties.token_param.enum,parentSchema:schema31.properties.providers.additionalProperties.properties.token_param,data:data28};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
if(data22.headers !== undefined){
let data29 = data22.headers;
if(data29 && typeof data29 == "object" && !Array.isArray(data29)){
for(const key6 in data29){
let data30 = data29[key6];
if(typeof data30 !== "string"){
const err47 = {instancePath:instancePath+"/providers/" + key4.replace(/~/g, "~0").replace(/\//g, "~1")+"/headers/" + key6.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/providers/additionalProperties/properties/headers/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.providers.additionalProperties.properties.headers.additionalProperties.type,parentSchema:schema31.properties.providers.additionalProperties.properties.headers.additionalProperties,data:data30};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
}
}
else {
const err48 = {instancePath:instancePath+"/providers/" + key4.replace(/~/g, "~0").replace(/\//g, "~1")+"/headers",schemaPath:"#/properties/providers/additionalProperties/properties/headers/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.providers.additionalProperties.properties.headers.type,parentSchema:schema31.properties.providers.additionalProperties.properties.headers,data:data29};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
}
if(data22.capabilities !== undefined){
let data31 = data22.capabilities;
if(data31 && typeof data31 == "object" && !Array.isArray(data31)){
for(const key7 in data31){
let data32 = data31[key7];
if(data32 && typeof data32 == "object" && !Array.isArray(data32)){
for(const key8 in data32){
if(!((key8 === "model") || (key8 === "temperature"))){
const err49 = {instancePath:instancePath+"/providers/" + key4.replace(/~/g, "~0").replace(/\//g, "~1")+"/capabilities/" + key7.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/providers/additionalProperties/properties/capabilities/additionalProperties/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key8},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.providers.additionalProperties.properties.capabilities.additionalProperties,data:data32};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
}
if(data32.model !== undefined){
let data33 = data32.model;
if(typeof data33 !== "string"){
const err50 = {instancePath:instancePath+"/providers/" + key4.replace(/~/g, "~0").replace(/\//g, "~1")+"/capabilities/" + key7.replace(/~/g, "~0").replace(/\//g, "~1")+"/model",schemaPath:"#/properties/providers/additionalProperties/properties/capabilities/additionalProperties/properties/model/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.providers.additionalProperties.properties.capabilities.additionalProperties.properties.model.type,parentSchema:schema31.properties.providers.additionalProperties.properties.capabilities.additionalProperties.properties.model,data:data33};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
}
if(data32.temperature !== undefined){
let data34 = data32.temperature;
if((typeof data34 == "number") && (isFinite(data34))){
if(data34 > 2 || isNaN(data34)){
const err51 = {instancePath:instancePath+"/providers/" + key4.replace(/~/g, "~0").replace(/\//g, "~1")+"/capabilities/" + key7.replace(/~/g, "~0").replace(/\//g, "~1")+"/temperature",schemaPath:"#/properties/providers/additionalProperties/properties/capabilities/additionalProperties/properties/temperature/maximum",keyword:"maximum",params:{comparison: "<=", limit: 2},message:"must be <= 2",schema:2,parentSchema:schema31.properties.providers.additionalProperties.properties.capabilities.additionalProperties.properties.temperature,data:data34};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
if(data34 < 0 || isNaN(data34)){
const err52 = {instancePath:instancePath+"/providers/" + key4.replace(/~/g, "~0").replace(/\//g, "~1")+"/capabilities/" + key7.replace(/~/g, "~0").replace(/\//g, "~1")+"/temperature",schemaPath:"#/properties/providers/additionalProperties/properties/capabilities/additionalProperties/properties/temperature/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema31.properties.providers.additionalProperties.properties.capabilities.additionalProperties.properties.temperature,data:data34};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
}
}
else {
const err53 = {instancePath:instancePath+"/providers/" + key4.replace(/~/g, "~0").replace(/\//g, "~1")+"/capabilities/" + key7.replace(/~/g, "~0").replace(/\//g, "~1")+"/temperature",schemaPath:"#/properties/providers/additionalProperties/properties/capabilities/additionalProperties/properties/temperature/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema31.properties.providers.additionalProperties.properties.capabilities.additionalProperties.properties.temperature.type,parentSchema:schema31.properties.providers.additionalProperties.properties.capabilities.additionalProperties.properties.temperature,data:data34};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
}
}
}
else {
const err54 = {instancePath:instancePath+"/providers/" + key4.replace(/~/g, "~0").replace(/\//g, "~1")+"/capabilities/" + key7.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/providers/additionalProperties/properties/capabilities/additionalProperties/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.providers.additionalProperties.properties.capabilities.additionalProperties.type,parentSchema:schema31.properties.providers.additionalProperties.properties.capabilities.additionalProperties,data:data32};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
}
}
else {
const err55 = {instancePath:instancePath+"/providers/" + key4.replace(/~/g, "~0").replace(/\//g, "~1")+"/capabilities",schemaPath:"#/properties/providers/additionalProperties/properties/capabilities/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.providers.additionalProperties.properties.capabilities.type,parentSchema:schema31.properties.providers.additionalProperties.properties.capabilities,data:data31};
if(vErrors === null){
vErrors = [err55];
}
else {
vErrors.push(err55);
}
errors++;
}
}
}
else {
const err56 = {instancePath:instancePath+"/providers/" + key4.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/providers/additionalProperties/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.providers.additionalProperties.type,parentSchema:schema31.properties.providers.additionalProperties,data:data22};
if(vErrors === null){
vErrors = [err56];
}
else {
vErrors.push(err56);
}
errors++;
}
}
}
else {
const err57 = {instancePath:instancePath+"/providers",schemaPath:"#/properties/providers/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.providers.type,parentSchema:schema31.properties.providers,data:data21};
if(vErrors === null){
vErrors = [err57];
}
else {
vErrors.push(err57);
}
errors++;
}
}
if(data.mcp_servers !== undefined){
let data35 = data.mcp_servers;
if(data35 && typeof data35 == "object" && !Array.isArray(data35)){
for(const key9 in data35){
let data36 = data35[key9];
if(data36 && typeof data36 == "object" && !Array.isArray(data36)){
if(Object.keys(data36).length < 1){
const err58 = {instancePath:instancePath+"/mcp_servers/" + key9.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/mcp_servers/additionalProperties/minProperties",keyword:"minProperties",params:{limit: 1},message:"must NOT have fewer than 1 properties",schema:1,parentSchema:schema31.properties.mcp_servers.additionalProperties,data:data36};
if(vErrors === null){
vErrors = [err58];
}
else {
vErrors.push(err58);
}
errors++;
}
for(const key10 in data36){
if(!(((((key10 === "command") || (key10 === "env")) || (key10 === "cwd")) || (key10 === "url")) || (key10 === "headers"))){
const err59 = {instancePath:instancePath+"/mcp_servers/" + key9.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/mcp_servers/additionalProperties/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key10},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.mcp_servers.additionalProperties,data:data36};
if(vErrors === null){
vErrors = [err59];
}
else {
vErrors.push(err59);
}
errors++;
}
}
if(data36.command !== undefined){
let data37 = data36.command;
if(Array.isArray(data37)){
if(data37.length < 1){
const err60 = {instancePath:instancePath+"/mcp_servers/" + key9.replace(/~/g, "~0").replace(/\//g, "~1")+"/command",schemaPath:"#/properties/mcp_servers/additionalProperties/properties/command/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items",schema:1,parentSchema:schema31.properties.mcp_servers.additionalProperties.properties.command,data:data37};
if(vErrors === null){
vErrors = [err60];
}
else {
vErrors.push(err60);
}
errors++;
}
const len0 = data37.length;
for(let i0=0; i0<len0; i0++){
let data38 = data37[i0];
if(typeof data38 !== "string"){
const err61 = {instancePath:instancePath+"/mcp_servers/" + key9.replace(/~/g, "~0").replace(/\//g, "~1")+"/command/" + i0,schemaPath:"#/properties/mcp_servers/additionalProperties/properties/command/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.mcp_servers.additionalProperties.properties.command.items.type,parentSchema:schema31.properties.mcp_servers.additionalProperties.properties.command.items,data:data38};
if(vErrors === null){
vErrors = [err61];
}
else {
vErrors.push(err61);
}
errors++;
}
}
}
else {
const err62 = {instancePath:instancePath+"/mcp_servers/" + key9.replace(/~/g, "~0").replace(/\//g, "~1")+"/command",schemaPath:"#/properties/mcp_servers/additionalProperties/properties/command/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema31.properties.mcp_servers.additionalProperties.properties.command.type,parentSchema:schema31.properties.mcp_servers.additionalProperties.properties.command,data:data37};
if(vErrors === null){
vErrors = [err62];
}
else {
vErrors.push(err62);
}
errors++;
}
}
if(data36.env !== undefined){
let data39 = data36.env;
if(data39 && typeof data39 == "object" && !Array.isArray(data39)){
for(const key11 in data39){
let data40 = data39[key11];
if(typeof data40 !== "string"){
const err63 = {instancePath:instancePath+"/mcp_servers/" + key9.replace(/~/g, "~0").replace(/\//g, "~1")+"/env/" + key11.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/mcp_servers/additionalProperties/properties/env/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.mcp_servers.additionalProperties.properties.env.additionalProperties.type,parentSchema:schema31.properties.mcp_servers.additionalProperties.properties.env.additionalProperties,data:data40};
if(vErrors === null){
vErrors = [err63];
}
else {
vErrors.push(err63);
}
errors++;
}
}
}
else {
const err64 = {instancePath:instancePath+"/mcp_servers/" + key9.replace(/~/g, "~0").replace(/\//g, "~1")+"/env",schemaPath:"#/properties/mcp_servers/additionalProperties/properties/env/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.mcp_servers.additionalProperties.properties.env.type,parentSchema:schema31.properties.mcp_servers.additionalProperties.properties.env,data:data39};
if(vErrors === null){
vErrors = [err64];
}
else {
vErrors.push(err64);
}
errors++;
}
}
if(data36.cwd !== undefined){
let data41 = data36.cwd;
if(typeof data41 !== "string"){
const err65 = {instancePath:instancePath+"/mcp_servers/" + key9.replace(/~/g, "~0").replace(/\//g, "~1")+"/cwd",schemaPath:"#/properties/mcp_servers/additionalProperties/properties/cwd/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.mcp_servers.additionalProperties.properties.cwd.type,parentSchema:schema31.properties.mcp_servers.additionalProperties.properties.cwd,data:data41};
if(vErrors === null){
vErrors = [err65];
}
else {
vErrors.push(err65);
}
errors++;
}
}
if(data36.url !== undefined){
let data42 = data36.url;
if(typeof data42 !== "string"){
const err66 = {instancePath:instancePath+"/mcp_servers/" + key9.replace(/~/g, "~0").replace(/\//g, "~1")+"/url",schemaPath:"#/properties/mcp_servers/additionalProperties/properties/url/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.mcp_servers.additionalProperties.properties.url.type,parentSchema:schema31.properties.mcp_servers.additionalProperties.properties.url,data:data42};
if(vErrors === null){
vErrors = [err66];
}
else {
vErrors.push(err66);
}
errors++;
}
}
if(data36.headers !== undefined){
let data43 = data36.headers;
if(data43 && typeof data43 == "object" && !Array.isArray(data43)){
for(const key12 in data43){
let data44 = data43[key12];
if(typeof data44 !== "string"){
const err67 = {instancePath:instancePath+"/mcp_servers/" + key9.replace(/~/g, "~0").replace(/\//g, "~1")+"/headers/" + key12.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/mcp_servers/additionalProperties/properties/headers/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.mcp_servers.additionalProperties.properties.headers.additionalProperties.type,parentSchema:schema31.properties.mcp_servers.additionalProperties.properties.headers.additionalProperties,data:data44};
if(vErrors === null){
vErrors = [err67];
}
else {
vErrors.push(err67);
}
errors++;
}
}
}
else {
const err68 = {instancePath:instancePath+"/mcp_servers/" + key9.replace(/~/g, "~0").replace(/\//g, "~1")+"/headers",schemaPath:"#/properties/mcp_servers/additionalProperties/properties/headers/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.mcp_servers.additionalProperties.properties.headers.type,parentSchema:schema31.properties.mcp_servers.additionalProperties.properties.headers,data:data43};
if(vErrors === null){
vErrors = [err68];
}
else {
vErrors.push(err68);
}
errors++;
}
}
}
else {
const err69 = {instancePath:instancePath+"/mcp_servers/" + key9.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/mcp_servers/additionalProperties/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.mcp_servers.additionalProperties.type,parentSchema:schema31.properties.mcp_servers.additionalProperties,data:data36};
if(vErrors === null){
vErrors = [err69];
}
else {
vErrors.push(err69);
}
errors++;
}
}
}
else {
const err70 = {instancePath:instancePath+"/mcp_servers",schemaPath:"#/properties/mcp_servers/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.mcp_servers.type,parentSchema:schema31.properties.mcp_servers,data:data35};
if(vErrors === null){
vErrors = [err70];
}
else {
vErrors.push(err70);
}
errors++;
}
}
if(data.monitoring !== undefined){
let data45 = data.monitoring;
if(data45 && typeof data45 == "object" && !Array.isArray(data45)){
if(data45.interval === undefined){
data45.interval = "30s";
}
if(data45.retention === undefined){
data45.retention = "24h";
}
for(const key13 in data45){
if(!((((key13 === "interval") || (key13 === "retention")) || (key13 === "thresholds")) || (key13 === "alerts"))){
const err71 = {instancePath:instancePath+"/monitoring",schemaPath:"#/properties/monitoring/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key13},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.monitoring,data:data45};
if(vErrors === null){
vErrors = [err71];
}
else {
vErrors.push(err71);
}
errors++;
}
}
let data46 = data45.interval;
if(typeof data46 === "string"){
if(!pattern4.test(data46)){
const err72 = {instancePath:instancePath+"/monitoring/interval",schemaPath:"#/properties/monitoring/properties/interval/pattern",keyword:"pattern",params:{pattern: "^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"},message:"must match pattern \""+"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"+"\"",schema:"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$",parentSchema:schema31.properties.monitoring.properties.interval,data:data46};
if(vErrors === null){
vErrors = [err72];
}
else {
vErrors.push(err72);
}
errors++;
}
}
else {
const err73 = {instancePath:instancePath+"/monitoring/interval",schemaPath:"#/properties/monitoring/properties/interval/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.monitoring.properties.interval.type,parentSchema:schema31.properties.monitoring.properties.interval,data:data46};
if(vErrors === null){
vErrors = [err73];
}
else {
vErrors.push(err73);
}
errors++;
}
let data47 = data45.retention;
if(typeof data47 === "string"){
if(!pattern4.test(data47)){
const err74 = {instancePath:instancePath+"/monitoring/retention",schemaPath:"#/properties/monitoring/properties/retention/pattern",keyword:"pattern",params:{pattern: "^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"},message:"must match pattern \""+"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"+"\"",schema:"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$",parentSchema:schema31.properties.monitoring.properties.retention,data:data47};
if(vErrors === null){
vErrors = [err74];
}
else {
vErrors.push(err74);
}
errors++;
}
}
else {
const err75 = {instancePath:instancePath+"/monitoring/retention",schemaPath:"#/properties/monitoring/properties/retention/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.monitoring.properties.retention.type,parentSchema:schema31.properties.monitoring.properties.retention,data:data47};
if(vErrors === null){
vErrors = [err75];
}
else {
vErrors.push(err75);
}
errors++;
}
if(data45.thresholds !== undefined){
let data48 = data45.thresholds;
if(data48 && typeof data48 == "object" && !Array.isArray(data48)){
for(const key14 in data48){
if(!((((((((key14 === "agent_failure_rate") || (key14 === "workflow_completion_time")) || (key14 === "knowledge_storage_rate")) || (key14 === "response_time")) || (key14 === "cpu_usage")) || (key14 === "memory_usage")) || (key14 === "disk_usage")) || (key14 === "queue_depth"))){
const err76 = {instancePath:instancePath+"/monitoring/thresholds",schemaPath:"#/properties/monitoring/properties/thresholds/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key14},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.monitoring.properties.thresholds,data:data48};
if(vErrors === null){
vErrors = [err76];
}
else {
vErrors.push(err76);
}
errors++;
}
}
if(data48.agent_failure_rate !== undefined){
let data49 = data48.agent_failure_rate;
if(data49 && typeof data49 == "object" && !Array.isArray(data49)){
for(const key15 in data49){
if(!((key15 === "warning") || (key15 === "critical"))){
const err77 = {instancePath:instancePath+"/monitoring/thresholds/agent_failure_rate",schemaPath:"#/properties/monitoring/properties/thresholds/properties/agent_failure_rate/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key15},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.monitoring.properties.thresholds.properties.agent_failure_rate,data:data49};
if(vErrors === null){
vErrors = [err77];
}
else {
vErrors.push(err77);
}
errors++;
}
}
if(data49.warning !== undefined){
let data50 = data49.warning;
if(!((typeof data50 == "number") && (isFinite(data50)))){
const err78 = {instancePath:instancePath+"/monitoring/thresholds/agent_failure_rate/warning",schemaPath:"#/properties/monitoring/properties/thresholds/properties/agent_failure_rate/properties/warning/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema31.properties.monitoring.properties.thresholds.properties.agent_failure_rate.properties.warning.type,parentSchema:schema31.properties.monitoring.properties.thresholds.properties.agent_failure_rate.properties.warning,data:data50};
if(vErrors === null){
vErrors = [err78];
}
else {
vErrors.push(err78);
}
errors++;
}
}
if(data49.critical !== undefined){
let data51 = data49.critical;
if(!((typeof data51 == "number") && (isFinite(data51)))){
const err79 = {instancePath:instancePath+"/monitoring/thresholds/agent_failure_rate/critical",schemaPath:"#/properties/monitoring/properties/thresholds/properties/agent_failure_rate/properties/critical/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema31.properties.monitoring.properties.thresholds.properties.agent_failure_rate.properties.critical.type,parentSchema:schema31.properties.monitoring.properties.thresholds.properties.agent_failure_rate.properties.critical,data:data51};
if(vErrors === null){
vErrors = [err79];
}
else {
vErrors.push(err79);
}
errors++;
}
}
}
else {
const err80 = {instancePath:instancePath+"/monitoring/thresholds/agent_failure_rate",schemaPath:"#/properties/monitoring/properties/thresholds/properties/agent_failure_rate/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.monitoring.properties.thresholds.properties.agent_failure_rate.type,parentSchema:schema31.properties.monitoring.properties.thresholds.properties.agent_failure_rate,data:data49};
if(vErrors === null){
vErrors = [err80];
}
else {
vErrors.push(err80);
}
errors++;
}
}
if(data48.workflow_completion_time !== undefined){
let data52 = data48.workflow_completion_time;
if(data52 && typeof data52 == "object" && !Array.isArray(data52)){
for(const key16 in data52){
if(!((key16 === "warning") || (key16 === "critical"))){
const err81 = {instancePath:instancePath+"/monitoring/thresholds/workflow_completion_time",schemaPath:"#/properties/monitoring/properties/thresholds/properties/workflow_completion_time/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key16},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.monitoring.properties.thresholds.properties.workflow_completion_time,data:data52};
if(vErrors === null){
vErrors = [err81];
}
else {
vErrors.push(err81);
}
errors++;
}
}
if(data52.warning !== undefined){
let data53 = data52.warning;
if(!((typeof data53 == "number") && (isFinite(data53)))){
const err82 = {instancePath:instancePath+"/monitoring/thresholds/workflow_completion_time/warning",schemaPath:"#/properties/monitoring/properties/thresholds/properties/workflow_completion_time/properties/warning/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema31.properties.monitoring.properties.thresholds.properties.workflow_completion_time.properties.warning.type,parentSchema:schema31.properties.monitoring.properties.thresholds.properties.workflow_completion_time.properties.warning,data:data53};
if(vErrors === null){
vErrors = [err82];
}
else {
vErrors.push(err82);
}
errors++;
}
}
if(data52.critical !== undefined){
let data54 = data52.critical;
if(!((typeof data54 == "number") && (isFinite(data54)))){
const err83 = {instancePath:instancePath+"/monitoring/thresholds/workflow_completion_time/critical",schemaPath:"#/properties/monitoring/properties/thresholds/properties/workflow_completion_time/properties/critical/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema31.properties.monitoring.properties.thresholds.properties.workflow_completion_time.properties.critical.type,parentSchema:schema31.properties.monitoring.properties.thresholds.properties.workflow_completion_time.properties.critical,data:data54};
if(vErrors === null){
vErrors = [err83];
}
else {
vErrors.push(err83);
}
errors++;
}
}
}
else {
const err84 = {instancePath:instancePath+"/monitoring/thresholds/workflow_completion_time",schemaPath:"#/properties/monitoring/properties/thresholds/properties/workflow_completion_time/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.monitoring.properties.thresholds.properties.workflow_completion_time.type,parentSchema:schema31.properties.monitoring.properties.thresholds.properties.workflow_completion_time,data:data52};
if(vErrors === null){
vErrors = [err84];
}
else {
vErrors.push(err84);
}
errors++;
}
}
if(data48.knowledge_storage_rate !== undefined){
let data55 = data48.knowledge_storage_rate;
if(data55 && typeof data55 == "object" && !Array.isArray(data55)){
for(const key17 in data55){
if(!((key17 === "warning") || (key17 === "critical"))){
const err85 = {instancePath:instancePath+"/monitoring/thresholds/knowledge_storage_rate",schemaPath:"#/properties/monitoring/properties/thresholds/properties/knowledge_storage_rate/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key17},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.monitoring.properties.thresholds.properties.knowledge_storage_rate,data:data55};
if(vErrors === null){
vErrors = [err85];
}
else {
vErrors.push(err85);
}
errors++;
}
}
if(data55.warning !== undefined){
let data56 = data55.warning;
if(!((typeof data56 == "number") && (isFinite(data56)))){
const err86 = {instancePath:instancePath+"/monitoring/thresholds/knowledge_storage_rate/warning",schemaPath:"#/properties/monitoring/properties/thresholds/properties/knowledge_storage_rate/properties/warning/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema31.properties.monitoring.properties.thresholds.properties.knowledge_storage_rate.properties.warning.type,parentSchema:schema31.properties.monitoring.properties.thresholds.properties.knowledge_storage_rate.properties.warning,data:data56};
if(vErrors === null){
vErrors = [err86];
}
else {
vErrors.push(err86);
}
errors++;
}
}
if(data55.critical !== undefined){
let data57 = data55.critical;
if(!((typeof data57 == "number") && (isFinite(data57)))){
const err87 = {instancePath:instancePath+"/monitoring/thresholds/knowledge_storage_rate/critical",schemaPath:"#/properties/monitoring/properties/thresholds/properties/knowledge_storage_rate/properties/critical/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema31.properties.monitoring.properties.thresholds.properties.knowledge_storage_rate.properties.critical.type,parentSchema:schema31.properties.monitoring.properties.thresholds.properties.knowledge_storage_rate.properties.critical,data:data57};
if(vErrors === null){
vErrors = [err87];
}
else {
vErrors.push(err87);
}
errors++;
}
}
}
else {
const err88 = {instancePath:instancePath+"/monitoring/thresholds/knowledge_storage_rate",schemaPath:"#/properties/monitoring/properties/thresholds/properties/knowledge_storage_rate/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.monitoring.properties.thresholds.properties.knowledge_storage_rate.type,parentSchema:schema31.properties.monitoring.properties.thresholds.properties.knowledge_storage_rate,data:data55};
if(vErrors === null){
vErrors = [err88];
}
else {
vErrors.push(err88);
}
errors++;
}
}
if(data48.response_time !== undefined){
let data58 = data48.response_time;
if(data58 && typeof data58 == "object" && !Array.isArray(data58)){
for(const key18 in data58){
if(!((key18 === "warning") || (key18 === "critical"))){
const err89 = {instancePath:instancePath+"/monitoring/thresholds/response_time",schemaPath:"#/properties/monitoring/properties/thresholds/properties/response_time/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key18},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.monitoring.properties.thresholds.properties.response_time,data:data58};
if(vErrors === null){
vErrors = [err89];
}
else {
vErrors.push(err89);
}
errors++;
}
}
if(data58.warning !== undefined){
let data59 = data58.warning;
if(!((typeof data59 == "number") && (isFinite(data59)))){
const err90 = {instancePath:instancePath+"/monitoring/thresholds/response_time/warning",schemaPath:"#/properties/monitoring/properties/thresholds/properties/response_time/properties/warning/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema31.properties.monitoring.properties.thresholds.properties.response_time.properties.warning.type,parentSchema:schema31.properties.monitoring.properties.thresholds.properties.response_time.properties.warning,data:data59};
if(vErrors === null){
vErrors = [err90];
}
else {
vErrors.push(err90);
}
errors++;
}
}
if(data58.critical !== undefined){
let data60 = data58.critical;
if(!((typeof data60 == "number") && (isFinite(data60)))){
const err91 = {instancePath:instancePath+"/monitoring/thresholds/response_time/critical",schemaPath:"#/properties/monitoring/properties/thresholds/properties/response_time/properties/critical/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema31.properties.monitoring.properties.thresholds.properties.response_time.properties.critical.type,parentSchema:schema31.properties.monitoring.properties.thresholds.properties.response_time.properties.critical,data:data60};
if(vErrors === null){
vErrors = [err91];
}
else {
vErrors.push(err91);
}
errors++;
}
}
}
else {
const err92 = {instancePath:instancePath+"/monitoring/thresholds/response_time",schemaPath:"#/properties/monitoring/properties/thresholds/properties/response_time/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.monitoring.properties.thresholds.properties.response_time.type,parentSchema:schema31.properties.monitoring.properties.thresholds.properties.response_time,data:data58};
if(vErrors === null){
vErrors = [err92];
}
else {
vErrors.push(err92);
}
errors++;
}
}
if(data48.cpu_usage !== undefined){
let data61 = data48.cpu_usage;
if(data61 && typeof data61 == "object" && !Array.isArray(data61)){
for(const key19 in data61){
if(!((key19 === "warning") || (key19 === "critical"))){
const err93 = {instancePath:instancePath+"/monitoring/thresholds/cpu_usage",schemaPath:"#/properties/monitoring/properties/thresholds/properties/cpu_usage/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key19},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.monitoring.properties.thresholds.properties.cpu_usage,data:data61};
if(vErrors === null){
vErrors = [err93];
}
else {
vErrors.push(err93);
}
errors++;
}
}
if(data61.warning !== undefined){
let data62 = data61.warning;
if(!((typeof data62 == "number") && (isFinite(data62)))){
const err94 = {instancePath:instancePath+"/monitoring/thresholds/cpu_usage/warning",schemaPath:"#/properties/monitoring/properties/thresholds/properties/cpu_usage/properties/warning/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema31.properties.monitoring.properties.thresholds.properties.cpu_usage.properties.warning.type,parentSchema:schema31.properties.monitoring.properties.thresholds.properties.cpu_usage.properties.warning,data:data62};
if(vErrors === null){
vErrors = [err94];
}
else {
vErrors.push(err94);
}
errors++;
}
}
if(data61.critical !== undefined){
let data63 = data61.critical;
if(!((typeof data63 == "number") && (isFinite(data63)))){
const err95 = {instancePath:instancePath+"/monitoring/thresholds/cpu_usage/critical",schemaPath:"#/properties/monitoring/properties/thresholds/properties/cpu_usage/properties/critical/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema31.properties.monitoring.properties.thresholds.properties.cpu_usage.properties.critical.type,parentSchema:schema31.properties.monitoring.properties.thresholds.properties.cpu_usage.properties.critical,data:data63};
if(vErrors === null){
vErrors = [err95];
}
else {
vErrors.push(err95);
}
errors++;
}
}
}
else {
const err96 = {instancePath:instancePath+"/monitoring/thresholds/cpu_usage",schemaPath:"#/properties/monitoring/properties/thresholds/properties/cpu_usage/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.monitoring.properties.thresholds.properties.cpu_usage.type,parentSchema:schema31.properties.monitoring.properties.thresholds.properties.cpu_usage,data:data61};
if(vErrors === null){
vErrors = [err96];
}
else {
vErrors.push(err96);
}
errors++;
}
}
if(data48.memory_usage !== undefined){
let data64 = data48.memory_usage;
if(data64 && typeof data64 == "object" && !Array.isArray(data64)){
for(const key20 in data64){
if(!((key20 === "warning") || (key20 === "critical"))){
const err97 = {instancePath:instancePath+"/monitoring/thresholds/memory_usage",schemaPath:"#/properties/monitoring/properties/thresholds/properties/memory_usage/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key20},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.monitoring.properties.thresholds.properties.memory_usage,data:data64};
if(vErrors === null){
vErrors = [err97];
}
else {
vErrors.push(err97);
}
errors++;
}
}
if(data64.warning !== undefined){
let data65 = data64.warning;
if(!((typeof data65 == "number") && (isFinite(data65)))){
const err98 = {instancePath:instancePath+"/monitoring/thresholds/memory_usage/warning",schemaPath:"#/properties/monitoring/properties/thresholds/properties/memory_usage/properties/warning/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema31.properties.monitoring.properties.thresholds.properties.memory_usage.properties.warning.type,parentSchema:schema31.properties.monitoring.properties.thresholds.properties.memory_usage.properties.warning,data:data65};
if(vErrors === null){
vErrors = [err98];
}
else {
vErrors.push(err98);
}
errors++;
}
}
if(data64.critical !== undefined){
let data66 = data64.critical;
if(!((typeof data66 == "number") && (isFinite(data66)))){
const err99 = {instancePath:instancePath+"/monitoring/thresholds/memory_usage/critical",schemaPath:"#/properties/monitoring/properties/thresholds/properties/memory_usage/properties/critical/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema31.properties.monitoring.properties.thresholds.properties.memory_usage.properties.critical.type,parentSchema:schema31.properties.monitoring.properties.thresholds.properties.memory_usage.properties.critical,data:data66};
if(vErrors === null){
vErrors = [err99];
}
else {
vErrors.push(err99);
}
errors++;
}
}
}
else {
const err100 = {instancePath:instancePath+"/monitoring/thresholds/memory_usage",schemaPath:"#/properties/monitoring/properties/thresholds/properties/memory_usage/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.monitoring.properties.thresholds.properties.memory_usage.type,parentSchema:schema31.properties.monitoring.properties.thresholds.properties.memory_usage,data:data64};
if(vErrors === null){
vErrors = [err100];
}
else {
vErrors.push(err100);
}
errors++;
}
}
if(data48.disk_usage !== undefined){
let data67 = data48.disk_usage;
if(data67 && typeof data67 == "object" && !Array.isArray(data67)){
for(const key21 in data67){
if(!((key21 === "warning") || (key21 === "critical"))){
const err101 = {instancePath:instancePath+"/monitoring/thresholds/disk_usage",schemaPath:"#/properties/monitoring/properties/thresholds/properties/disk_usage/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key21},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.monitoring.properties.thresholds.properties.disk_usage,data:data67};
if(vErrors === null){
vErrors = [err101];
}
else {
vErrors.push(err101);
}
errors++;
}
}
if(data67.warning !== undefined){
let data68 = data67.warning;
if(!((typeof data68 == "number") && (isFinite(data68)))){
const err102 = {instancePath:instancePath+"/monitoring/thresholds/disk_usage/warning",schemaPath:"#/properties/monitoring/properties/thresholds/properties/disk_usage/properties/warning/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema31.properties.monitoring.properties.thresholds.properties.disk_usage.properties.warning.type,parentSchema:schema31.properties.monitoring.properties.thresholds.properties.disk_usage.properties.warning,data:data68};
if(vErrors === null){
vErrors = [err102];
}
else {
vErrors.push(err102);
}
errors++;
}
}
if(data67.critical !== undefined){
let data69 = data67.critical;
if(!((typeof data69 == "number") && (isFinite(data69)))){
const err103 = {instancePath:instancePath+"/monitoring/thresholds/disk_usage/critical",schemaPath:"#/properties/monitoring/properties/thresholds/properties/disk_usage/properties/critical/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema31.properties.monitoring.properties.thresholds.properties.disk_usage.properties.critical.type,parentSchema:schema31.properties.monitoring.properties.thresholds.properties.disk_usage.properties.critical,data:data69};
if(vErrors === null){
vErrors = [err103];
}
else {
vErrors.push(err103);
}
errors++;
}
}
}
else {
const err104 = {instancePath:instancePath+"/monitoring/thresholds/disk_usage",schemaPath:"#/properties/monitoring/properties/thresholds/properties/disk_usage/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.monitoring.properties.thresholds.properties.disk_usage.type,parentSchema:schema31.properties.monitoring.properties.thresholds.properties.disk_usage,data:data67};
if(vErrors === null){
vErrors = [err104];
}
else {
vErrors.push(err104);
}
errors++;
}
}
if(data48.queue_depth !== undefined){
let data70 = data48.queue_depth;
if(data70 && typeof data70 == "object" && !Array.isArray(data70)){
for(const key22 in data70){
if(!((key22 === "warning") || (key22 === "critical"))){
const err105 = {instancePath:instancePath+"/monitoring/thresholds/queue_depth",schemaPath:"#/properties/monitoring/properties/thresholds/properties/queue_depth/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key22},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.monitoring.properties.thresholds.properties.queue_depth,data:data70};
if(vErrors === null){
vErrors = [err105];
}
else {
vErrors.push(err105);
}
errors++;
}
}
if(data70.warning !== undefined){
let data71 = data70.warning;
if(!((typeof data71 == "number") && (isFinite(data71)))){
const err106 = {instancePath:instancePath+"/monitoring/thresholds/queue_depth/warning",schemaPath:"#/properties/monitoring/properties/thresholds/properties/queue_depth/properties/warning/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema31.properties.monitoring.properties.thresholds.properties.queue_depth.properties.warning.type,parentSchema:schema31.properties.monitoring.properties.thresholds.properties.queue_depth.properties.warning,data:data71};
if(vErrors === null){
vErrors = [err106];
}
else {
vErrors.push(err106);
}
errors++;
}
}
if(data70.critical !== undefined){
let data72 = data70.critical;
if(!((typeof data72 == "number") && (isFinite(data72)))){
const err107 = {instancePath:instancePath+"/monitoring/thresholds/queue_depth/critical",schemaPath:"#/properties/monitoring/properties/thresholds/properties/queue_depth/properties/critical/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema31.properties.monitoring.properties.thresholds.properties.queue_depth.properties.critical.type,parentSchema:schema31.properties.monitoring.properties.thresholds.properties.queue_depth.properties.critical,data:data72};
if(vErrors === null){
vErrors = [err107];
}
else {
vErrors.push(err107);
}
errors++;
}
}
}
else {
const err108 = {instancePath:instancePath+"/monitoring/thresholds/queue_depth",schemaPath:"#/properties/monitoring/properties/thresholds/properties/queue_depth/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.monitoring.properties.thresholds.properties.queue_depth.type,parentSchema:schema31.properties.monitoring.properties.thresholds.properties.queue_depth,data:data70};
if(vErrors === null){
vErrors = [err108];
}
else {
vErrors.push(err108);
}
errors++;
}
}
}
else {
const err109 = {instancePath:instancePath+"/monitoring/thresholds",schemaPath:"#/properties/monitoring/properties/thresholds/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.monitoring.properties.thresholds.type,parentSchema:schema31.properties.monitoring.properties.thresholds,data:data48};
if(vErrors === null){
vErrors = [err109];
}
else {
vErrors.push(err109);
}
errors++;
}
}
if(data45.alerts !== undefined){
let data73 = data45.alerts;
if(Array.isArray(data73)){
const len1 = data73.length;
for(let i1=0; i1<len1; i1++){
let data74 = data73[i1];
if(data74 && typeof data74 == "object" && !Array.isArray(data74)){
if(data74.http === undefined){
const err110 = {instancePath:instancePath+"/monitoring/alerts/" + i1,schemaPath:"#/properties/monitoring/properties/alerts/items/required",keyword:"required",params:{missingProperty: "http"},message:"must have required property '"+"http"+"'",schema:schema31.properties.monitoring.properties.alerts.items.required,parentSchema:schema31.properties.monitoring.properties.alerts.items,data:data74};
if(vErrors === null){
vErrors = [err110];
}
else {
vErrors.push(err110);
}
errors++;
}
for(const key23 in data74){
if(!(key23 === "http")){
const err111 = {instancePath:instancePath+"/monitoring/alerts/" + i1,schemaPath:"#/properties/monitoring/properties/alerts/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key23},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.monitoring.properties.alerts.items,data:data74};
if(vErrors === null){
vErrors = [err111];
}
else {
vErrors.push(err111);
}
errors++;
}
}
if(data74.http !== undefined){
let data75 = data74.http;
if(data75 && typeof data75 == "object" && !Array.isArray(data75)){
if(data75.url === undefined){
const err112 = {instancePath:instancePath+"/monitoring/alerts/" + i1+"/http",schemaPath:"#/properties/monitoring/properties/alerts/items/properties/http/required",keyword:"required",params:{missingProperty: "url"},message:"must have required property '"+"url"+"'",schema:schema31.properties.monitoring.properties.alerts.items.properties.http.required,parentSchema:schema31.properties.monitoring.properties.alerts.items.properties.http,data:data75};
if(vErrors === null){
vErrors = [err112];
}
else {
vErrors.push(err112);
}
errors++;
}
for(const key24 in data75){
if(!((key24 === "url") || (key24 === "headers"))){
const err113 = {instancePath:instancePath+"/monitoring/alerts/" + i1+"/http",schemaPath:"#/properties/monitoring/properties/alerts/items/properties/http/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key24},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.monitoring.properties.alerts.items.properties.http,data:data75};
if(vErrors === null){
vErrors = [err113];
}
else {
vErrors.push(err113);
}
errors++;
}
}
if(data75.url !== undefined){
let data76 = data75.url;
if(typeof data76 !== "string"){
const err114 = {instancePath:instancePath+"/monitoring/alerts/" + i1+"/http/url",schemaPath:"#/properties/monitoring/properties/alerts/items/properties/http/properties/url/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.monitoring.properties.alerts.items.properties.http.properties.url.type,parentSchema:schema31.properties.monitoring.properties.alerts.items.properties.http.properties.url,data:data76};
if(vErrors === null){
vErrors = [err114];
}
else {
vErrors.push(err114);
}
errors++;
}
}
if(data75.headers !== undefined){
let data77 = data75.headers;
if(data77 && typeof data77 == "object" && !Array.isArray(data77)){
for(const key25 in data77){
let data78 = data77[key25];
if(typeof data78 !== "string"){
const err115 = {instancePath:instancePath+"/monitoring/alerts/" + i1+"/http/headers/" + key25.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/monitoring/properties/alerts/items/properties/http/properties/headers/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.monitoring.properties.alerts.items.properties.http.properties.headers.additionalProperties.type,parentSchema:schema31.properties.monitoring.properties.alerts.items.properties.http.properties.headers.additionalProperties,data:data78};
if(vErrors === null){
vErrors = [err115];
}
else {
vErrors.push(err115);
}
errors++;
}
}
}
else {
const err116 = {instancePath:instancePath+"/monitoring/alerts/" + i1+"/http/headers",schemaPath:"#/properties/monitoring/properties/alerts/items/properties/http/properties/headers/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.monitoring.properties.alerts.items.properties.http.properties.headers.type,parentSchema:schema31.properties.monitoring.properties.alerts.items.properties.http.properties.headers,data:data77};
if(vErrors === null){
vErrors = [err116];
}
else {
vErrors.push(err116);
}
errors++;
}
}
}
else {
const err117 = {instancePath:instancePath+"/monitoring/alerts/" + i1+"/http",schemaPath:"#/properties/monitoring/properties/alerts/items/properties/http/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.monitoring.properties.alerts.items.properties.http.type,parentSchema:schema31.properties.monitoring.properties.alerts.items.properties.http,data:data75};
if(vErrors === null){
vErrors = [err117];
}
else {
vErrors.push(err117);
}
errors++;
}
}
}
else {
const err118 = {instancePath:instancePath+"/monitoring/alerts/" + i1,schemaPath:"#/properties/monitoring/properties/alerts/items/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.monitoring.properties.alerts.items.type,parentSchema:schema31.properties.monitoring.properties.alerts.items,data:data74};
if(vErrors === null){
vErrors = [err118];
}
else {
vErrors.push(err118);
}
errors++;
}
}
}
else {
const err119 = {instancePath:instancePath+"/monitoring/alerts",schemaPath:"#/properties/monitoring/properties/alerts/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema31.properties.monitoring.properties.alerts.type,parentSchema:schema31.properties.monitoring.properties.alerts,data:data73};
if(vErrors === null){
vErrors = [err119];
}
else {
vErrors.push(err119);
}
errors++;
}
}
}
else {
const err120 = {instancePath:instancePath+"/monitoring",schemaPath:"#/properties/monitoring/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.monitoring.type,parentSchema:schema31.properties.monitoring,data:data45};
if(vErrors === null){
vErrors = [err120];
}
else {
vErrors.push(err120);
}
errors++;
}
}
if(data.http !== undefined){
let data79 = data.http;
if(data79 && typeof data79 == "object" && !Array.isArray(data79)){
if(data79.listen === undefined){
data79.listen = "127.0.0.1:8000";
}
if(data79.rate_limit === undefined){
data79.rate_limit = 100;
}
if(data79.body_limit === undefined){
data79.body_limit = 1048576;
}
if(data79.auth === undefined){
data79.auth = "key";
}
if(data79.headers_timeout === undefined){
data79.headers_timeout = "10s";
}
if(data79.request_timeout === undefined){
data79.request_timeout = "30s";
}
if(data79.idle_timeout === undefined){
data79.idle_timeout = "5s";
}
if(data79.max_depth === undefined){
data79.max_depth = 64;
}
for(const key26 in data79){
if(!(func1.call(schema31.properties.http.properties, key26))){
const err121 = {instancePath:instancePath+"/http",schemaPath:"#/properties/http/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key26},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.http,data:data79};
if(vErrors === null){
vErrors = [err121];
}
else {
vErrors.push(err121);
}
errors++;
}
}
let data80 = data79.listen;
if(typeof data80 !== "string"){
const err122 = {instancePath:instancePath+"/http/listen",schemaPath:"#/properties/http/properties/listen/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.http.properties.listen.type,parentSchema:schema31.properties.http.properties.listen,data:data80};
if(vErrors === null){
vErrors = [err122];
}
else {
vErrors.push(err122);
}
errors++;
}
if(data79.api_key !== undefined){
let data81 = data79.api_key;
if(typeof data81 !== "string"){
const err123 = {instancePath:instancePath+"/http/api_key",schemaPath:"#/properties/http/properties/api_key/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.http.properties.api_key.type,parentSchema:schema31.properties.http.properties.api_key,data:data81};
if(vErrors === null){
vErrors = [err123];
}
else {
vErrors.push(err123);
}
errors++;
}
}
let data82 = data79.rate_limit;
if(!(((typeof data82 == "number") && (!(data82 % 1) && !isNaN(data82))) && (isFinite(data82)))){
const err124 = {instancePath:instancePath+"/http/rate_limit",schemaPath:"#/properties/http/properties/rate_limit/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.http.properties.rate_limit.type,parentSchema:schema31.properties.http.properties.rate_limit,data:data82};
if(vErrors === null){
vErrors = [err124];
}
else {
vErrors.push(err124);
}
errors++;
}
if((typeof data82 == "number") && (isFinite(data82))){
if(data82 < 1 || isNaN(data82)){
const err125 = {instancePath:instancePath+"/http/rate_limit",schemaPath:"#/properties/http/properties/rate_limit/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema31.properties.http.properties.rate_limit,data:data82};
if(vErrors === null){
vErrors = [err125];
}
else {
vErrors.push(err125);
}
errors++;
}
}
let data83 = data79.body_limit;
if(!(((typeof data83 == "number") && (!(data83 % 1) && !isNaN(data83))) && (isFinite(data83)))){
const err126 = {instancePath:instancePath+"/http/body_limit",schemaPath:"#/properties/http/properties/body_limit/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.http.properties.body_limit.type,parentSchema:schema31.properties.http.properties.body_limit,data:data83};
if(vErrors === null){
vErrors = [err126];
}
else {
vErrors.push(err126);
}
errors++;
}
if((typeof data83 == "number") && (isFinite(data83))){
if(data83 < 1024 || isNaN(data83)){
const err127 = {instancePath:instancePath+"/http/body_limit",schemaPath:"#/properties/http/properties/body_limit/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1024},message:"must be >= 1024",schema:1024,parentSchema:schema31.properties.http.properties.body_limit,data:data83};
if(vErrors === null){
vErrors = [err127];
}
else {
vErrors.push(err127);
}
errors++;
}
}
let data84 = data79.auth;
if(!((data84 === "key") || (data84 === "none"))){
const err128 = {instancePath:instancePath+"/http/auth",schemaPath:"#/properties/http/properties/auth/enum",keyword:"enum",params:{allowedValues: schema31.properties.http.properties.auth.enum},message:"must be equal to one of the allowed values",schema:schema31.properties.http.properties.auth.enum,parentSchema:schema31.properties.http.properties.auth,data:data84};
if(vErrors === null){
vErrors = [err128];
}
else {
vErrors.push(err128);
}
errors++;
}
if(data79.max_connections !== undefined){
let data85 = data79.max_connections;
if(!(((typeof data85 == "number") && (!(data85 % 1) && !isNaN(data85))) && (isFinite(data85)))){
const err129 = {instancePath:instancePath+"/http/max_connections",schemaPath:"#/properties/http/properties/max_connections/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.http.properties.max_connections.type,parentSchema:schema31.properties.http.properties.max_connections,data:data85};
if(vErrors === null){
vErrors = [err129];
}
else {
vErrors.push(err129);
}
errors++;
}
if((typeof data85 == "number") && (isFinite(data85))){
if(data85 < 1 || isNaN(data85)){
const err130 = {instancePath:instancePath+"/http/max_connections",schemaPath:"#/properties/http/properties/max_connections/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema31.properties.http.properties.max_connections,data:data85};
if(vErrors === null){
vErrors = [err130];
}
else {
vErrors.push(err130);
}
errors++;
}
}
}
let data86 = data79.headers_timeout;
if(typeof data86 === "string"){
if(!pattern4.test(data86)){
const err131 = {instancePath:instancePath+"/http/headers_timeout",schemaPath:"#/properties/http/properties/headers_timeout/pattern",keyword:"pattern",params:{pattern: "^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"},message:"must match pattern \""+"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"+"\"",schema:"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$",parentSchema:schema31.properties.http.properties.headers_timeout,data:data86};
if(vErrors === null){
vErrors = [err131];
}
else {
vErrors.push(err131);
}
errors++;
}
}
else {
const err132 = {instancePath:instancePath+"/http/headers_timeout",schemaPath:"#/properties/http/properties/headers_timeout/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.http.properties.headers_timeout.type,parentSchema:schema31.properties.http.properties.headers_timeout,data:data86};
if(vErrors === null){
vErrors = [err132];
}
else {
vErrors.push(err132);
}
errors++;
}
let data87 = data79.request_timeout;
if(typeof data87 === "string"){
if(!pattern4.test(data87)){
const err133 = {instancePath:instancePath+"/http/request_timeout",schemaPath:"#/properties/http/properties/request_timeout/pattern",keyword:"pattern",params:{pattern: "^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"},message:"must match pattern \""+"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"+"\"",schema:"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$",parentSchema:schema31.properties.http.properties.request_timeout,data:data87};
if(vErrors === null){
vErrors = [err133];
}
else {
vErrors.push(err133);
}
errors++;
}
}
else {
const err134 = {instancePath:instancePath+"/http/request_timeout",schemaPath:"#/properties/http/properties/request_timeout/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.http.properties.request_timeout.type,parentSchema:schema31.properties.http.properties.request_timeout,data:data87};
if(vErrors === null){
vErrors = [err134];
}
else {
vErrors.push(err134);
}
errors++;
}
let data88 = data79.idle_timeout;
if(typeof data88 === "string"){
if(!pattern4.test(data88)){
const err135 = {instancePath:instancePath+"/http/idle_timeout",schemaPath:"#/properties/http/properties/idle_timeout/pattern",keyword:"pattern",params:{pattern: "^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"},message:"must match pattern \""+"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"+"\"",schema:"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$",parentSchema:schema31.properties.http.properties.idle_timeout,data:data88};
if(vErrors === null){
vErrors = [err135];
}
else {
vErrors.push(err135);
}
errors++;
}
}
else {
const err136 = {instancePath:instancePath+"/http/idle_timeout",schemaPath:"#/properties/http/properties/idle_timeout/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.http.properties.idle_timeout.type,parentSchema:schema31.properties.http.properties.idle_timeout,data:data88};
if(vErrors === null){
vErrors = [err136];
}
else {
vErrors.push(err136);
}
errors++;
}
let data89 = data79.max_depth;
if(!(((typeof data89 == "number") && (!(data89 % 1) && !isNaN(data89))) && (isFinite(data89)))){
const err137 = {instancePath:instancePath+"/http/max_depth",schemaPath:"#/properties/http/properties/max_depth/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.http.properties.max_depth.type,parentSchema:schema31.properties.http.properties.max_depth,data:data89};
if(vErrors === null){
vErrors = [err137];
}
else {
vErrors.push(err137);
}
errors++;
}
if((typeof data89 == "number") && (isFinite(data89))){
if(data89 > 1000 || isNaN(data89)){
const err138 = {instancePath:instancePath+"/http/max_depth",schemaPath:"#/properties/http/properties/max_depth/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1000},message:"must be <= 1000",schema:1000,parentSchema:schema31.properties.http.properties.max_depth,data:data89};
if(vErrors === null){
vErrors = [err138];
}
else {
vErrors.push(err138);
}
errors++;
}
if(data89 < 1 || isNaN(data89)){
const err139 = {instancePath:instancePath+"/http/max_depth",schemaPath:"#/properties/http/properties/max_depth/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema31.properties.http.properties.max_depth,data:data89};
if(vErrors === null){
vErrors = [err139];
}
else {
vErrors.push(err139);
}
errors++;
}
}
if(data79.sse !== undefined){
let data90 = data79.sse;
if(data90 && typeof data90 == "object" && !Array.isArray(data90)){
if(data90.max_streams === undefined){
data90.max_streams = 32;
}
if(data90.heartbeat === undefined){
data90.heartbeat = "15s";
}
if(data90.max_buffered_bytes === undefined){
data90.max_buffered_bytes = 1048576;
}
if(data90.replay === undefined){
data90.replay = 10000;
}
for(const key27 in data90){
if(!((((key27 === "max_streams") || (key27 === "heartbeat")) || (key27 === "max_buffered_bytes")) || (key27 === "replay"))){
const err140 = {instancePath:instancePath+"/http/sse",schemaPath:"#/properties/http/properties/sse/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key27},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.http.properties.sse,data:data90};
if(vErrors === null){
vErrors = [err140];
}
else {
vErrors.push(err140);
}
errors++;
}
}
let data91 = data90.max_streams;
if(!(((typeof data91 == "number") && (!(data91 % 1) && !isNaN(data91))) && (isFinite(data91)))){
const err141 = {instancePath:instancePath+"/http/sse/max_streams",schemaPath:"#/properties/http/properties/sse/properties/max_streams/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.http.properties.sse.properties.max_streams.type,parentSchema:schema31.properties.http.properties.sse.properties.max_streams,data:data91};
if(vErrors === null){
vErrors = [err141];
}
else {
vErrors.push(err141);
}
errors++;
}
if((typeof data91 == "number") && (isFinite(data91))){
if(data91 > 10000 || isNaN(data91)){
const err142 = {instancePath:instancePath+"/http/sse/max_streams",schemaPath:"#/properties/http/properties/sse/properties/max_streams/maximum",keyword:"maximum",params:{comparison: "<=", limit: 10000},message:"must be <= 10000",schema:10000,parentSchema:schema31.properties.http.properties.sse.properties.max_streams,data:data91};
if(vErrors === null){
vErrors = [err142];
}
else {
vErrors.push(err142);
}
errors++;
}
if(data91 < 1 || isNaN(data91)){
const err143 = {instancePath:instancePath+"/http/sse/max_streams",schemaPath:"#/properties/http/properties/sse/properties/max_streams/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema31.properties.http.properties.sse.properties.max_streams,data:data91};
if(vErrors === null){
vErrors = [err143];
}
else {
vErrors.push(err143);
}
errors++;
}
}
let data92 = data90.heartbeat;
if(typeof data92 === "string"){
if(!pattern4.test(data92)){
const err144 = {instancePath:instancePath+"/http/sse/heartbeat",schemaPath:"#/properties/http/properties/sse/properties/heartbeat/pattern",keyword:"pattern",params:{pattern: "^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"},message:"must match pattern \""+"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"+"\"",schema:"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$",parentSchema:schema31.properties.http.properties.sse.properties.heartbeat,data:data92};
if(vErrors === null){
vErrors = [err144];
}
else {
vErrors.push(err144);
}
errors++;
}
}
else {
const err145 = {instancePath:instancePath+"/http/sse/heartbeat",schemaPath:"#/properties/http/properties/sse/properties/heartbeat/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.http.properties.sse.properties.heartbeat.type,parentSchema:schema31.properties.http.properties.sse.properties.heartbeat,data:data92};
if(vErrors === null){
vErrors = [err145];
}
else {
vErrors.push(err145);
}
errors++;
}
let data93 = data90.max_buffered_bytes;
if(!(((typeof data93 == "number") && (!(data93 % 1) && !isNaN(data93))) && (isFinite(data93)))){
const err146 = {instancePath:instancePath+"/http/sse/max_buffered_bytes",schemaPath:"#/properties/http/properties/sse/properties/max_buffered_bytes/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.http.properties.sse.properties.max_buffered_bytes.type,parentSchema:schema31.properties.http.properties.sse.properties.max_buffered_bytes,data:data93};
if(vErrors === null){
vErrors = [err146];
}
else {
vErrors.push(err146);
}
errors++;
}
if((typeof data93 == "number") && (isFinite(data93))){
if(data93 > 268435456 || isNaN(data93)){
const err147 = {instancePath:instancePath+"/http/sse/max_buffered_bytes",schemaPath:"#/properties/http/properties/sse/properties/max_buffered_bytes/maximum",keyword:"maximum",params:{comparison: "<=", limit: 268435456},message:"must be <= 268435456",schema:268435456,parentSchema:schema31.properties.http.properties.sse.properties.max_buffered_bytes,data:data93};
if(vErrors === null){
vErrors = [err147];
}
else {
vErrors.push(err147);
}
errors++;
}
if(data93 < 16384 || isNaN(data93)){
const err148 = {instancePath:instancePath+"/http/sse/max_buffered_bytes",schemaPath:"#/properties/http/properties/sse/properties/max_buffered_bytes/minimum",keyword:"minimum",params:{comparison: ">=", limit: 16384},message:"must be >= 16384",schema:16384,parentSchema:schema31.properties.http.properties.sse.properties.max_buffered_bytes,data:data93};
if(vErrors === null){
vErrors = [err148];
}
else {
vErrors.push(err148);
}
errors++;
}
}
let data94 = data90.replay;
if(!(((typeof data94 == "number") && (!(data94 % 1) && !isNaN(data94))) && (isFinite(data94)))){
const err149 = {instancePath:instancePath+"/http/sse/replay",schemaPath:"#/properties/http/properties/sse/properties/replay/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.http.properties.sse.properties.replay.type,parentSchema:schema31.properties.http.properties.sse.properties.replay,data:data94};
if(vErrors === null){
vErrors = [err149];
}
else {
vErrors.push(err149);
}
errors++;
}
if((typeof data94 == "number") && (isFinite(data94))){
if(data94 > 1000000 || isNaN(data94)){
const err150 = {instancePath:instancePath+"/http/sse/replay",schemaPath:"#/properties/http/properties/sse/properties/replay/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1000000},message:"must be <= 1000000",schema:1000000,parentSchema:schema31.properties.http.properties.sse.properties.replay,data:data94};
if(vErrors === null){
vErrors = [err150];
}
else {
vErrors.push(err150);
}
errors++;
}
if(data94 < 100 || isNaN(data94)){
const err151 = {instancePath:instancePath+"/http/sse/replay",schemaPath:"#/properties/http/properties/sse/properties/replay/minimum",keyword:"minimum",params:{comparison: ">=", limit: 100},message:"must be >= 100",schema:100,parentSchema:schema31.properties.http.properties.sse.properties.replay,data:data94};
if(vErrors === null){
vErrors = [err151];
}
else {
vErrors.push(err151);
}
errors++;
}
}
}
else {
const err152 = {instancePath:instancePath+"/http/sse",schemaPath:"#/properties/http/properties/sse/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.http.properties.sse.type,parentSchema:schema31.properties.http.properties.sse,data:data90};
if(vErrors === null){
vErrors = [err152];
}
else {
vErrors.push(err152);
}
errors++;
}
}
}
else {
const err153 = {instancePath:instancePath+"/http",schemaPath:"#/properties/http/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.http.type,parentSchema:schema31.properties.http,data:data79};
if(vErrors === null){
vErrors = [err153];
}
else {
vErrors.push(err153);
}
errors++;
}
}
if(data.telemetry !== undefined){
let data95 = data.telemetry;
if(data95 && typeof data95 == "object" && !Array.isArray(data95)){
for(const key28 in data95){
if(!(key28 === "otlp")){
const err154 = {instancePath:instancePath+"/telemetry",schemaPath:"#/properties/telemetry/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key28},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.telemetry,data:data95};
if(vErrors === null){
vErrors = [err154];
}
else {
vErrors.push(err154);
}
errors++;
}
}
if(data95.otlp !== undefined){
let data96 = data95.otlp;
if(data96 && typeof data96 == "object" && !Array.isArray(data96)){
if(data96.endpoint === undefined){
const err155 = {instancePath:instancePath+"/telemetry/otlp",schemaPath:"#/properties/telemetry/properties/otlp/required",keyword:"required",params:{missingProperty: "endpoint"},message:"must have required property '"+"endpoint"+"'",schema:schema31.properties.telemetry.properties.otlp.required,parentSchema:schema31.properties.telemetry.properties.otlp,data:data96};
if(vErrors === null){
vErrors = [err155];
}
else {
vErrors.push(err155);
}
errors++;
}
for(const key29 in data96){
if(!(((key29 === "endpoint") || (key29 === "headers")) || (key29 === "service_name"))){
const err156 = {instancePath:instancePath+"/telemetry/otlp",schemaPath:"#/properties/telemetry/properties/otlp/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key29},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.telemetry.properties.otlp,data:data96};
if(vErrors === null){
vErrors = [err156];
}
else {
vErrors.push(err156);
}
errors++;
}
}
if(data96.endpoint !== undefined){
let data97 = data96.endpoint;
if(typeof data97 === "string"){
if(func3(data97) < 1){
const err157 = {instancePath:instancePath+"/telemetry/otlp/endpoint",schemaPath:"#/properties/telemetry/properties/otlp/properties/endpoint/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema31.properties.telemetry.properties.otlp.properties.endpoint,data:data97};
if(vErrors === null){
vErrors = [err157];
}
else {
vErrors.push(err157);
}
errors++;
}
}
else {
const err158 = {instancePath:instancePath+"/telemetry/otlp/endpoint",schemaPath:"#/properties/telemetry/properties/otlp/properties/endpoint/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.telemetry.properties.otlp.properties.endpoint.type,parentSchema:schema31.properties.telemetry.properties.otlp.properties.endpoint,data:data97};
if(vErrors === null){
vErrors = [err158];
}
else {
vErrors.push(err158);
}
errors++;
}
}
if(data96.headers !== undefined){
let data98 = data96.headers;
if(data98 && typeof data98 == "object" && !Array.isArray(data98)){
for(const key30 in data98){
let data99 = data98[key30];
if(typeof data99 !== "string"){
const err159 = {instancePath:instancePath+"/telemetry/otlp/headers/" + key30.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/telemetry/properties/otlp/properties/headers/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.telemetry.properties.otlp.properties.headers.additionalProperties.type,parentSchema:schema31.properties.telemetry.properties.otlp.properties.headers.additionalProperties,data:data99};
if(vErrors === null){
vErrors = [err159];
}
else {
vErrors.push(err159);
}
errors++;
}
}
}
else {
const err160 = {instancePath:instancePath+"/telemetry/otlp/headers",schemaPath:"#/properties/telemetry/properties/otlp/properties/headers/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.telemetry.properties.otlp.properties.headers.type,parentSchema:schema31.properties.telemetry.properties.otlp.properties.headers,data:data98};
if(vErrors === null){
vErrors = [err160];
}
else {
vErrors.push(err160);
}
errors++;
}
}
if(data96.service_name !== undefined){
let data100 = data96.service_name;
if(typeof data100 === "string"){
if(func3(data100) < 1){
const err161 = {instancePath:instancePath+"/telemetry/otlp/service_name",schemaPath:"#/properties/telemetry/properties/otlp/properties/service_name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema31.properties.telemetry.properties.otlp.properties.service_name,data:data100};
if(vErrors === null){
vErrors = [err161];
}
else {
vErrors.push(err161);
}
errors++;
}
}
else {
const err162 = {instancePath:instancePath+"/telemetry/otlp/service_name",schemaPath:"#/properties/telemetry/properties/otlp/properties/service_name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.telemetry.properties.otlp.properties.service_name.type,parentSchema:schema31.properties.telemetry.properties.otlp.properties.service_name,data:data100};
if(vErrors === null){
vErrors = [err162];
}
else {
vErrors.push(err162);
}
errors++;
}
}
}
else {
const err163 = {instancePath:instancePath+"/telemetry/otlp",schemaPath:"#/properties/telemetry/properties/otlp/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.telemetry.properties.otlp.type,parentSchema:schema31.properties.telemetry.properties.otlp,data:data96};
if(vErrors === null){
vErrors = [err163];
}
else {
vErrors.push(err163);
}
errors++;
}
}
}
else {
const err164 = {instancePath:instancePath+"/telemetry",schemaPath:"#/properties/telemetry/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.telemetry.type,parentSchema:schema31.properties.telemetry,data:data95};
if(vErrors === null){
vErrors = [err164];
}
else {
vErrors.push(err164);
}
errors++;
}
}
}
else {
const err165 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.type,parentSchema:schema31,data};
if(vErrors === null){
vErrors = [err165];
}
else {
vErrors.push(err165);
}
errors++;
}
validate20.errors = vErrors;
return errors === 0;
}
validate20.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

export const agent = validate21;
const schema32 = {"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"https://amas.dev/schemas/agent.schema.json","title":"AgentSpec","type":"object","additionalProperties":false,"description":"An amas agent: one file in agents.d/.","required":["id","capabilities"],"properties":{"$schema":{"type":"string","description":"Schema URL for editors.","examples":["../schemas/agent.schema.json"]},"apiVersion":{"type":"string","const":"amas/v1","description":"Version of the spec language this file is written in. Absent means amas/v1.","examples":["amas/v1"]},"id":{"type":"string","pattern":"^[a-z][a-z0-9]*(-[a-z0-9]+)*$","maxLength":64,"description":"Unique agent id, kebab-case.","examples":["content-writer"]},"domain":{"type":"string","description":"Kind of agent; steps may route by domain.","examples":["Content Creation"]},"description":{"type":"string","description":"What this agent is for.","examples":["Writes blog posts and social posts"]},"concurrency":{"type":"integer","minimum":1,"maximum":1000,"default":1,"description":"Tasks this agent runs at once.","examples":[2]},"produces":{"type":"array","items":{"type":"string"},"description":"What this agent produces, for the agent map.","examples":[["blog_post"]]},"reacts_to":{"type":"array","description":"Bus events this agent reacts to: each entry runs one of the agent's capabilities as a task when an event of that type (matching `where`) is published, with the event's data as the task's input. The agent answers the event's publisher with task_complete or error_occurred, as for a task_request. An agent never reacts to its own events, nor to the answers of reactions (no chains of reactions). See docs/guide.md \"Agents that react to events\".","examples":[[{"event":"data_update","capability":"summarize_update","where":{"kind":"post"}}]],"items":{"type":"object","additionalProperties":false,"required":["event","capability"],"description":"One reaction: an event type, the capability it runs, and optional filters.","examples":[{"event":"data_update","capability":"summarize_update"}],"properties":{"event":{"enum":["task_complete","data_update","error_occurred","system_status","agent_message","external_trigger"],"description":"The event type. task_request is not listed: agents serve it already (the capability it names runs).","examples":["data_update"]},"capability":{"type":"string","description":"One of this agent's capabilities; it gets the event's data as input (checked against the capability's input schema).","examples":["summarize_update"]},"where":{"type":"object","description":"Filters on the event's data, as in a workflow's event trigger: dotted paths to expected values; a list allows any of its values; null also matches an absent field.","examples":[{"kind":"post","source.platform":["twitter","linkedin"]}]}}}},"depends_on":{"type":"array","items":{"type":"string"},"description":"Agents whose output this one uses.","examples":[["content-strategist"]]},"consumers":{"type":"array","items":{"type":"string"},"description":"Agents that consume this one's output.","examples":[["editor"]]},"capabilities":{"type":"object","minProperties":1,"propertyNames":{"pattern":"^[a-z][a-z0-9_]*$"},"additionalProperties":{"title":"CapabilitySpec","type":"object","additionalProperties":false,"required":["run"],"description":"One thing the agent can do, named by `task:` in workflow steps.","examples":[{"description":"Greets someone","input":{"type":"object","properties":{"name":{"type":"string"}}},"run":{"template":"Hello ${{ input.name }}"}}],"properties":{"description":{"type":"string","description":"What this capability does.","examples":["Write a complete blog post on a topic"]},"input":{"type":"object","description":"Schema the task input must satisfy; checked before the executor runs. A JSON Schema (draft 2020-12).","examples":[{"type":"object","required":["topic"],"properties":{"topic":{"type":"string"}}}]},"output":{"type":"object","description":"Schema the result must satisfy; a result that does not fails the attempt. A JSON Schema (draft 2020-12).","examples":[{"type":"object","required":["title"]}]},"run":{"title":"ExecutorSpec","type":"object","additionalProperties":false,"description":"What the capability does: exactly one executor (command, http, llm, mcp, module or template).","examples":[{"template":{"greeting":"Hello ${{ input.name }}"}}],"properties":{"command":{"description":"Run a program: an argv array, or an object with argv, stdin, env, cwd, shell, parse.","examples":[["git","log","--oneline"]],"oneOf":[{"type":"array","minItems":1,"items":{"type":"string"}},{"title":"CommandSpec","type":"object","additionalProperties":false,"required":["argv"],"description":"A program to run. Its exit code decides success; stdout is the output.","examples":[{"argv":["git","log","--oneline","-n","5"],"parse":"text"}],"properties":{"argv":{"type":"array","minItems":1,"items":{"type":"string"},"description":"Program and arguments; each item may contain expressions. No shell unless `shell: true`.","examples":[["git","log","--oneline"]]},"stdin":{"description":"Written to the program's standard input: text as is, any other value as JSON.","examples":["${{ input.text }}"]},"env":{"type":"object","additionalProperties":{"type":"string"},"description":"Extra environment variables (values may contain expressions).","examples":[{"LANG":"C"}]},"cwd":{"type":"string","description":"Working directory, relative to the project root.","examples":["."]},"shell":{"type":"boolean","default":false,"description":"Run `argv` joined by spaces through /bin/sh -c.","examples":[false]},"parse":{"enum":["json","text","auto"],"default":"auto","description":"How stdout becomes the output: json, text, or auto (JSON when it parses, else text).","examples":["json"]}}}]},"http":{"title":"HttpSpec","type":"object","additionalProperties":false,"required":["url"],"description":"An HTTP request; a JSON answer is parsed, others are returned as text.","examples":[{"method":"POST","url":"https://api.example.com/posts","body":{"text":"${{ input.content }}"}}],"properties":{"method":{"enum":["GET","POST","PUT","PATCH","DELETE","HEAD"],"default":"GET","description":"HTTP method.","examples":["POST"]},"url":{"type":"string","description":"URL to call. May contain ${{ }} expressions; each value is percent-encoded for the part of the URL it lands in (a path segment, a query value, the fragment), so `../x?y=1` from an input stays one segment. A URL that starts with an expression (`${{ env.API_BASE }}/items`) takes that value as written; the result must be an absolute http(s) URL.","examples":["https://api.example.com/items/${{ input.id }}"]},"url_raw":{"type":"boolean","default":false,"description":"Insert values into `url` exactly as rendered, without percent-encoding. An explicit opt-out for values you trust to be URL text (a prepared path or query string); an input can then rewrite the path and query the request goes to.","examples":[true]},"headers":{"type":"object","additionalProperties":{"type":"string"},"description":"Request headers (values may contain expressions).","examples":[{"Authorization":"Bearer ${{ secrets.API_TOKEN }}"}]},"body":{"description":"Request body: text as is, any other value as JSON.","examples":[{"text":"${{ input.content }}"}]}}},"llm":{"title":"LlmSpec","type":"object","additionalProperties":false,"required":["prompt"],"description":"A chat completion against an OpenAI-compatible provider; the output must satisfy the capability's output schema.","examples":[{"provider":"default","prompt":"Write about ${{ input.topic }}"}],"properties":{"provider":{"type":"string","default":"default","description":"Name of a provider under `providers` in amas.yaml.","examples":["default"]},"model":{"type":"string","description":"Model name; overrides the provider's model.","examples":["gpt-4o-mini"]},"system":{"type":"string","description":"System message. May contain ${{ }} expressions.","examples":["You are a careful editor."]},"prompt":{"type":"string","description":"User message. May contain ${{ }} expressions.","examples":["Summarise ${{ input.text }}"]},"temperature":{"type":"number","minimum":0,"maximum":2,"description":"Sampling temperature.","examples":[0.2]},"max_tokens":{"type":"integer","minimum":1,"description":"Upper bound on tokens in the answer.","examples":[1024]},"max_turns":{"type":"integer","minimum":1,"maximum":100,"default":10,"description":"With `tools`: most model turns before the loop stops (the run's step fails).","examples":[8]},"tools":{"type":"array","items":{"title":"LlmTool","description":"One tool (or group of tools) the model may call: a capability, an agent's capabilities, an MCP server's tools, a workflow, or the knowledge base.","examples":[{"capability":"analyze_performance"},{"agent":"content-writer"},{"mcp":"files"},{"mcp":{"server":"web","tools":["fetch"]}},{"workflow":"publish-post"},{"knowledge":["search","store"]}],"oneOf":[{"title":"CapabilityTool","type":"object","additionalProperties":false,"required":["capability"],"description":"A capability of the project, routed to an agent that has it, like a step.","examples":[{"capability":"analyze_performance"}],"properties":{"capability":{"type":"string","pattern":"^[a-z][a-z0-9_]*$","description":"Capability name.","examples":["analyze_performance"]},"agent":{"type":"string","description":"Pin the calls to one agent that has the capability.","examples":["performance-analyst"]},"as":{"type":"string","pattern":"^[A-Za-z_][A-Za-z0-9_-]{0,63}$","description":"The name the model sees for this tool (default: the capability's, workflow's or `<server>_<tool>` name).","examples":["research"]},"description":{"type":"string","description":"What the model is told the tool does (default: the capability's description).","examples":["Scores last week's posts"]},"approval":{"description":"Make the call wait for a person before it runs: `required`, or `{ when: <expression over the call's arguments> }` (`args` is in scope). A rejection goes back to the model as the tool's result.","examples":["required",{"when":"${{ args.budget > 100 }}"}],"oneOf":[{"const":"required","description":"Every call waits for approval.","examples":["required"]},{"type":"object","additionalProperties":false,"required":["when"],"description":"Calls wait when this expression is true.","examples":[{"when":"${{ args.budget > 100 }}"}],"properties":{"when":{"type":"string","description":"Expression over the call's arguments (`args`).","examples":["${{ args.budget > 100 }}"]}}}]}}},{"title":"AgentTool","type":"object","additionalProperties":false,"required":["agent"],"description":"Delegation: every capability of that agent becomes a tool.","examples":[{"agent":"content-writer"}],"properties":{"agent":{"type":"string","description":"Agent id.","examples":["content-writer"]},"capabilities":{"type":"array","items":{"type":"string"},"uniqueItems":true,"minItems":1,"description":"Only these capabilities of the agent (default: all).","examples":[["write_blog_post"]]}}},{"title":"McpTool","type":"object","additionalProperties":false,"required":["mcp"],"description":"Tools of an MCP server declared in amas.yaml; named `<server>_<tool>`.","examples":[{"mcp":"files"},{"mcp":{"server":"web","tools":["fetch"]}}],"properties":{"mcp":{"description":"A server name (all its tools), or `{ server, tools }` for some of them.","examples":["files",{"server":"web","tools":["fetch"]}],"oneOf":[{"type":"string","description":"Server name under `mcp.servers` in amas.yaml.","examples":["files"]},{"type":"object","additionalProperties":false,"required":["server"],"description":"A server and some of its tools.","examples":[{"server":"web","tools":["fetch"]}],"properties":{"server":{"type":"string","description":"Server name under `mcp.servers` in amas.yaml.","examples":["web"]},"tools":{"type":"array","items":{"type":"string"},"uniqueItems":true,"minItems":1,"description":"The server's tools to offer (default: all).","examples":[["fetch"]]}}}]}}},{"title":"WorkflowTool","type":"object","additionalProperties":false,"required":["workflow"],"description":"Starts a workflow as a sub-run and waits for its outputs; the parameters are its `inputs`.","examples":[{"workflow":"publish-post"}],"properties":{"workflow":{"type":"string","description":"Workflow id.","examples":["publish-post"]},"as":{"type":"string","pattern":"^[A-Za-z_][A-Za-z0-9_-]{0,63}$","description":"The name the model sees for this tool (default: the capability's, workflow's or `<server>_<tool>` name).","examples":["research"]},"description":{"type":"string","description":"What the model is told the tool does (default: the workflow's description).","examples":["Publishes a post"]}}},{"title":"KnowledgeTool","type":"object","additionalProperties":false,"required":["knowledge"],"description":"Built-in tools on the project's knowledge base: `knowledge_search`, `knowledge_store`.","examples":[{"knowledge":["search","store"]}],"properties":{"knowledge":{"type":"array","items":{"enum":["search","store"],"description":"A knowledge-base operation.","examples":["search"]},"uniqueItems":true,"minItems":1,"description":"Which operations to offer.","examples":[["search"]]}}}]},"minItems":1,"description":"Turns the call into an agent loop: the model calls these tools, amas runs them and returns the results, until the final answer or `max_turns`.","examples":[[{"capability":"analyze_performance"},{"knowledge":["search"]}]]}}},"mcp":{"title":"McpCallSpec","type":"object","additionalProperties":false,"required":["server","tool"],"description":"Call a tool on an MCP server declared under `mcp_servers` in amas.yaml.","examples":[{"server":"files","tool":"read_file","arguments":{"path":"${{ input.path }}"}}],"properties":{"server":{"type":"string","description":"Name of a server under `mcp_servers`.","examples":["files"]},"tool":{"type":"string","description":"Tool name on that server.","examples":["read_file"]},"arguments":{"type":"object","description":"Tool arguments (values may contain expressions). Default: the task input.","examples":[{"path":"README.md"}]}}},"module":{"type":"string","pattern":"^\\.{1,2}/[^#]+\\.(m?js)#[A-Za-z_$][A-Za-z0-9_$]*$","description":"An exported async function of a JS module in the project: `./path/file.mjs#export`.","examples":["./lib/score.mjs#score"]},"template":{"description":"Any YAML value with expressions; its rendering is the output. No I/O.","examples":[{"summary":"${{ input.title }}: ${{ input.count }} items"}]}},"oneOf":[{"required":["command"]},{"required":["http"]},{"required":["llm"]},{"required":["mcp"]},{"required":["module"]},{"required":["template"]}]},"idempotent":{"type":"boolean","default":true,"description":"false: when this capability runs as an agent loop's tool call and amas stops mid-call, the step waits as in_doubt for a person instead of calling it again.","examples":[false]},"timeout":{"type":"string","pattern":"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$","description":"Longest one attempt may take. Default: runtime.default_timeout. A duration: a number then ms, s, m, h or d.","examples":["2m"]},"retry":{"title":"RetryPolicy","type":"object","additionalProperties":false,"description":"How failed attempts are retried: exponential backoff with jitter by default.","examples":[{"attempts":3,"backoff":"exponential","initial":"1s"}],"properties":{"attempts":{"type":"integer","minimum":1,"maximum":100,"default":3,"description":"Total attempts, the first included (1 = no retry).","examples":[3]},"backoff":{"enum":["exponential","fixed"],"default":"exponential","description":"How the wait between attempts grows.","examples":["exponential"]},"initial":{"type":"string","pattern":"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$","description":"Wait before the second attempt. A duration: a number then ms, s, m, h or d.","examples":["1s"],"default":"1s"},"max":{"type":"string","pattern":"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$","description":"Longest wait between two attempts. A duration: a number then ms, s, m, h or d.","examples":["1m"],"default":"1m"},"jitter":{"type":"boolean","default":true,"description":"Randomise each wait by up to ±50% so that retries of many runs do not align.","examples":[true]}}},"reads":{"type":"array","items":{"type":"string"},"description":"Knowledge categories this capability reads.","examples":[["content_strategy"]]},"writes":{"type":"array","items":{"type":"string"},"description":"Knowledge category the result is also stored under.","examples":[["writing_patterns"]]}}},"description":"Capabilities by name (snake_case).","examples":[{"greet":{"run":{"template":"Hello"}}}]}}};
const func0 = require("ajv/dist/runtime/equal").default;
const pattern18 = new RegExp("^[a-z][a-z0-9]*(-[a-z0-9]+)*$", "u");
const pattern19 = new RegExp("^[a-z][a-z0-9_]*$", "u");
const pattern21 = new RegExp("^[A-Za-z_][A-Za-z0-9_-]{0,63}$", "u");
const pattern23 = new RegExp("^\\.{1,2}/[^#]+\\.(m?js)#[A-Za-z_$][A-Za-z0-9_$]*$", "u");

function validate21(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
/*# sourceURL="https://amas.dev/schemas/agent.schema.json" */;
let vErrors = null;
let errors = 0;
const evaluated0 = validate21.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.concurrency === undefined){
data.concurrency = 1;
}
if(data.id === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'",schema:schema32.required,parentSchema:schema32,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.capabilities === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "capabilities"},message:"must have required property '"+"capabilities"+"'",schema:schema32.required,parentSchema:schema32,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
for(const key0 in data){
if(!(func1.call(schema32.properties, key0))){
const err2 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema32,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.$schema !== undefined){
let data0 = data.$schema;
if(typeof data0 !== "string"){
const err3 = {instancePath:instancePath+"/$schema",schemaPath:"#/properties/%24schema/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.properties.$schema.type,parentSchema:schema32.properties.$schema,data:data0};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.apiVersion !== undefined){
let data1 = data.apiVersion;
if(typeof data1 !== "string"){
const err4 = {instancePath:instancePath+"/apiVersion",schemaPath:"#/properties/apiVersion/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.properties.apiVersion.type,parentSchema:schema32.properties.apiVersion,data:data1};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
if("amas/v1" !== data1){
const err5 = {instancePath:instancePath+"/apiVersion",schemaPath:"#/properties/apiVersion/const",keyword:"const",params:{allowedValue: "amas/v1"},message:"must be equal to constant",schema:"amas/v1",parentSchema:schema32.properties.apiVersion,data:data1};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.id !== undefined){
let data2 = data.id;
if(typeof data2 === "string"){
if(func3(data2) > 64){
const err6 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/maxLength",keyword:"maxLength",params:{limit: 64},message:"must NOT have more than 64 characters",schema:64,parentSchema:schema32.properties.id,data:data2};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
if(!pattern18.test(data2)){
const err7 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/pattern",keyword:"pattern",params:{pattern: "^[a-z][a-z0-9]*(-[a-z0-9]+)*$"},message:"must match pattern \""+"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"+"\"",schema:"^[a-z][a-z0-9]*(-[a-z0-9]+)*$",parentSchema:schema32.properties.id,data:data2};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
else {
const err8 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.properties.id.type,parentSchema:schema32.properties.id,data:data2};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data.domain !== undefined){
let data3 = data.domain;
if(typeof data3 !== "string"){
const err9 = {instancePath:instancePath+"/domain",schemaPath:"#/properties/domain/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.properties.domain.type,parentSchema:schema32.properties.domain,data:data3};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
if(data.description !== undefined){
let data4 = data.description;
if(typeof data4 !== "string"){
const err10 = {instancePath:instancePath+"/description",schemaPath:"#/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.properties.description.type,parentSchema:schema32.properties.description,data:data4};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
let data5 = data.concurrency;
if(!(((typeof data5 == "number") && (!(data5 % 1) && !isNaN(data5))) && (isFinite(data5)))){
const err11 = {instancePath:instancePath+"/concurrency",schemaPath:"#/properties/concurrency/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema32.properties.concurrency.type,parentSchema:schema32.properties.concurrency,data:data5};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
if((typeof data5 == "number") && (isFinite(data5))){
if(data5 > 1000 || isNaN(data5)){
const err12 = {instancePath:instancePath+"/concurrency",schemaPath:"#/properties/concurrency/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1000},message:"must be <= 1000",schema:1000,parentSchema:schema32.properties.concurrency,data:data5};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
if(data5 < 1 || isNaN(data5)){
const err13 = {instancePath:instancePath+"/concurrency",schemaPath:"#/properties/concurrency/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema32.properties.concurrency,data:data5};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
if(data.produces !== undefined){
let data6 = data.produces;
if(Array.isArray(data6)){
const len0 = data6.length;
for(let i0=0; i0<len0; i0++){
let data7 = data6[i0];
if(typeof data7 !== "string"){
const err14 = {instancePath:instancePath+"/produces/" + i0,schemaPath:"#/properties/produces/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.properties.produces.items.type,parentSchema:schema32.properties.produces.items,data:data7};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
}
else {
const err15 = {instancePath:instancePath+"/produces",schemaPath:"#/properties/produces/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema32.properties.produces.type,parentSchema:schema32.properties.produces,data:data6};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
if(data.reacts_to !== undefined){
let data8 = data.reacts_to;
if(Array.isArray(data8)){
const len1 = data8.length;
for(let i1=0; i1<len1; i1++){
let data9 = data8[i1];
if(data9 && typeof data9 == "object" && !Array.isArray(data9)){
if(data9.event === undefined){
const err16 = {instancePath:instancePath+"/reacts_to/" + i1,schemaPath:"#/properties/reacts_to/items/required",keyword:"required",params:{missingProperty: "event"},message:"must have required property '"+"event"+"'",schema:schema32.properties.reacts_to.items.required,parentSchema:schema32.properties.reacts_to.items,data:data9};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
if(data9.capability === undefined){
const err17 = {instancePath:instancePath+"/reacts_to/" + i1,schemaPath:"#/properties/reacts_to/items/required",keyword:"required",params:{missingProperty: "capability"},message:"must have required property '"+"capability"+"'",schema:schema32.properties.reacts_to.items.required,parentSchema:schema32.properties.reacts_to.items,data:data9};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
for(const key1 in data9){
if(!(((key1 === "event") || (key1 === "capability")) || (key1 === "where"))){
const err18 = {instancePath:instancePath+"/reacts_to/" + i1,schemaPath:"#/properties/reacts_to/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema32.properties.reacts_to.items,data:data9};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
if(data9.event !== undefined){
let data10 = data9.event;
if(!((((((data10 === "task_complete") || (data10 === "data_update")) || (data10 === "error_occurred")) || (data10 === "system_status")) || (data10 === "agent_message")) || (data10 === "external_trigger"))){
const err19 = {instancePath:instancePath+"/reacts_to/" + i1+"/event",schemaPath:"#/properties/reacts_to/items/properties/event/enum",keyword:"enum",params:{allowedValues: schema32.properties.reacts_to.items.properties.event.enum},message:"must be equal to one of the allowed values",schema:schema32.properties.reacts_to.items.properties.event.enum,parentSchema:schema32.properties.reacts_to.items.properties.event,data:data10};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
if(data9.capability !== undefined){
let data11 = data9.capability;
if(typeof data11 !== "string"){
const err20 = {instancePath:instancePath+"/reacts_to/" + i1+"/capability",schemaPath:"#/properties/reacts_to/items/properties/capability/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.properties.reacts_to.items.properties.capability.type,parentSchema:schema32.properties.reacts_to.items.properties.capability,data:data11};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
if(data9.where !== undefined){
let data12 = data9.where;
if(!(data12 && typeof data12 == "object" && !Array.isArray(data12))){
const err21 = {instancePath:instancePath+"/reacts_to/" + i1+"/where",schemaPath:"#/properties/reacts_to/items/properties/where/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema32.properties.reacts_to.items.properties.where.type,parentSchema:schema32.properties.reacts_to.items.properties.where,data:data12};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
}
else {
const err22 = {instancePath:instancePath+"/reacts_to/" + i1,schemaPath:"#/properties/reacts_to/items/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema32.properties.reacts_to.items.type,parentSchema:schema32.properties.reacts_to.items,data:data9};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
}
else {
const err23 = {instancePath:instancePath+"/reacts_to",schemaPath:"#/properties/reacts_to/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema32.properties.reacts_to.type,parentSchema:schema32.properties.reacts_to,data:data8};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
if(data.depends_on !== undefined){
let data13 = data.depends_on;
if(Array.isArray(data13)){
const len2 = data13.length;
for(let i2=0; i2<len2; i2++){
let data14 = data13[i2];
if(typeof data14 !== "string"){
const err24 = {instancePath:instancePath+"/depends_on/" + i2,schemaPath:"#/properties/depends_on/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.properties.depends_on.items.type,parentSchema:schema32.properties.depends_on.items,data:data14};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
}
else {
const err25 = {instancePath:instancePath+"/depends_on",schemaPath:"#/properties/depends_on/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema32.properties.depends_on.type,parentSchema:schema32.properties.depends_on,data:data13};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
if(data.consumers !== undefined){
let data15 = data.consumers;
if(Array.isArray(data15)){
const len3 = data15.length;
for(let i3=0; i3<len3; i3++){
let data16 = data15[i3];
if(typeof data16 !== "string"){
const err26 = {instancePath:instancePath+"/consumers/" + i3,schemaPath:"#/properties/consumers/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.properties.consumers.items.type,parentSchema:schema32.properties.consumers.items,data:data16};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
}
else {
const err27 = {instancePath:instancePath+"/consumers",schemaPath:"#/properties/consumers/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema32.properties.consumers.type,parentSchema:schema32.properties.consumers,data:data15};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
if(data.capabilities !== undefined){
let data17 = data.capabilities;
if(data17 && typeof data17 == "object" && !Array.isArray(data17)){
if(Object.keys(data17).length < 1){
const err28 = {instancePath:instancePath+"/capabilities",schemaPath:"#/properties/capabilities/minProperties",keyword:"minProperties",params:{limit: 1},message:"must NOT have fewer than 1 properties",schema:1,parentSchema:schema32.properties.capabilities,data:data17};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
for(const key2 in data17){
const _errs38 = errors;
if(typeof key2 === "string"){
if(!pattern19.test(key2)){
const err29 = {instancePath:instancePath+"/capabilities",schemaPath:"#/properties/capabilities/propertyNames/pattern",keyword:"pattern",params:{pattern: "^[a-z][a-z0-9_]*$"},message:"must match pattern \""+"^[a-z][a-z0-9_]*$"+"\"",schema:"^[a-z][a-z0-9_]*$",parentSchema:schema32.properties.capabilities.propertyNames,data:key2,propertyName:key2};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
var valid10 = _errs38 === errors;
if(!valid10){
const err30 = {instancePath:instancePath+"/capabilities",schemaPath:"#/properties/capabilities/propertyNames",keyword:"propertyNames",params:{propertyName: key2},message:"property name must be valid",schema:schema32.properties.capabilities.propertyNames,parentSchema:schema32.properties.capabilities,data:data17};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
for(const key3 in data17){
let data18 = data17[key3];
if(data18 && typeof data18 == "object" && !Array.isArray(data18)){
if(data18.idempotent === undefined){
data18.idempotent = true;
}
if(data18.run === undefined){
const err31 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/capabilities/additionalProperties/required",keyword:"required",params:{missingProperty: "run"},message:"must have required property '"+"run"+"'",schema:schema32.properties.capabilities.additionalProperties.required,parentSchema:schema32.properties.capabilities.additionalProperties,data:data18};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
for(const key4 in data18){
if(!(func1.call(schema32.properties.capabilities.additionalProperties.properties, key4))){
const err32 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/capabilities/additionalProperties/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key4},message:"must NOT have additional properties",schema:false,parentSchema:schema32.properties.capabilities.additionalProperties,data:data18};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
if(data18.description !== undefined){
let data19 = data18.description;
if(typeof data19 !== "string"){
const err33 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/description",schemaPath:"#/properties/capabilities/additionalProperties/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.properties.capabilities.additionalProperties.properties.description.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.description,data:data19};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
if(data18.input !== undefined){
let data20 = data18.input;
if(!(data20 && typeof data20 == "object" && !Array.isArray(data20))){
const err34 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/input",schemaPath:"#/properties/capabilities/additionalProperties/properties/input/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema32.properties.capabilities.additionalProperties.properties.input.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.input,data:data20};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
}
if(data18.output !== undefined){
let data21 = data18.output;
if(!(data21 && typeof data21 == "object" && !Array.isArray(data21))){
const err35 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/output",schemaPath:"#/properties/capabilities/additionalProperties/properties/output/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema32.properties.capabilities.additionalProperties.properties.output.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.output,data:data21};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
if(data18.run !== undefined){
let data22 = data18.run;
const _errs51 = errors;
let valid13 = false;
let passing0 = null;
const _errs52 = errors;
if(data22 && typeof data22 == "object" && !Array.isArray(data22)){
if(data22.command === undefined){
const err36 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/oneOf/0/required",keyword:"required",params:{missingProperty: "command"},message:"must have required property '"+"command"+"'",schema:schema32.properties.capabilities.additionalProperties.properties.run.oneOf[0].required,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.oneOf[0],data:data22};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
var _valid0 = _errs52 === errors;
if(_valid0){
valid13 = true;
passing0 = 0;
}
const _errs53 = errors;
if(data22 && typeof data22 == "object" && !Array.isArray(data22)){
if(data22.http === undefined){
const err37 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/oneOf/1/required",keyword:"required",params:{missingProperty: "http"},message:"must have required property '"+"http"+"'",schema:schema32.properties.capabilities.additionalProperties.properties.run.oneOf[1].required,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.oneOf[1],data:data22};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
var _valid0 = _errs53 === errors;
if(_valid0 && valid13){
valid13 = false;
passing0 = [passing0, 1];
}
else {
if(_valid0){
valid13 = true;
passing0 = 1;
}
const _errs54 = errors;
if(data22 && typeof data22 == "object" && !Array.isArray(data22)){
if(data22.llm === undefined){
const err38 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/oneOf/2/required",keyword:"required",params:{missingProperty: "llm"},message:"must have required property '"+"llm"+"'",schema:schema32.properties.capabilities.additionalProperties.properties.run.oneOf[2].required,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.oneOf[2],data:data22};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
}
var _valid0 = _errs54 === errors;
if(_valid0 && valid13){
valid13 = false;
passing0 = [passing0, 2];
}
else {
if(_valid0){
valid13 = true;
passing0 = 2;
}
const _errs55 = errors;
if(data22 && typeof data22 == "object" && !Array.isArray(data22)){
if(data22.mcp === undefined){
const err39 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/oneOf/3/required",keyword:"required",params:{missingProperty: "mcp"},message:"must have required property '"+"mcp"+"'",schema:schema32.properties.capabilities.additionalProperties.properties.run.oneOf[3].required,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.oneOf[3],data:data22};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
}
var _valid0 = _errs55 === errors;
if(_valid0 && valid13){
valid13 = false;
passing0 = [passing0, 3];
}
else {
if(_valid0){
valid13 = true;
passing0 = 3;
}
const _errs56 = errors;
if(data22 && typeof data22 == "object" && !Array.isArray(data22)){
if(data22.module === undefined){
const err40 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/oneOf/4/required",keyword:"required",params:{missingProperty: "module"},message:"must have required property '"+"module"+"'",schema:schema32.properties.capabilities.additionalProperties.properties.run.oneOf[4].required,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.oneOf[4],data:data22};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
var _valid0 = _errs56 === errors;
if(_valid0 && valid13){
valid13 = false;
passing0 = [passing0, 4];
}
else {
if(_valid0){
valid13 = true;
passing0 = 4;
}
const _errs57 = errors;
if(data22 && typeof data22 == "object" && !Array.isArray(data22)){
if(data22.template === undefined){
const err41 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/oneOf/5/required",keyword:"required",params:{missingProperty: "template"},message:"must have required property '"+"template"+"'",schema:schema32.properties.capabilities.additionalProperties.properties.run.oneOf[5].required,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.oneOf[5],data:data22};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
}
var _valid0 = _errs57 === errors;
if(_valid0 && valid13){
valid13 = false;
passing0 = [passing0, 5];
}
else {
if(_valid0){
valid13 = true;
passing0 = 5;
}
}
}
}
}
}
if(!valid13){
const err42 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/oneOf",keyword:"oneOf",params:{passingSchemas: passing0},message:"must match exactly one schema in oneOf",schema:schema32.properties.capabilities.additionalProperties.properties.run.oneOf,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run,data:data22};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
else {
errors = _errs51;
if(vErrors !== null){
if(_errs51){
vErrors.length = _errs51;
}
else {
vErrors = null;
}
}
}
if(data22 && typeof data22 == "object" && !Array.isArray(data22)){
for(const key5 in data22){
if(!((((((key5 === "command") || (key5 === "http")) || (key5 === "llm")) || (key5 === "mcp")) || (key5 === "module")) || (key5 === "template"))){
const err43 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key5},message:"must NOT have additional properties",schema:false,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run,data:data22};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
}
if(data22.command !== undefined){
let data23 = data22.command;
const _errs60 = errors;
let valid15 = false;
let passing1 = null;
const _errs61 = errors;
if(Array.isArray(data23)){
if(data23.length < 1){
const err44 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/command",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/command/oneOf/0/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items",schema:1,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.command.oneOf[0],data:data23};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
const len4 = data23.length;
for(let i4=0; i4<len4; i4++){
let data24 = data23[i4];
if(typeof data24 !== "string"){
const err45 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/command/" + i4,schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/command/oneOf/0/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.command.oneOf[0].items.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.command.oneOf[0].items,data:data24};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
}
}
else {
const err46 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/command",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/command/oneOf/0/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.command.oneOf[0].type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.command.oneOf[0],data:data23};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
var _valid1 = _errs61 === errors;
if(_valid1){
valid15 = true;
passing1 = 0;
}
const _errs65 = errors;
if(data23 && typeof data23 == "object" && !Array.isArray(data23)){
if(data23.argv === undefined){
const err47 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/command",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/command/oneOf/1/required",keyword:"required",params:{missingProperty: "argv"},message:"must have required property '"+"argv"+"'",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.command.oneOf[1].required,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.command.oneOf[1],data:data23};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
for(const key6 in data23){
if(!((((((key6 === "argv") || (key6 === "stdin")) || (key6 === "env")) || (key6 === "cwd")) || (key6 === "shell")) || (key6 === "parse"))){
const err48 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/command",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/command/oneOf/1/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key6},message:"must NOT have additional properties",schema:false,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.command.oneOf[1],data:data23};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
}
if(data23.argv !== undefined){
let data25 = data23.argv;
if(Array.isArray(data25)){
if(data25.length < 1){
const err49 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/command/argv",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/command/oneOf/1/properties/argv/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items",schema:1,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.command.oneOf[1].properties.argv,data:data25};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
const len5 = data25.length;
for(let i5=0; i5<len5; i5++){
let data26 = data25[i5];
if(typeof data26 !== "string"){
const err50 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/command/argv/" + i5,schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/command/oneOf/1/properties/argv/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.command.oneOf[1].properties.argv.items.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.command.oneOf[1].properties.argv.items,data:data26};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
}
}
else {
const err51 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/command/argv",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/command/oneOf/1/properties/argv/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.command.oneOf[1].properties.argv.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.command.oneOf[1].properties.argv,data:data25};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
}
if(data23.env !== undefined){
let data27 = data23.env;
if(data27 && typeof data27 == "object" && !Array.isArray(data27)){
for(const key7 in data27){
let data28 = data27[key7];
if(typeof data28 !== "string"){
const err52 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/command/env/" + key7.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/command/oneOf/1/properties/env/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.command.oneOf[1].properties.env.additionalProperties.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.command.oneOf[1].properties.env.additionalProperties,data:data28};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
}
}
}
else {
const err53 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/command/env",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/command/oneOf/1/properties/env/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.command.oneOf[1].properties.env.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.command.oneOf[1].properties.env,data:data27};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
}
}
if(data23.cwd !== undefined){
let data29 = data23.cwd;
if(typeof data29 !== "string"){
const err54 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/command/cwd",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/command/oneOf/1/properties/cwd/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.command.oneOf[1].properties.cwd.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.command.oneOf[1].properties.cwd,data:data29};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
}
if(data23.shell !== undefined){
let data30 = data23.shell;
if(typeof data30 !== "boolean"){
const err55 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/command/shell",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/command/oneOf/1/properties/shell/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.command.oneOf[1].properties.shell.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.command.oneOf[1].properties.shell,data:data30};
if(vErrors === null){
vErrors = [err55];
}
else {
vErrors.push(err55);
}
errors++;
}
}
if(data23.parse !== undefined){
let data31 = data23.parse;
if(!(((data31 === "json") || (data31 === "text")) || (data31 === "auto"))){
const err56 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/command/parse",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/command/oneOf/1/properties/parse/enum",keyword:"enum",params:{allowedValues: schema32.properties.capabilities.additionalProperties.properties.run.properties.command.oneOf[1].properties.parse.enum},message:"must be equal to one of the allowed values",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.command.oneOf[1].properties.parse.enum,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.command.oneOf[1].properties.parse,data:data31};
if(vErrors === null){
vErrors = [err56];
}
else {
vErrors.push(err56);
}
errors++;
}
}
}
else {
const err57 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/command",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/command/oneOf/1/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.command.oneOf[1].type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.command.oneOf[1],data:data23};
if(vErrors === null){
vErrors = [err57];
}
else {
vErrors.push(err57);
}
errors++;
}
var _valid1 = _errs65 === errors;
if(_valid1 && valid15){
valid15 = false;
passing1 = [passing1, 1];
}
else {
if(_valid1){
valid15 = true;
passing1 = 1;
}
}
if(!valid15){
const err58 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/command",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/command/oneOf",keyword:"oneOf",params:{passingSchemas: passing1},message:"must match exactly one schema in oneOf",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.command.oneOf,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.command,data:data23};
if(vErrors === null){
vErrors = [err58];
}
else {
vErrors.push(err58);
}
errors++;
}
else {
errors = _errs60;
if(vErrors !== null){
if(_errs60){
vErrors.length = _errs60;
}
else {
vErrors = null;
}
}
}
}
if(data22.http !== undefined){
let data32 = data22.http;
if(data32 && typeof data32 == "object" && !Array.isArray(data32)){
if(data32.method === undefined){
data32.method = "GET";
}
if(data32.url_raw === undefined){
data32.url_raw = false;
}
if(data32.url === undefined){
const err59 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/http",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/http/required",keyword:"required",params:{missingProperty: "url"},message:"must have required property '"+"url"+"'",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.http.required,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.http,data:data32};
if(vErrors === null){
vErrors = [err59];
}
else {
vErrors.push(err59);
}
errors++;
}
for(const key8 in data32){
if(!(((((key8 === "method") || (key8 === "url")) || (key8 === "url_raw")) || (key8 === "headers")) || (key8 === "body"))){
const err60 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/http",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/http/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key8},message:"must NOT have additional properties",schema:false,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.http,data:data32};
if(vErrors === null){
vErrors = [err60];
}
else {
vErrors.push(err60);
}
errors++;
}
}
let data33 = data32.method;
if(!((((((data33 === "GET") || (data33 === "POST")) || (data33 === "PUT")) || (data33 === "PATCH")) || (data33 === "DELETE")) || (data33 === "HEAD"))){
const err61 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/http/method",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/http/properties/method/enum",keyword:"enum",params:{allowedValues: schema32.properties.capabilities.additionalProperties.properties.run.properties.http.properties.method.enum},message:"must be equal to one of the allowed values",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.http.properties.method.enum,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.http.properties.method,data:data33};
if(vErrors === null){
vErrors = [err61];
}
else {
vErrors.push(err61);
}
errors++;
}
if(data32.url !== undefined){
let data34 = data32.url;
if(typeof data34 !== "string"){
const err62 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/http/url",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/http/properties/url/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.http.properties.url.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.http.properties.url,data:data34};
if(vErrors === null){
vErrors = [err62];
}
else {
vErrors.push(err62);
}
errors++;
}
}
let data35 = data32.url_raw;
if(typeof data35 !== "boolean"){
const err63 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/http/url_raw",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/http/properties/url_raw/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.http.properties.url_raw.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.http.properties.url_raw,data:data35};
if(vErrors === null){
vErrors = [err63];
}
else {
vErrors.push(err63);
}
errors++;
}
if(data32.headers !== undefined){
let data36 = data32.headers;
if(data36 && typeof data36 == "object" && !Array.isArray(data36)){
for(const key9 in data36){
let data37 = data36[key9];
if(typeof data37 !== "string"){
const err64 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/http/headers/" + key9.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/http/properties/headers/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.http.properties.headers.additionalProperties.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.http.properties.headers.additionalProperties,data:data37};
if(vErrors === null){
vErrors = [err64];
}
else {
vErrors.push(err64);
}
errors++;
}
}
}
else {
const err65 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/http/headers",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/http/properties/headers/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.http.properties.headers.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.http.properties.headers,data:data36};
if(vErrors === null){
vErrors = [err65];
}
else {
vErrors.push(err65);
}
errors++;
}
}
}
else {
const err66 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/http",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/http/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.http.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.http,data:data32};
if(vErrors === null){
vErrors = [err66];
}
else {
vErrors.push(err66);
}
errors++;
}
}
if(data22.llm !== undefined){
let data38 = data22.llm;
if(data38 && typeof data38 == "object" && !Array.isArray(data38)){
if(data38.provider === undefined){
data38.provider = "default";
}
if(data38.max_turns === undefined){
data38.max_turns = 10;
}
if(data38.prompt === undefined){
const err67 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/required",keyword:"required",params:{missingProperty: "prompt"},message:"must have required property '"+"prompt"+"'",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.required,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm,data:data38};
if(vErrors === null){
vErrors = [err67];
}
else {
vErrors.push(err67);
}
errors++;
}
for(const key10 in data38){
if(!((((((((key10 === "provider") || (key10 === "model")) || (key10 === "system")) || (key10 === "prompt")) || (key10 === "temperature")) || (key10 === "max_tokens")) || (key10 === "max_turns")) || (key10 === "tools"))){
const err68 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key10},message:"must NOT have additional properties",schema:false,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm,data:data38};
if(vErrors === null){
vErrors = [err68];
}
else {
vErrors.push(err68);
}
errors++;
}
}
let data39 = data38.provider;
if(typeof data39 !== "string"){
const err69 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/provider",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/provider/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.provider.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.provider,data:data39};
if(vErrors === null){
vErrors = [err69];
}
else {
vErrors.push(err69);
}
errors++;
}
if(data38.model !== undefined){
let data40 = data38.model;
if(typeof data40 !== "string"){
const err70 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/model",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/model/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.model.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.model,data:data40};
if(vErrors === null){
vErrors = [err70];
}
else {
vErrors.push(err70);
}
errors++;
}
}
if(data38.system !== undefined){
let data41 = data38.system;
if(typeof data41 !== "string"){
const err71 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/system",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/system/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.system.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.system,data:data41};
if(vErrors === null){
vErrors = [err71];
}
else {
vErrors.push(err71);
}
errors++;
}
}
if(data38.prompt !== undefined){
let data42 = data38.prompt;
if(typeof data42 !== "string"){
const err72 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/prompt",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/prompt/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.prompt.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.prompt,data:data42};
if(vErrors === null){
vErrors = [err72];
}
else {
vErrors.push(err72);
}
errors++;
}
}
if(data38.temperature !== undefined){
let data43 = data38.temperature;
if((typeof data43 == "number") && (isFinite(data43))){
if(data43 > 2 || isNaN(data43)){
const err73 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/temperature",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/temperature/maximum",keyword:"maximum",params:{comparison: "<=", limit: 2},message:"must be <= 2",schema:2,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.temperature,data:data43};
if(vErrors === null){
vErrors = [err73];
}
else {
vErrors.push(err73);
}
errors++;
}
if(data43 < 0 || isNaN(data43)){
const err74 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/temperature",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/temperature/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.temperature,data:data43};
if(vErrors === null){
vErrors = [err74];
}
else {
vErrors.push(err74);
}
errors++;
}
}
else {
const err75 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/temperature",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/temperature/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.temperature.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.temperature,data:data43};
if(vErrors === null){
vErrors = [err75];
}
else {
vErrors.push(err75);
}
errors++;
}
}
if(data38.max_tokens !== undefined){
let data44 = data38.max_tokens;
if(!(((typeof data44 == "number") && (!(data44 % 1) && !isNaN(data44))) && (isFinite(data44)))){
const err76 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/max_tokens",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/max_tokens/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.max_tokens.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.max_tokens,data:data44};
if(vErrors === null){
vErrors = [err76];
}
else {
vErrors.push(err76);
}
errors++;
}
if((typeof data44 == "number") && (isFinite(data44))){
if(data44 < 1 || isNaN(data44)){
const err77 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/max_tokens",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/max_tokens/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.max_tokens,data:data44};
if(vErrors === null){
vErrors = [err77];
}
else {
vErrors.push(err77);
}
errors++;
}
}
}
let data45 = data38.max_turns;
if(!(((typeof data45 == "number") && (!(data45 % 1) && !isNaN(data45))) && (isFinite(data45)))){
const err78 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/max_turns",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/max_turns/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.max_turns.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.max_turns,data:data45};
if(vErrors === null){
vErrors = [err78];
}
else {
vErrors.push(err78);
}
errors++;
}
if((typeof data45 == "number") && (isFinite(data45))){
if(data45 > 100 || isNaN(data45)){
const err79 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/max_turns",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/max_turns/maximum",keyword:"maximum",params:{comparison: "<=", limit: 100},message:"must be <= 100",schema:100,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.max_turns,data:data45};
if(vErrors === null){
vErrors = [err79];
}
else {
vErrors.push(err79);
}
errors++;
}
if(data45 < 1 || isNaN(data45)){
const err80 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/max_turns",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/max_turns/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.max_turns,data:data45};
if(vErrors === null){
vErrors = [err80];
}
else {
vErrors.push(err80);
}
errors++;
}
}
if(data38.tools !== undefined){
let data46 = data38.tools;
if(Array.isArray(data46)){
if(data46.length < 1){
const err81 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/tools",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/tools/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items",schema:1,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools,data:data46};
if(vErrors === null){
vErrors = [err81];
}
else {
vErrors.push(err81);
}
errors++;
}
const len6 = data46.length;
for(let i6=0; i6<len6; i6++){
let data47 = data46[i6];
const _errs115 = errors;
let valid27 = false;
let passing2 = null;
const _errs116 = errors;
if(data47 && typeof data47 == "object" && !Array.isArray(data47)){
if(data47.capability === undefined){
const err82 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/tools/" + i6,schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/tools/items/oneOf/0/required",keyword:"required",params:{missingProperty: "capability"},message:"must have required property '"+"capability"+"'",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[0].required,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[0],data:data47};
if(vErrors === null){
vErrors = [err82];
}
else {
vErrors.push(err82);
}
errors++;
}
for(const key11 in data47){
if(!(((((key11 === "capability") || (key11 === "agent")) || (key11 === "as")) || (key11 === "description")) || (key11 === "approval"))){
const err83 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/tools/" + i6,schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/tools/items/oneOf/0/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key11},message:"must NOT have additional properties",schema:false,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[0],data:data47};
if(vErrors === null){
vErrors = [err83];
}
else {
vErrors.push(err83);
}
errors++;
}
}
if(data47.capability !== undefined){
let data48 = data47.capability;
if(typeof data48 === "string"){
if(!pattern19.test(data48)){
const err84 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/tools/" + i6+"/capability",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/tools/items/oneOf/0/properties/capability/pattern",keyword:"pattern",params:{pattern: "^[a-z][a-z0-9_]*$"},message:"must match pattern \""+"^[a-z][a-z0-9_]*$"+"\"",schema:"^[a-z][a-z0-9_]*$",parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[0].properties.capability,data:data48};
if(vErrors === null){
vErrors = [err84];
}
else {
vErrors.push(err84);
}
errors++;
}
}
else {
const err85 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/tools/" + i6+"/capability",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/tools/items/oneOf/0/properties/capability/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[0].properties.capability.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[0].properties.capability,data:data48};
if(vErrors === null){
vErrors = [err85];
}
else {
vErrors.push(err85);
}
errors++;
}
}
if(data47.agent !== undefined){
let data49 = data47.agent;
if(typeof data49 !== "string"){
const err86 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/tools/" + i6+"/agent",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/tools/items/oneOf/0/properties/agent/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[0].properties.agent.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[0].properties.agent,data:data49};
if(vErrors === null){
vErrors = [err86];
}
else {
vErrors.push(err86);
}
errors++;
}
}
if(data47.as !== undefined){
let data50 = data47.as;
if(typeof data50 === "string"){
if(!pattern21.test(data50)){
const err87 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/tools/" + i6+"/as",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/tools/items/oneOf/0/properties/as/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z_][A-Za-z0-9_-]{0,63}$"},message:"must match pattern \""+"^[A-Za-z_][A-Za-z0-9_-]{0,63}$"+"\"",schema:"^[A-Za-z_][A-Za-z0-9_-]{0,63}$",parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[0].properties.as,data:data50};
if(vErrors === null){
vErrors = [err87];
}
else {
vErrors.push(err87);
}
errors++;
}
}
else {
const err88 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/tools/" + i6+"/as",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/tools/items/oneOf/0/properties/as/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[0].properties.as.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[0].properties.as,data:data50};
if(vErrors === null){
vErrors = [err88];
}
else {
vErrors.push(err88);
}
errors++;
}
}
if(data47.description !== undefined){
let data51 = data47.description;
if(typeof data51 !== "string"){
const err89 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/tools/" + i6+"/description",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/tools/items/oneOf/0/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[0].properties.description.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[0].properties.description,data:data51};
if(vErrors === null){
vErrors = [err89];
}
else {
vErrors.push(err89);
}
errors++;
}
}
if(data47.approval !== undefined){
let data52 = data47.approval;
const _errs128 = errors;
let valid29 = false;
let passing3 = null;
const _errs129 = errors;
if("required" !== data52){
const err90 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/tools/" + i6+"/approval",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/tools/items/oneOf/0/properties/approval/oneOf/0/const",keyword:"const",params:{allowedValue: "required"},message:"must be equal to constant",schema:"required",parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[0].properties.approval.oneOf[0],data:data52};
if(vErrors === null){
vErrors = [err90];
}
else {
vErrors.push(err90);
}
errors++;
}
var _valid3 = _errs129 === errors;
if(_valid3){
valid29 = true;
passing3 = 0;
}
const _errs130 = errors;
if(data52 && typeof data52 == "object" && !Array.isArray(data52)){
if(data52.when === undefined){
const err91 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/tools/" + i6+"/approval",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/tools/items/oneOf/0/properties/approval/oneOf/1/required",keyword:"required",params:{missingProperty: "when"},message:"must have required property '"+"when"+"'",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[0].properties.approval.oneOf[1].required,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[0].properties.approval.oneOf[1],data:data52};
if(vErrors === null){
vErrors = [err91];
}
else {
vErrors.push(err91);
}
errors++;
}
for(const key12 in data52){
if(!(key12 === "when")){
const err92 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/tools/" + i6+"/approval",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/tools/items/oneOf/0/properties/approval/oneOf/1/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key12},message:"must NOT have additional properties",schema:false,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[0].properties.approval.oneOf[1],data:data52};
if(vErrors === null){
vErrors = [err92];
}
else {
vErrors.push(err92);
}
errors++;
}
}
if(data52.when !== undefined){
let data53 = data52.when;
if(typeof data53 !== "string"){
const err93 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/tools/" + i6+"/approval/when",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/tools/items/oneOf/0/properties/approval/oneOf/1/properties/when/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[0].properties.approval.oneOf[1].properties.when.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[0].properties.approval.oneOf[1].properties.when,data:data53};
if(vErrors === null){
vErrors = [err93];
}
else {
vErrors.push(err93);
}
errors++;
}
}
}
else {
const err94 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/tools/" + i6+"/approval",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/tools/items/oneOf/0/properties/approval/oneOf/1/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[0].properties.approval.oneOf[1].type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[0].properties.approval.oneOf[1],data:data52};
if(vErrors === null){
vErrors = [err94];
}
else {
vErrors.push(err94);
}
errors++;
}
var _valid3 = _errs130 === errors;
if(_valid3 && valid29){
valid29 = false;
passing3 = [passing3, 1];
}
else {
if(_valid3){
valid29 = true;
passing3 = 1;
}
}
if(!valid29){
const err95 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/tools/" + i6+"/approval",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/tools/items/oneOf/0/properties/approval/oneOf",keyword:"oneOf",params:{passingSchemas: passing3},message:"must match exactly one schema in oneOf",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[0].properties.approval.oneOf,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[0].properties.approval,data:data52};
if(vErrors === null){
vErrors = [err95];
}
else {
vErrors.push(err95);
}
errors++;
}
else {
errors = _errs128;
if(vErrors !== null){
if(_errs128){
vErrors.length = _errs128;
}
else {
vErrors = null;
}
}
}
}
}
else {
const err96 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/tools/" + i6,schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/tools/items/oneOf/0/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[0].type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[0],data:data47};
if(vErrors === null){
vErrors = [err96];
}
else {
vErrors.push(err96);
}
errors++;
}
var _valid2 = _errs116 === errors;
if(_valid2){
valid27 = true;
passing2 = 0;
var props2 = true;
}
const _errs135 = errors;
if(data47 && typeof data47 == "object" && !Array.isArray(data47)){
if(data47.agent === undefined){
const err97 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/tools/" + i6,schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/tools/items/oneOf/1/required",keyword:"required",params:{missingProperty: "agent"},message:"must have required property '"+"agent"+"'",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[1].required,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[1],data:data47};
if(vErrors === null){
vErrors = [err97];
}
else {
vErrors.push(err97);
}
errors++;
}
for(const key13 in data47){
if(!((key13 === "agent") || (key13 === "capabilities"))){
const err98 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/tools/" + i6,schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/tools/items/oneOf/1/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key13},message:"must NOT have additional properties",schema:false,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[1],data:data47};
if(vErrors === null){
vErrors = [err98];
}
else {
vErrors.push(err98);
}
errors++;
}
}
if(data47.agent !== undefined){
let data54 = data47.agent;
if(typeof data54 !== "string"){
const err99 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/tools/" + i6+"/agent",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/tools/items/oneOf/1/properties/agent/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[1].properties.agent.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[1].properties.agent,data:data54};
if(vErrors === null){
vErrors = [err99];
}
else {
vErrors.push(err99);
}
errors++;
}
}
if(data47.capabilities !== undefined){
let data55 = data47.capabilities;
if(Array.isArray(data55)){
if(data55.length < 1){
const err100 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/tools/" + i6+"/capabilities",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/tools/items/oneOf/1/properties/capabilities/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items",schema:1,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[1].properties.capabilities,data:data55};
if(vErrors === null){
vErrors = [err100];
}
else {
vErrors.push(err100);
}
errors++;
}
const len7 = data55.length;
for(let i7=0; i7<len7; i7++){
let data56 = data55[i7];
if(typeof data56 !== "string"){
const err101 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/tools/" + i6+"/capabilities/" + i7,schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/tools/items/oneOf/1/properties/capabilities/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[1].properties.capabilities.items.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[1].properties.capabilities.items,data:data56};
if(vErrors === null){
vErrors = [err101];
}
else {
vErrors.push(err101);
}
errors++;
}
}
let i8 = data55.length;
let j0;
if(i8 > 1){
const indices0 = {};
for(;i8--;){
let item0 = data55[i8];
if(typeof item0 !== "string"){
continue;
}
if(typeof indices0[item0] == "number"){
j0 = indices0[item0];
const err102 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/tools/" + i6+"/capabilities",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/tools/items/oneOf/1/properties/capabilities/uniqueItems",keyword:"uniqueItems",params:{i: i8, j: j0},message:"must NOT have duplicate items (items ## "+j0+" and "+i8+" are identical)",schema:true,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[1].properties.capabilities,data:data55};
if(vErrors === null){
vErrors = [err102];
}
else {
vErrors.push(err102);
}
errors++;
break;
}
indices0[item0] = i8;
}
}
}
else {
const err103 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/tools/" + i6+"/capabilities",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/tools/items/oneOf/1/properties/capabilities/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[1].properties.capabilities.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[1].properties.capabilities,data:data55};
if(vErrors === null){
vErrors = [err103];
}
else {
vErrors.push(err103);
}
errors++;
}
}
}
else {
const err104 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/tools/" + i6,schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/tools/items/oneOf/1/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[1].type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[1],data:data47};
if(vErrors === null){
vErrors = [err104];
}
else {
vErrors.push(err104);
}
errors++;
}
var _valid2 = _errs135 === errors;
if(_valid2 && valid27){
valid27 = false;
passing2 = [passing2, 1];
}
else {
if(_valid2){
valid27 = true;
passing2 = 1;
if(props2 !== true){
props2 = true;
}
}
const _errs144 = errors;
if(data47 && typeof data47 == "object" && !Array.isArray(data47)){
if(data47.mcp === undefined){
const err105 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/tools/" + i6,schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/tools/items/oneOf/2/required",keyword:"required",params:{missingProperty: "mcp"},message:"must have required property '"+"mcp"+"'",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[2].required,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[2],data:data47};
if(vErrors === null){
vErrors = [err105];
}
else {
vErrors.push(err105);
}
errors++;
}
for(const key14 in data47){
if(!(key14 === "mcp")){
const err106 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/tools/" + i6,schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/tools/items/oneOf/2/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key14},message:"must NOT have additional properties",schema:false,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[2],data:data47};
if(vErrors === null){
vErrors = [err106];
}
else {
vErrors.push(err106);
}
errors++;
}
}
if(data47.mcp !== undefined){
let data57 = data47.mcp;
const _errs148 = errors;
let valid36 = false;
let passing4 = null;
const _errs149 = errors;
if(typeof data57 !== "string"){
const err107 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/tools/" + i6+"/mcp",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/tools/items/oneOf/2/properties/mcp/oneOf/0/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[2].properties.mcp.oneOf[0].type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[2].properties.mcp.oneOf[0],data:data57};
if(vErrors === null){
vErrors = [err107];
}
else {
vErrors.push(err107);
}
errors++;
}
var _valid4 = _errs149 === errors;
if(_valid4){
valid36 = true;
passing4 = 0;
}
const _errs151 = errors;
if(data57 && typeof data57 == "object" && !Array.isArray(data57)){
if(data57.server === undefined){
const err108 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/tools/" + i6+"/mcp",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/tools/items/oneOf/2/properties/mcp/oneOf/1/required",keyword:"required",params:{missingProperty: "server"},message:"must have required property '"+"server"+"'",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[2].properties.mcp.oneOf[1].required,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[2].properties.mcp.oneOf[1],data:data57};
if(vErrors === null){
vErrors = [err108];
}
else {
vErrors.push(err108);
}
errors++;
}
for(const key15 in data57){
if(!((key15 === "server") || (key15 === "tools"))){
const err109 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/tools/" + i6+"/mcp",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/tools/items/oneOf/2/properties/mcp/oneOf/1/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key15},message:"must NOT have additional properties",schema:false,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[2].properties.mcp.oneOf[1],data:data57};
if(vErrors === null){
vErrors = [err109];
}
else {
vErrors.push(err109);
}
errors++;
}
}
if(data57.server !== undefined){
let data58 = data57.server;
if(typeof data58 !== "string"){
const err110 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/tools/" + i6+"/mcp/server",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/tools/items/oneOf/2/properties/mcp/oneOf/1/properties/server/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[2].properties.mcp.oneOf[1].properties.server.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[2].properties.mcp.oneOf[1].properties.server,data:data58};
if(vErrors === null){
vErrors = [err110];
}
else {
vErrors.push(err110);
}
errors++;
}
}
if(data57.tools !== undefined){
let data59 = data57.tools;
if(Array.isArray(data59)){
if(data59.length < 1){
const err111 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/tools/" + i6+"/mcp/tools",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/tools/items/oneOf/2/properties/mcp/oneOf/1/properties/tools/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items",schema:1,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[2].properties.mcp.oneOf[1].properties.tools,data:data59};
if(vErrors === null){
vErrors = [err111];
}
else {
vErrors.push(err111);
}
errors++;
}
const len8 = data59.length;
for(let i9=0; i9<len8; i9++){
let data60 = data59[i9];
if(typeof data60 !== "string"){
const err112 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/tools/" + i6+"/mcp/tools/" + i9,schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/tools/items/oneOf/2/properties/mcp/oneOf/1/properties/tools/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[2].properties.mcp.oneOf[1].properties.tools.items.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[2].properties.mcp.oneOf[1].properties.tools.items,data:data60};
if(vErrors === null){
vErrors = [err112];
}
else {
vErrors.push(err112);
}
errors++;
}
}
let i10 = data59.length;
let j1;
if(i10 > 1){
const indices1 = {};
for(;i10--;){
let item1 = data59[i10];
if(typeof item1 !== "string"){
continue;
}
if(typeof indices1[item1] == "number"){
j1 = indices1[item1];
const err113 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/tools/" + i6+"/mcp/tools",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/tools/items/oneOf/2/properties/mcp/oneOf/1/properties/tools/uniqueItems",keyword:"uniqueItems",params:{i: i10, j: j1},message:"must NOT have duplicate items (items ## "+j1+" and "+i10+" are identical)",schema:true,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[2].properties.mcp.oneOf[1].properties.tools,data:data59};
if(vErrors === null){
vErrors = [err113];
}
else {
vErrors.push(err113);
}
errors++;
break;
}
indices1[item1] = i10;
}
}
}
else {
const err114 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/tools/" + i6+"/mcp/tools",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/tools/items/oneOf/2/properties/mcp/oneOf/1/properties/tools/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[2].properties.mcp.oneOf[1].properties.tools.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[2].properties.mcp.oneOf[1].properties.tools,data:data59};
if(vErrors === null){
vErrors = [err114];
}
else {
vErrors.push(err114);
}
errors++;
}
}
}
else {
const err115 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/tools/" + i6+"/mcp",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/tools/items/oneOf/2/properties/mcp/oneOf/1/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[2].properties.mcp.oneOf[1].type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[2].properties.mcp.oneOf[1],data:data57};
if(vErrors === null){
vErrors = [err115];
}
else {
vErrors.push(err115);
}
errors++;
}
var _valid4 = _errs151 === errors;
if(_valid4 && valid36){
valid36 = false;
passing4 = [passing4, 1];
}
else {
if(_valid4){
valid36 = true;
passing4 = 1;
}
}
if(!valid36){
const err116 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/tools/" + i6+"/mcp",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/tools/items/oneOf/2/properties/mcp/oneOf",keyword:"oneOf",params:{passingSchemas: passing4},message:"must match exactly one schema in oneOf",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[2].properties.mcp.oneOf,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[2].properties.mcp,data:data57};
if(vErrors === null){
vErrors = [err116];
}
else {
vErrors.push(err116);
}
errors++;
}
else {
errors = _errs148;
if(vErrors !== null){
if(_errs148){
vErrors.length = _errs148;
}
else {
vErrors = null;
}
}
}
}
}
else {
const err117 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/tools/" + i6,schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/tools/items/oneOf/2/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[2].type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[2],data:data47};
if(vErrors === null){
vErrors = [err117];
}
else {
vErrors.push(err117);
}
errors++;
}
var _valid2 = _errs144 === errors;
if(_valid2 && valid27){
valid27 = false;
passing2 = [passing2, 2];
}
else {
if(_valid2){
valid27 = true;
passing2 = 2;
if(props2 !== true){
props2 = true;
}
}
const _errs160 = errors;
if(data47 && typeof data47 == "object" && !Array.isArray(data47)){
if(data47.workflow === undefined){
const err118 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/tools/" + i6,schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/tools/items/oneOf/3/required",keyword:"required",params:{missingProperty: "workflow"},message:"must have required property '"+"workflow"+"'",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[3].required,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[3],data:data47};
if(vErrors === null){
vErrors = [err118];
}
else {
vErrors.push(err118);
}
errors++;
}
for(const key16 in data47){
if(!(((key16 === "workflow") || (key16 === "as")) || (key16 === "description"))){
const err119 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/tools/" + i6,schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/tools/items/oneOf/3/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key16},message:"must NOT have additional properties",schema:false,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[3],data:data47};
if(vErrors === null){
vErrors = [err119];
}
else {
vErrors.push(err119);
}
errors++;
}
}
if(data47.workflow !== undefined){
let data61 = data47.workflow;
if(typeof data61 !== "string"){
const err120 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/tools/" + i6+"/workflow",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/tools/items/oneOf/3/properties/workflow/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[3].properties.workflow.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[3].properties.workflow,data:data61};
if(vErrors === null){
vErrors = [err120];
}
else {
vErrors.push(err120);
}
errors++;
}
}
if(data47.as !== undefined){
let data62 = data47.as;
if(typeof data62 === "string"){
if(!pattern21.test(data62)){
const err121 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/tools/" + i6+"/as",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/tools/items/oneOf/3/properties/as/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z_][A-Za-z0-9_-]{0,63}$"},message:"must match pattern \""+"^[A-Za-z_][A-Za-z0-9_-]{0,63}$"+"\"",schema:"^[A-Za-z_][A-Za-z0-9_-]{0,63}$",parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[3].properties.as,data:data62};
if(vErrors === null){
vErrors = [err121];
}
else {
vErrors.push(err121);
}
errors++;
}
}
else {
const err122 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/tools/" + i6+"/as",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/tools/items/oneOf/3/properties/as/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[3].properties.as.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[3].properties.as,data:data62};
if(vErrors === null){
vErrors = [err122];
}
else {
vErrors.push(err122);
}
errors++;
}
}
if(data47.description !== undefined){
let data63 = data47.description;
if(typeof data63 !== "string"){
const err123 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/tools/" + i6+"/description",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/tools/items/oneOf/3/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[3].properties.description.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[3].properties.description,data:data63};
if(vErrors === null){
vErrors = [err123];
}
else {
vErrors.push(err123);
}
errors++;
}
}
}
else {
const err124 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/tools/" + i6,schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/tools/items/oneOf/3/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[3].type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[3],data:data47};
if(vErrors === null){
vErrors = [err124];
}
else {
vErrors.push(err124);
}
errors++;
}
var _valid2 = _errs160 === errors;
if(_valid2 && valid27){
valid27 = false;
passing2 = [passing2, 3];
}
else {
if(_valid2){
valid27 = true;
passing2 = 3;
if(props2 !== true){
props2 = true;
}
}
const _errs169 = errors;
if(data47 && typeof data47 == "object" && !Array.isArray(data47)){
if(data47.knowledge === undefined){
const err125 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/tools/" + i6,schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/tools/items/oneOf/4/required",keyword:"required",params:{missingProperty: "knowledge"},message:"must have required property '"+"knowledge"+"'",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[4].required,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[4],data:data47};
if(vErrors === null){
vErrors = [err125];
}
else {
vErrors.push(err125);
}
errors++;
}
for(const key17 in data47){
if(!(key17 === "knowledge")){
const err126 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/tools/" + i6,schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/tools/items/oneOf/4/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key17},message:"must NOT have additional properties",schema:false,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[4],data:data47};
if(vErrors === null){
vErrors = [err126];
}
else {
vErrors.push(err126);
}
errors++;
}
}
if(data47.knowledge !== undefined){
let data64 = data47.knowledge;
if(Array.isArray(data64)){
if(data64.length < 1){
const err127 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/tools/" + i6+"/knowledge",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/tools/items/oneOf/4/properties/knowledge/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items",schema:1,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[4].properties.knowledge,data:data64};
if(vErrors === null){
vErrors = [err127];
}
else {
vErrors.push(err127);
}
errors++;
}
const len9 = data64.length;
for(let i11=0; i11<len9; i11++){
let data65 = data64[i11];
if(!((data65 === "search") || (data65 === "store"))){
const err128 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/tools/" + i6+"/knowledge/" + i11,schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/tools/items/oneOf/4/properties/knowledge/items/enum",keyword:"enum",params:{allowedValues: schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[4].properties.knowledge.items.enum},message:"must be equal to one of the allowed values",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[4].properties.knowledge.items.enum,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[4].properties.knowledge.items,data:data65};
if(vErrors === null){
vErrors = [err128];
}
else {
vErrors.push(err128);
}
errors++;
}
}
let i12 = data64.length;
let j2;
if(i12 > 1){
outer0:
for(;i12--;){
for(j2 = i12; j2--;){
if(func0(data64[i12], data64[j2])){
const err129 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/tools/" + i6+"/knowledge",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/tools/items/oneOf/4/properties/knowledge/uniqueItems",keyword:"uniqueItems",params:{i: i12, j: j2},message:"must NOT have duplicate items (items ## "+j2+" and "+i12+" are identical)",schema:true,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[4].properties.knowledge,data:data64};
if(vErrors === null){
vErrors = [err129];
}
else {
vErrors.push(err129);
}
errors++;
break outer0;
}
}
}
}
}
else {
const err130 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/tools/" + i6+"/knowledge",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/tools/items/oneOf/4/properties/knowledge/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[4].properties.knowledge.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[4].properties.knowledge,data:data64};
if(vErrors === null){
vErrors = [err130];
}
else {
vErrors.push(err130);
}
errors++;
}
}
}
else {
const err131 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/tools/" + i6,schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/tools/items/oneOf/4/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[4].type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf[4],data:data47};
if(vErrors === null){
vErrors = [err131];
}
else {
vErrors.push(err131);
}
errors++;
}
var _valid2 = _errs169 === errors;
if(_valid2 && valid27){
valid27 = false;
passing2 = [passing2, 4];
}
else {
if(_valid2){
valid27 = true;
passing2 = 4;
if(props2 !== true){
props2 = true;
}
}
}
}
}
}
if(!valid27){
const err132 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/tools/" + i6,schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/tools/items/oneOf",keyword:"oneOf",params:{passingSchemas: passing2},message:"must match exactly one schema in oneOf",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items.oneOf,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.items,data:data47};
if(vErrors === null){
vErrors = [err132];
}
else {
vErrors.push(err132);
}
errors++;
}
else {
errors = _errs115;
if(vErrors !== null){
if(_errs115){
vErrors.length = _errs115;
}
else {
vErrors = null;
}
}
}
}
}
else {
const err133 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm/tools",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/properties/tools/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.properties.tools,data:data46};
if(vErrors === null){
vErrors = [err133];
}
else {
vErrors.push(err133);
}
errors++;
}
}
}
else {
const err134 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/llm",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/llm/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.llm,data:data38};
if(vErrors === null){
vErrors = [err134];
}
else {
vErrors.push(err134);
}
errors++;
}
}
if(data22.mcp !== undefined){
let data66 = data22.mcp;
if(data66 && typeof data66 == "object" && !Array.isArray(data66)){
if(data66.server === undefined){
const err135 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/mcp",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/mcp/required",keyword:"required",params:{missingProperty: "server"},message:"must have required property '"+"server"+"'",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.mcp.required,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.mcp,data:data66};
if(vErrors === null){
vErrors = [err135];
}
else {
vErrors.push(err135);
}
errors++;
}
if(data66.tool === undefined){
const err136 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/mcp",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/mcp/required",keyword:"required",params:{missingProperty: "tool"},message:"must have required property '"+"tool"+"'",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.mcp.required,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.mcp,data:data66};
if(vErrors === null){
vErrors = [err136];
}
else {
vErrors.push(err136);
}
errors++;
}
for(const key18 in data66){
if(!(((key18 === "server") || (key18 === "tool")) || (key18 === "arguments"))){
const err137 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/mcp",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/mcp/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key18},message:"must NOT have additional properties",schema:false,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.mcp,data:data66};
if(vErrors === null){
vErrors = [err137];
}
else {
vErrors.push(err137);
}
errors++;
}
}
if(data66.server !== undefined){
let data67 = data66.server;
if(typeof data67 !== "string"){
const err138 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/mcp/server",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/mcp/properties/server/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.mcp.properties.server.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.mcp.properties.server,data:data67};
if(vErrors === null){
vErrors = [err138];
}
else {
vErrors.push(err138);
}
errors++;
}
}
if(data66.tool !== undefined){
let data68 = data66.tool;
if(typeof data68 !== "string"){
const err139 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/mcp/tool",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/mcp/properties/tool/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.mcp.properties.tool.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.mcp.properties.tool,data:data68};
if(vErrors === null){
vErrors = [err139];
}
else {
vErrors.push(err139);
}
errors++;
}
}
if(data66.arguments !== undefined){
let data69 = data66.arguments;
if(!(data69 && typeof data69 == "object" && !Array.isArray(data69))){
const err140 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/mcp/arguments",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/mcp/properties/arguments/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.mcp.properties.arguments.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.mcp.properties.arguments,data:data69};
if(vErrors === null){
vErrors = [err140];
}
else {
vErrors.push(err140);
}
errors++;
}
}
}
else {
const err141 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/mcp",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/mcp/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.mcp.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.mcp,data:data66};
if(vErrors === null){
vErrors = [err141];
}
else {
vErrors.push(err141);
}
errors++;
}
}
if(data22.module !== undefined){
let data70 = data22.module;
if(typeof data70 === "string"){
if(!pattern23.test(data70)){
const err142 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/module",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/module/pattern",keyword:"pattern",params:{pattern: "^\\.{1,2}/[^#]+\\.(m?js)#[A-Za-z_$][A-Za-z0-9_$]*$"},message:"must match pattern \""+"^\\.{1,2}/[^#]+\\.(m?js)#[A-Za-z_$][A-Za-z0-9_$]*$"+"\"",schema:"^\\.{1,2}/[^#]+\\.(m?js)#[A-Za-z_$][A-Za-z0-9_$]*$",parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.module,data:data70};
if(vErrors === null){
vErrors = [err142];
}
else {
vErrors.push(err142);
}
errors++;
}
}
else {
const err143 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run/module",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/properties/module/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.properties.capabilities.additionalProperties.properties.run.properties.module.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run.properties.module,data:data70};
if(vErrors === null){
vErrors = [err143];
}
else {
vErrors.push(err143);
}
errors++;
}
}
}
else {
const err144 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/run",schemaPath:"#/properties/capabilities/additionalProperties/properties/run/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema32.properties.capabilities.additionalProperties.properties.run.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.run,data:data22};
if(vErrors === null){
vErrors = [err144];
}
else {
vErrors.push(err144);
}
errors++;
}
}
let data71 = data18.idempotent;
if(typeof data71 !== "boolean"){
const err145 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/idempotent",schemaPath:"#/properties/capabilities/additionalProperties/properties/idempotent/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema32.properties.capabilities.additionalProperties.properties.idempotent.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.idempotent,data:data71};
if(vErrors === null){
vErrors = [err145];
}
else {
vErrors.push(err145);
}
errors++;
}
if(data18.timeout !== undefined){
let data72 = data18.timeout;
if(typeof data72 === "string"){
if(!pattern4.test(data72)){
const err146 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/timeout",schemaPath:"#/properties/capabilities/additionalProperties/properties/timeout/pattern",keyword:"pattern",params:{pattern: "^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"},message:"must match pattern \""+"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"+"\"",schema:"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$",parentSchema:schema32.properties.capabilities.additionalProperties.properties.timeout,data:data72};
if(vErrors === null){
vErrors = [err146];
}
else {
vErrors.push(err146);
}
errors++;
}
}
else {
const err147 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/timeout",schemaPath:"#/properties/capabilities/additionalProperties/properties/timeout/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.properties.capabilities.additionalProperties.properties.timeout.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.timeout,data:data72};
if(vErrors === null){
vErrors = [err147];
}
else {
vErrors.push(err147);
}
errors++;
}
}
if(data18.retry !== undefined){
let data73 = data18.retry;
if(data73 && typeof data73 == "object" && !Array.isArray(data73)){
if(data73.attempts === undefined){
data73.attempts = 3;
}
if(data73.backoff === undefined){
data73.backoff = "exponential";
}
if(data73.initial === undefined){
data73.initial = "1s";
}
if(data73.max === undefined){
data73.max = "1m";
}
if(data73.jitter === undefined){
data73.jitter = true;
}
for(const key19 in data73){
if(!(((((key19 === "attempts") || (key19 === "backoff")) || (key19 === "initial")) || (key19 === "max")) || (key19 === "jitter"))){
const err148 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry",schemaPath:"#/properties/capabilities/additionalProperties/properties/retry/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key19},message:"must NOT have additional properties",schema:false,parentSchema:schema32.properties.capabilities.additionalProperties.properties.retry,data:data73};
if(vErrors === null){
vErrors = [err148];
}
else {
vErrors.push(err148);
}
errors++;
}
}
let data74 = data73.attempts;
if(!(((typeof data74 == "number") && (!(data74 % 1) && !isNaN(data74))) && (isFinite(data74)))){
const err149 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry/attempts",schemaPath:"#/properties/capabilities/additionalProperties/properties/retry/properties/attempts/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema32.properties.capabilities.additionalProperties.properties.retry.properties.attempts.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.retry.properties.attempts,data:data74};
if(vErrors === null){
vErrors = [err149];
}
else {
vErrors.push(err149);
}
errors++;
}
if((typeof data74 == "number") && (isFinite(data74))){
if(data74 > 100 || isNaN(data74)){
const err150 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry/attempts",schemaPath:"#/properties/capabilities/additionalProperties/properties/retry/properties/attempts/maximum",keyword:"maximum",params:{comparison: "<=", limit: 100},message:"must be <= 100",schema:100,parentSchema:schema32.properties.capabilities.additionalProperties.properties.retry.properties.attempts,data:data74};
if(vErrors === null){
vErrors = [err150];
}
else {
vErrors.push(err150);
}
errors++;
}
if(data74 < 1 || isNaN(data74)){
const err151 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry/attempts",schemaPath:"#/properties/capabilities/additionalProperties/properties/retry/properties/attempts/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema32.properties.capabilities.additionalProperties.properties.retry.properties.attempts,data:data74};
if(vErrors === null){
vErrors = [err151];
}
else {
vErrors.push(err151);
}
errors++;
}
}
let data75 = data73.backoff;
if(!((data75 === "exponential") || (data75 === "fixed"))){
const err152 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry/backoff",schemaPath:"#/properties/capabilities/additionalProperties/properties/retry/properties/backoff/enum",keyword:"enum",params:{allowedValues: schema32.properties.capabilities.additionalProperties.properties.retry.properties.backoff.enum},message:"must be equal to one of the allowed values",schema:schema32.properties.capabilities.additionalProperties.properties.retry.properties.backoff.enum,parentSchema:schema32.properties.capabilities.additionalProperties.properties.retry.properties.backoff,data:data75};
if(vErrors === null){
vErrors = [err152];
}
else {
vErrors.push(err152);
}
errors++;
}
let data76 = data73.initial;
if(typeof data76 === "string"){
if(!pattern4.test(data76)){
const err153 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry/initial",schemaPath:"#/properties/capabilities/additionalProperties/properties/retry/properties/initial/pattern",keyword:"pattern",params:{pattern: "^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"},message:"must match pattern \""+"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"+"\"",schema:"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$",parentSchema:schema32.properties.capabilities.additionalProperties.properties.retry.properties.initial,data:data76};
if(vErrors === null){
vErrors = [err153];
}
else {
vErrors.push(err153);
}
errors++;
}
}
else {
const err154 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry/initial",schemaPath:"#/properties/capabilities/additionalProperties/properties/retry/properties/initial/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.properties.capabilities.additionalProperties.properties.retry.properties.initial.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.retry.properties.initial,data:data76};
if(vErrors === null){
vErrors = [err154];
}
else {
vErrors.push(err154);
}
errors++;
}
let data77 = data73.max;
if(typeof data77 === "string"){
if(!pattern4.test(data77)){
const err155 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry/max",schemaPath:"#/properties/capabilities/additionalProperties/properties/retry/properties/max/pattern",keyword:"pattern",params:{pattern: "^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"},message:"must match pattern \""+"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"+"\"",schema:"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$",parentSchema:schema32.properties.capabilities.additionalProperties.properties.retry.properties.max,data:data77};
if(vErrors === null){
vErrors = [err155];
}
else {
vErrors.push(err155);
}
errors++;
}
}
else {
const err156 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry/max",schemaPath:"#/properties/capabilities/additionalProperties/properties/retry/properties/max/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.properties.capabilities.additionalProperties.properties.retry.properties.max.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.retry.properties.max,data:data77};
if(vErrors === null){
vErrors = [err156];
}
else {
vErrors.push(err156);
}
errors++;
}
let data78 = data73.jitter;
if(typeof data78 !== "boolean"){
const err157 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry/jitter",schemaPath:"#/properties/capabilities/additionalProperties/properties/retry/properties/jitter/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema32.properties.capabilities.additionalProperties.properties.retry.properties.jitter.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.retry.properties.jitter,data:data78};
if(vErrors === null){
vErrors = [err157];
}
else {
vErrors.push(err157);
}
errors++;
}
}
else {
const err158 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry",schemaPath:"#/properties/capabilities/additionalProperties/properties/retry/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema32.properties.capabilities.additionalProperties.properties.retry.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.retry,data:data73};
if(vErrors === null){
vErrors = [err158];
}
else {
vErrors.push(err158);
}
errors++;
}
}
if(data18.reads !== undefined){
let data79 = data18.reads;
if(Array.isArray(data79)){
const len10 = data79.length;
for(let i13=0; i13<len10; i13++){
let data80 = data79[i13];
if(typeof data80 !== "string"){
const err159 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/reads/" + i13,schemaPath:"#/properties/capabilities/additionalProperties/properties/reads/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.properties.capabilities.additionalProperties.properties.reads.items.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.reads.items,data:data80};
if(vErrors === null){
vErrors = [err159];
}
else {
vErrors.push(err159);
}
errors++;
}
}
}
else {
const err160 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/reads",schemaPath:"#/properties/capabilities/additionalProperties/properties/reads/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema32.properties.capabilities.additionalProperties.properties.reads.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.reads,data:data79};
if(vErrors === null){
vErrors = [err160];
}
else {
vErrors.push(err160);
}
errors++;
}
}
if(data18.writes !== undefined){
let data81 = data18.writes;
if(Array.isArray(data81)){
const len11 = data81.length;
for(let i14=0; i14<len11; i14++){
let data82 = data81[i14];
if(typeof data82 !== "string"){
const err161 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/writes/" + i14,schemaPath:"#/properties/capabilities/additionalProperties/properties/writes/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema32.properties.capabilities.additionalProperties.properties.writes.items.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.writes.items,data:data82};
if(vErrors === null){
vErrors = [err161];
}
else {
vErrors.push(err161);
}
errors++;
}
}
}
else {
const err162 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/writes",schemaPath:"#/properties/capabilities/additionalProperties/properties/writes/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema32.properties.capabilities.additionalProperties.properties.writes.type,parentSchema:schema32.properties.capabilities.additionalProperties.properties.writes,data:data81};
if(vErrors === null){
vErrors = [err162];
}
else {
vErrors.push(err162);
}
errors++;
}
}
}
else {
const err163 = {instancePath:instancePath+"/capabilities/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/capabilities/additionalProperties/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema32.properties.capabilities.additionalProperties.type,parentSchema:schema32.properties.capabilities.additionalProperties,data:data18};
if(vErrors === null){
vErrors = [err163];
}
else {
vErrors.push(err163);
}
errors++;
}
}
}
else {
const err164 = {instancePath:instancePath+"/capabilities",schemaPath:"#/properties/capabilities/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema32.properties.capabilities.type,parentSchema:schema32.properties.capabilities,data:data17};
if(vErrors === null){
vErrors = [err164];
}
else {
vErrors.push(err164);
}
errors++;
}
}
}
else {
const err165 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema32.type,parentSchema:schema32,data};
if(vErrors === null){
vErrors = [err165];
}
else {
vErrors.push(err165);
}
errors++;
}
validate21.errors = vErrors;
return errors === 0;
}
validate21.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

export const workflow = validate22;
const schema33 = {"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"https://amas.dev/schemas/workflow.schema.json","title":"WorkflowSpec","type":"object","additionalProperties":false,"description":"An amas workflow: one file in workflows.d/, a DAG of steps.","required":["id","steps"],"properties":{"$schema":{"type":"string","description":"Schema URL for editors.","examples":["../schemas/workflow.schema.json"]},"apiVersion":{"type":"string","const":"amas/v1","description":"Version of the spec language this file is written in. Absent means amas/v1.","examples":["amas/v1"]},"id":{"type":"string","pattern":"^[a-z][a-z0-9]*(-[a-z0-9]+)*$","maxLength":64,"description":"Unique workflow id, kebab-case.","examples":["publish-post"]},"description":{"type":"string","description":"What this workflow does.","examples":["plan → draft → edit → schedule"]},"inputs":{"type":"object","additionalProperties":{"type":"object","description":"Schema of one input; `default` applies when it is not given. A JSON Schema (draft 2020-12).","examples":[{"type":"string","default":"weekly roundup"}]},"description":"Run inputs by name, each a JSON Schema.","examples":[{"topic":{"type":"string","default":"weekly roundup"}}]},"on":{"type":"array","items":{"title":"TriggerSpec","type":"object","description":"What starts a run: exactly one of cron, event, file or manual.","examples":[{"cron":"0 9 * * MON","timezone":"Europe/Berlin"}],"minProperties":1,"additionalProperties":false,"properties":{"cron":{"type":"string","description":"Cron expression: 5 fields, or 6 with seconds first.","examples":["*/15 * * * *"]},"timezone":{"type":"string","default":"UTC","description":"IANA time zone of the cron expression.","examples":["Europe/Berlin"]},"jitter":{"type":"string","pattern":"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$","description":"Random delay added to each cron fire. A duration: a number then ms, s, m, h or d.","examples":["30s"]},"misfire":{"enum":["skip","run-once","run-all"],"default":"run-once","description":"What to do with fires missed while amas was down.","examples":["run-once"]},"grace":{"type":"string","pattern":"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$","description":"How late a missed fire may still run. A duration: a number then ms, s, m, h or d.","examples":["1h"]},"event":{"enum":["task_request","task_complete","data_update","error_occurred","system_status","agent_message","external_trigger"],"description":"Event type that starts a run.","examples":["data_update"]},"where":{"type":"object","description":"Equality filters on the event data (dotted paths allowed).","examples":[{"data_type":"audience_metrics"}]},"file":{"description":"Glob(s), relative to the project root, whose changes start a run.","examples":["docs/**/*.md"],"oneOf":[{"type":"string"},{"type":"array","items":{"type":"string"},"minItems":1}]},"debounce":{"type":"string","pattern":"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$","description":"Quiet time after a file change before the run starts. A duration: a number then ms, s, m, h or d.","examples":["500ms"]},"manual":{"type":"object","additionalProperties":false,"description":"Allows runs by hand (CLI, TUI, MCP, HTTP). A workflow whose on: lists other triggers but not manual cannot be started by hand; one with no on: is manual.","examples":[{}]},"inputs":{"type":"object","description":"Inputs given to runs this trigger starts.","examples":[{"topic":"weekly roundup"}]}}},"description":"Triggers that start runs.","examples":[[{"cron":"0 9 * * MON"},{"manual":{}}]]},"concurrency":{"type":"object","additionalProperties":false,"description":"How many runs at once, and what happens to a run started while others go.","examples":[{"max_runs":1,"overlap":"skip"}],"properties":{"max_runs":{"type":"integer","minimum":1,"default":1,"description":"Runs of this workflow at once.","examples":[1]},"overlap":{"enum":["skip","queue","cancel-previous","allow"],"default":"skip","description":"What a trigger does when max_runs are already going.","examples":["queue"]}}},"budget":{"type":"object","additionalProperties":false,"description":"Limits per run; crossing one ends the run as budget_exceeded.","examples":[{"wall":"10m","tokens":200000}],"properties":{"wall":{"type":"string","pattern":"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$","description":"Wall time of one run. A duration: a number then ms, s, m, h or d.","examples":["10m"]},"tokens":{"type":"integer","minimum":1,"description":"LLM tokens (prompt + completion) of one run.","examples":[200000]},"tool_calls":{"type":"integer","minimum":1,"description":"Executor calls (attempts) of one run.","examples":[100]}}},"timeout":{"type":"string","pattern":"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$","description":"Default attempt timeout of this workflow's steps. A duration: a number then ms, s, m, h or d.","examples":["5m"]},"steps":{"type":"array","minItems":1,"items":{"title":"StepSpec","type":"object","additionalProperties":false,"required":["id"],"description":"One node of the workflow DAG: a task for an agent, an approval by a person, or a sub-workflow.","examples":[{"id":"draft","task":"write_blog_post","needs":["plan"],"with":{"topic":"${{ inputs.topic }}"}}],"properties":{"id":{"type":"string","pattern":"^[a-z][a-z0-9_-]*$","maxLength":64,"description":"Step id, unique in the workflow.","examples":["draft"]},"task":{"type":"string","description":"Capability to run.","examples":["write_blog_post"]},"approval":{"title":"ApprovalSpec","type":"object","additionalProperties":false,"required":["prompt"],"description":"Instead of a task: the step waits for a person to approve or reject (CLI `amas runs approve|reject`, the TUI, the HTTP API, MCP). Durable and free while it waits. Output: `{ approved, by, at, comment?, …input }`.","examples":[{"prompt":"Publish “${{ steps.draft.output.title }}”?","timeout":"24h","on_timeout":"reject"}],"properties":{"prompt":{"type":"string","description":"What the approver is asked. May contain ${{ }} expressions.","examples":["Publish “${{ steps.draft.output.title }}”?"]},"timeout":{"type":"string","pattern":"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$","description":"How long to wait, from the request. A duration: a number then ms, s, m, h or d. Default: wait until answered.","examples":["24h"]},"on_timeout":{"enum":["approve","reject","fail"],"description":"What the step does when the timeout passes unanswered (default: reject). Needs `timeout`.","examples":["reject"]},"input":{"type":"object","description":"A form the approver fills; its values join the step's output. A JSON Schema (draft 2020-12) of an object.","examples":[{"type":"object","properties":{"comment":{"type":"string"}}}]}}},"workflow":{"type":"string","pattern":"^[a-z][a-z0-9-]*$","description":"Instead of a task: run this workflow as a sub-run (linked to this run) with `with:` as its inputs; the step's output is its outputs.","examples":["publish-post"]},"agent":{"type":"string","description":"Pin the step to one agent.","examples":["content-writer"]},"domain":{"type":"string","description":"Prefer agents of this domain.","examples":["Content Creation"]},"needs":{"type":"array","items":{"type":"string"},"uniqueItems":true,"description":"Steps that must finish first.","examples":[["plan"]]},"with":{"type":"object","description":"Task input, or the sub-workflow's inputs (values may be expressions).","examples":[{"topic":"${{ inputs.topic }}"}]},"if":{"type":"string","description":"Condition; a false value skips the step and, unless they say otherwise, the steps that need it.","examples":["${{ steps.draft.output.word_count > 300 }}"]},"timeout":{"type":"string","pattern":"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$","description":"Longest one attempt may take (includes waiting for a free agent). A duration: a number then ms, s, m, h or d.","examples":["5m"]},"retry":{"title":"RetryPolicy","type":"object","additionalProperties":false,"description":"How failed attempts are retried: exponential backoff with jitter by default.","examples":[{"attempts":3,"backoff":"exponential","initial":"1s"}],"properties":{"attempts":{"type":"integer","minimum":1,"maximum":100,"default":3,"description":"Total attempts, the first included (1 = no retry).","examples":[3]},"backoff":{"enum":["exponential","fixed"],"default":"exponential","description":"How the wait between attempts grows.","examples":["exponential"]},"initial":{"type":"string","pattern":"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$","description":"Wait before the second attempt. A duration: a number then ms, s, m, h or d.","examples":["1s"],"default":"1s"},"max":{"type":"string","pattern":"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$","description":"Longest wait between two attempts. A duration: a number then ms, s, m, h or d.","examples":["1m"],"default":"1m"},"jitter":{"type":"boolean","default":true,"description":"Randomise each wait by up to ±50% so that retries of many runs do not align.","examples":[true]}}},"idempotent":{"type":"boolean","default":true,"description":"false: after a crash mid-step, wait as in_doubt for a person instead of running again.","examples":[false]},"continue_on_error":{"type":"boolean","default":false,"description":"A failure of this step does not fail the run.","examples":[true]},"for_each":{"description":"Run the step once per item of this list (`item` and `index` are in scope in `with`, `if` and the executor input); the output is the list of outputs in item order.","examples":["${{ inputs.platforms }}",["x","linkedin"]],"oneOf":[{"type":"string","description":"An expression that yields a list.","examples":["${{ inputs.platforms }}"]},{"type":"array","description":"A literal list.","examples":[["x","linkedin"]]}]},"concurrency":{"type":"integer","minimum":1,"maximum":1000,"default":1,"description":"With `for_each`: how many items run at once.","examples":[2]},"repeat":{"title":"RepeatSpec","type":"object","additionalProperties":false,"required":["until","max"],"description":"Re-run the step until `until` holds, at most `max` times. In `until`, `output` is the iteration's output; in `with`, `repeat.index` (0, 1, …) and `repeat.previous` (the previous output, null at first). The output is the last iteration's.","examples":[{"until":"${{ output.score >= 8 }}","max":3}],"properties":{"until":{"type":"string","description":"Condition over `output` (this iteration's output); true ends the loop.","examples":["${{ output.score >= 8 }}"]},"max":{"type":"integer","minimum":1,"maximum":100,"description":"Most iterations.","examples":[3]}}}},"oneOf":[{"required":["task"]},{"required":["approval"]},{"required":["workflow"]}]},"description":"The steps, a DAG through `needs`.","examples":[[{"id":"hello","task":"greet"}]]},"outputs":{"type":"object","description":"Run outputs (values may be expressions over steps).","examples":[{"title":"${{ steps.draft.output.title }}"}]}}};
const pattern33 = new RegExp("^[a-z][a-z0-9_-]*$", "u");
const pattern35 = new RegExp("^[a-z][a-z0-9-]*$", "u");

function validate22(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
/*# sourceURL="https://amas.dev/schemas/workflow.schema.json" */;
let vErrors = null;
let errors = 0;
const evaluated0 = validate22.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.id === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'",schema:schema33.required,parentSchema:schema33,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.steps === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "steps"},message:"must have required property '"+"steps"+"'",schema:schema33.required,parentSchema:schema33,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
for(const key0 in data){
if(!(func1.call(schema33.properties, key0))){
const err2 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema33,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.$schema !== undefined){
let data0 = data.$schema;
if(typeof data0 !== "string"){
const err3 = {instancePath:instancePath+"/$schema",schemaPath:"#/properties/%24schema/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema33.properties.$schema.type,parentSchema:schema33.properties.$schema,data:data0};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.apiVersion !== undefined){
let data1 = data.apiVersion;
if(typeof data1 !== "string"){
const err4 = {instancePath:instancePath+"/apiVersion",schemaPath:"#/properties/apiVersion/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema33.properties.apiVersion.type,parentSchema:schema33.properties.apiVersion,data:data1};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
if("amas/v1" !== data1){
const err5 = {instancePath:instancePath+"/apiVersion",schemaPath:"#/properties/apiVersion/const",keyword:"const",params:{allowedValue: "amas/v1"},message:"must be equal to constant",schema:"amas/v1",parentSchema:schema33.properties.apiVersion,data:data1};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.id !== undefined){
let data2 = data.id;
if(typeof data2 === "string"){
if(func3(data2) > 64){
const err6 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/maxLength",keyword:"maxLength",params:{limit: 64},message:"must NOT have more than 64 characters",schema:64,parentSchema:schema33.properties.id,data:data2};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
if(!pattern18.test(data2)){
const err7 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/pattern",keyword:"pattern",params:{pattern: "^[a-z][a-z0-9]*(-[a-z0-9]+)*$"},message:"must match pattern \""+"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"+"\"",schema:"^[a-z][a-z0-9]*(-[a-z0-9]+)*$",parentSchema:schema33.properties.id,data:data2};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
else {
const err8 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema33.properties.id.type,parentSchema:schema33.properties.id,data:data2};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data.description !== undefined){
let data3 = data.description;
if(typeof data3 !== "string"){
const err9 = {instancePath:instancePath+"/description",schemaPath:"#/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema33.properties.description.type,parentSchema:schema33.properties.description,data:data3};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
if(data.inputs !== undefined){
let data4 = data.inputs;
if(data4 && typeof data4 == "object" && !Array.isArray(data4)){
for(const key1 in data4){
let data5 = data4[key1];
if(!(data5 && typeof data5 == "object" && !Array.isArray(data5))){
const err10 = {instancePath:instancePath+"/inputs/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/inputs/additionalProperties/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema33.properties.inputs.additionalProperties.type,parentSchema:schema33.properties.inputs.additionalProperties,data:data5};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
}
else {
const err11 = {instancePath:instancePath+"/inputs",schemaPath:"#/properties/inputs/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema33.properties.inputs.type,parentSchema:schema33.properties.inputs,data:data4};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
if(data.on !== undefined){
let data6 = data.on;
if(Array.isArray(data6)){
const len0 = data6.length;
for(let i0=0; i0<len0; i0++){
let data7 = data6[i0];
if(data7 && typeof data7 == "object" && !Array.isArray(data7)){
if(data7.timezone === undefined){
data7.timezone = "UTC";
}
if(data7.misfire === undefined){
data7.misfire = "run-once";
}
if(Object.keys(data7).length < 1){
const err12 = {instancePath:instancePath+"/on/" + i0,schemaPath:"#/properties/on/items/minProperties",keyword:"minProperties",params:{limit: 1},message:"must NOT have fewer than 1 properties",schema:1,parentSchema:schema33.properties.on.items,data:data7};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
for(const key2 in data7){
if(!(func1.call(schema33.properties.on.items.properties, key2))){
const err13 = {instancePath:instancePath+"/on/" + i0,schemaPath:"#/properties/on/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties",schema:false,parentSchema:schema33.properties.on.items,data:data7};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
if(data7.cron !== undefined){
let data8 = data7.cron;
if(typeof data8 !== "string"){
const err14 = {instancePath:instancePath+"/on/" + i0+"/cron",schemaPath:"#/properties/on/items/properties/cron/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema33.properties.on.items.properties.cron.type,parentSchema:schema33.properties.on.items.properties.cron,data:data8};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
let data9 = data7.timezone;
if(typeof data9 !== "string"){
const err15 = {instancePath:instancePath+"/on/" + i0+"/timezone",schemaPath:"#/properties/on/items/properties/timezone/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema33.properties.on.items.properties.timezone.type,parentSchema:schema33.properties.on.items.properties.timezone,data:data9};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
if(data7.jitter !== undefined){
let data10 = data7.jitter;
if(typeof data10 === "string"){
if(!pattern4.test(data10)){
const err16 = {instancePath:instancePath+"/on/" + i0+"/jitter",schemaPath:"#/properties/on/items/properties/jitter/pattern",keyword:"pattern",params:{pattern: "^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"},message:"must match pattern \""+"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"+"\"",schema:"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$",parentSchema:schema33.properties.on.items.properties.jitter,data:data10};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
else {
const err17 = {instancePath:instancePath+"/on/" + i0+"/jitter",schemaPath:"#/properties/on/items/properties/jitter/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema33.properties.on.items.properties.jitter.type,parentSchema:schema33.properties.on.items.properties.jitter,data:data10};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
let data11 = data7.misfire;
if(!(((data11 === "skip") || (data11 === "run-once")) || (data11 === "run-all"))){
const err18 = {instancePath:instancePath+"/on/" + i0+"/misfire",schemaPath:"#/properties/on/items/properties/misfire/enum",keyword:"enum",params:{allowedValues: schema33.properties.on.items.properties.misfire.enum},message:"must be equal to one of the allowed values",schema:schema33.properties.on.items.properties.misfire.enum,parentSchema:schema33.properties.on.items.properties.misfire,data:data11};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
if(data7.grace !== undefined){
let data12 = data7.grace;
if(typeof data12 === "string"){
if(!pattern4.test(data12)){
const err19 = {instancePath:instancePath+"/on/" + i0+"/grace",schemaPath:"#/properties/on/items/properties/grace/pattern",keyword:"pattern",params:{pattern: "^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"},message:"must match pattern \""+"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"+"\"",schema:"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$",parentSchema:schema33.properties.on.items.properties.grace,data:data12};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
else {
const err20 = {instancePath:instancePath+"/on/" + i0+"/grace",schemaPath:"#/properties/on/items/properties/grace/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema33.properties.on.items.properties.grace.type,parentSchema:schema33.properties.on.items.properties.grace,data:data12};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
if(data7.event !== undefined){
let data13 = data7.event;
if(!(((((((data13 === "task_request") || (data13 === "task_complete")) || (data13 === "data_update")) || (data13 === "error_occurred")) || (data13 === "system_status")) || (data13 === "agent_message")) || (data13 === "external_trigger"))){
const err21 = {instancePath:instancePath+"/on/" + i0+"/event",schemaPath:"#/properties/on/items/properties/event/enum",keyword:"enum",params:{allowedValues: schema33.properties.on.items.properties.event.enum},message:"must be equal to one of the allowed values",schema:schema33.properties.on.items.properties.event.enum,parentSchema:schema33.properties.on.items.properties.event,data:data13};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
if(data7.where !== undefined){
let data14 = data7.where;
if(!(data14 && typeof data14 == "object" && !Array.isArray(data14))){
const err22 = {instancePath:instancePath+"/on/" + i0+"/where",schemaPath:"#/properties/on/items/properties/where/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema33.properties.on.items.properties.where.type,parentSchema:schema33.properties.on.items.properties.where,data:data14};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
if(data7.file !== undefined){
let data15 = data7.file;
const _errs33 = errors;
let valid5 = false;
let passing0 = null;
const _errs34 = errors;
if(typeof data15 !== "string"){
const err23 = {instancePath:instancePath+"/on/" + i0+"/file",schemaPath:"#/properties/on/items/properties/file/oneOf/0/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema33.properties.on.items.properties.file.oneOf[0].type,parentSchema:schema33.properties.on.items.properties.file.oneOf[0],data:data15};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
var _valid0 = _errs34 === errors;
if(_valid0){
valid5 = true;
passing0 = 0;
}
const _errs36 = errors;
if(Array.isArray(data15)){
if(data15.length < 1){
const err24 = {instancePath:instancePath+"/on/" + i0+"/file",schemaPath:"#/properties/on/items/properties/file/oneOf/1/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items",schema:1,parentSchema:schema33.properties.on.items.properties.file.oneOf[1],data:data15};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
const len1 = data15.length;
for(let i1=0; i1<len1; i1++){
let data16 = data15[i1];
if(typeof data16 !== "string"){
const err25 = {instancePath:instancePath+"/on/" + i0+"/file/" + i1,schemaPath:"#/properties/on/items/properties/file/oneOf/1/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema33.properties.on.items.properties.file.oneOf[1].items.type,parentSchema:schema33.properties.on.items.properties.file.oneOf[1].items,data:data16};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
}
else {
const err26 = {instancePath:instancePath+"/on/" + i0+"/file",schemaPath:"#/properties/on/items/properties/file/oneOf/1/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema33.properties.on.items.properties.file.oneOf[1].type,parentSchema:schema33.properties.on.items.properties.file.oneOf[1],data:data15};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
var _valid0 = _errs36 === errors;
if(_valid0 && valid5){
valid5 = false;
passing0 = [passing0, 1];
}
else {
if(_valid0){
valid5 = true;
passing0 = 1;
}
}
if(!valid5){
const err27 = {instancePath:instancePath+"/on/" + i0+"/file",schemaPath:"#/properties/on/items/properties/file/oneOf",keyword:"oneOf",params:{passingSchemas: passing0},message:"must match exactly one schema in oneOf",schema:schema33.properties.on.items.properties.file.oneOf,parentSchema:schema33.properties.on.items.properties.file,data:data15};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
else {
errors = _errs33;
if(vErrors !== null){
if(_errs33){
vErrors.length = _errs33;
}
else {
vErrors = null;
}
}
}
}
if(data7.debounce !== undefined){
let data17 = data7.debounce;
if(typeof data17 === "string"){
if(!pattern4.test(data17)){
const err28 = {instancePath:instancePath+"/on/" + i0+"/debounce",schemaPath:"#/properties/on/items/properties/debounce/pattern",keyword:"pattern",params:{pattern: "^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"},message:"must match pattern \""+"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"+"\"",schema:"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$",parentSchema:schema33.properties.on.items.properties.debounce,data:data17};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
else {
const err29 = {instancePath:instancePath+"/on/" + i0+"/debounce",schemaPath:"#/properties/on/items/properties/debounce/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema33.properties.on.items.properties.debounce.type,parentSchema:schema33.properties.on.items.properties.debounce,data:data17};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
if(data7.manual !== undefined){
let data18 = data7.manual;
if(data18 && typeof data18 == "object" && !Array.isArray(data18)){
for(const key3 in data18){
const err30 = {instancePath:instancePath+"/on/" + i0+"/manual",schemaPath:"#/properties/on/items/properties/manual/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key3},message:"must NOT have additional properties",schema:false,parentSchema:schema33.properties.on.items.properties.manual,data:data18};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
else {
const err31 = {instancePath:instancePath+"/on/" + i0+"/manual",schemaPath:"#/properties/on/items/properties/manual/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema33.properties.on.items.properties.manual.type,parentSchema:schema33.properties.on.items.properties.manual,data:data18};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
if(data7.inputs !== undefined){
let data19 = data7.inputs;
if(!(data19 && typeof data19 == "object" && !Array.isArray(data19))){
const err32 = {instancePath:instancePath+"/on/" + i0+"/inputs",schemaPath:"#/properties/on/items/properties/inputs/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema33.properties.on.items.properties.inputs.type,parentSchema:schema33.properties.on.items.properties.inputs,data:data19};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
}
else {
const err33 = {instancePath:instancePath+"/on/" + i0,schemaPath:"#/properties/on/items/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema33.properties.on.items.type,parentSchema:schema33.properties.on.items,data:data7};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
}
else {
const err34 = {instancePath:instancePath+"/on",schemaPath:"#/properties/on/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema33.properties.on.type,parentSchema:schema33.properties.on,data:data6};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
}
if(data.concurrency !== undefined){
let data20 = data.concurrency;
if(data20 && typeof data20 == "object" && !Array.isArray(data20)){
if(data20.max_runs === undefined){
data20.max_runs = 1;
}
if(data20.overlap === undefined){
data20.overlap = "skip";
}
for(const key4 in data20){
if(!((key4 === "max_runs") || (key4 === "overlap"))){
const err35 = {instancePath:instancePath+"/concurrency",schemaPath:"#/properties/concurrency/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key4},message:"must NOT have additional properties",schema:false,parentSchema:schema33.properties.concurrency,data:data20};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
let data21 = data20.max_runs;
if(!(((typeof data21 == "number") && (!(data21 % 1) && !isNaN(data21))) && (isFinite(data21)))){
const err36 = {instancePath:instancePath+"/concurrency/max_runs",schemaPath:"#/properties/concurrency/properties/max_runs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema33.properties.concurrency.properties.max_runs.type,parentSchema:schema33.properties.concurrency.properties.max_runs,data:data21};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
if((typeof data21 == "number") && (isFinite(data21))){
if(data21 < 1 || isNaN(data21)){
const err37 = {instancePath:instancePath+"/concurrency/max_runs",schemaPath:"#/properties/concurrency/properties/max_runs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema33.properties.concurrency.properties.max_runs,data:data21};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
let data22 = data20.overlap;
if(!((((data22 === "skip") || (data22 === "queue")) || (data22 === "cancel-previous")) || (data22 === "allow"))){
const err38 = {instancePath:instancePath+"/concurrency/overlap",schemaPath:"#/properties/concurrency/properties/overlap/enum",keyword:"enum",params:{allowedValues: schema33.properties.concurrency.properties.overlap.enum},message:"must be equal to one of the allowed values",schema:schema33.properties.concurrency.properties.overlap.enum,parentSchema:schema33.properties.concurrency.properties.overlap,data:data22};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
}
else {
const err39 = {instancePath:instancePath+"/concurrency",schemaPath:"#/properties/concurrency/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema33.properties.concurrency.type,parentSchema:schema33.properties.concurrency,data:data20};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
}
if(data.budget !== undefined){
let data23 = data.budget;
if(data23 && typeof data23 == "object" && !Array.isArray(data23)){
for(const key5 in data23){
if(!(((key5 === "wall") || (key5 === "tokens")) || (key5 === "tool_calls"))){
const err40 = {instancePath:instancePath+"/budget",schemaPath:"#/properties/budget/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key5},message:"must NOT have additional properties",schema:false,parentSchema:schema33.properties.budget,data:data23};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
if(data23.wall !== undefined){
let data24 = data23.wall;
if(typeof data24 === "string"){
if(!pattern4.test(data24)){
const err41 = {instancePath:instancePath+"/budget/wall",schemaPath:"#/properties/budget/properties/wall/pattern",keyword:"pattern",params:{pattern: "^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"},message:"must match pattern \""+"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"+"\"",schema:"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$",parentSchema:schema33.properties.budget.properties.wall,data:data24};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
}
else {
const err42 = {instancePath:instancePath+"/budget/wall",schemaPath:"#/properties/budget/properties/wall/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema33.properties.budget.properties.wall.type,parentSchema:schema33.properties.budget.properties.wall,data:data24};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
}
if(data23.tokens !== undefined){
let data25 = data23.tokens;
if(!(((typeof data25 == "number") && (!(data25 % 1) && !isNaN(data25))) && (isFinite(data25)))){
const err43 = {instancePath:instancePath+"/budget/tokens",schemaPath:"#/properties/budget/properties/tokens/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema33.properties.budget.properties.tokens.type,parentSchema:schema33.properties.budget.properties.tokens,data:data25};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
if((typeof data25 == "number") && (isFinite(data25))){
if(data25 < 1 || isNaN(data25)){
const err44 = {instancePath:instancePath+"/budget/tokens",schemaPath:"#/properties/budget/properties/tokens/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema33.properties.budget.properties.tokens,data:data25};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
}
}
if(data23.tool_calls !== undefined){
let data26 = data23.tool_calls;
if(!(((typeof data26 == "number") && (!(data26 % 1) && !isNaN(data26))) && (isFinite(data26)))){
const err45 = {instancePath:instancePath+"/budget/tool_calls",schemaPath:"#/properties/budget/properties/tool_calls/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema33.properties.budget.properties.tool_calls.type,parentSchema:schema33.properties.budget.properties.tool_calls,data:data26};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
if((typeof data26 == "number") && (isFinite(data26))){
if(data26 < 1 || isNaN(data26)){
const err46 = {instancePath:instancePath+"/budget/tool_calls",schemaPath:"#/properties/budget/properties/tool_calls/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema33.properties.budget.properties.tool_calls,data:data26};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
}
}
}
else {
const err47 = {instancePath:instancePath+"/budget",schemaPath:"#/properties/budget/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema33.properties.budget.type,parentSchema:schema33.properties.budget,data:data23};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
}
if(data.timeout !== undefined){
let data27 = data.timeout;
if(typeof data27 === "string"){
if(!pattern4.test(data27)){
const err48 = {instancePath:instancePath+"/timeout",schemaPath:"#/properties/timeout/pattern",keyword:"pattern",params:{pattern: "^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"},message:"must match pattern \""+"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"+"\"",schema:"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$",parentSchema:schema33.properties.timeout,data:data27};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
}
else {
const err49 = {instancePath:instancePath+"/timeout",schemaPath:"#/properties/timeout/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema33.properties.timeout.type,parentSchema:schema33.properties.timeout,data:data27};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
}
if(data.steps !== undefined){
let data28 = data.steps;
if(Array.isArray(data28)){
if(data28.length < 1){
const err50 = {instancePath:instancePath+"/steps",schemaPath:"#/properties/steps/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items",schema:1,parentSchema:schema33.properties.steps,data:data28};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
const len2 = data28.length;
for(let i2=0; i2<len2; i2++){
let data29 = data28[i2];
const _errs68 = errors;
let valid12 = false;
let passing1 = null;
const _errs69 = errors;
if(data29 && typeof data29 == "object" && !Array.isArray(data29)){
if(data29.task === undefined){
const err51 = {instancePath:instancePath+"/steps/" + i2,schemaPath:"#/properties/steps/items/oneOf/0/required",keyword:"required",params:{missingProperty: "task"},message:"must have required property '"+"task"+"'",schema:schema33.properties.steps.items.oneOf[0].required,parentSchema:schema33.properties.steps.items.oneOf[0],data:data29};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
}
var _valid1 = _errs69 === errors;
if(_valid1){
valid12 = true;
passing1 = 0;
}
const _errs70 = errors;
if(data29 && typeof data29 == "object" && !Array.isArray(data29)){
if(data29.approval === undefined){
const err52 = {instancePath:instancePath+"/steps/" + i2,schemaPath:"#/properties/steps/items/oneOf/1/required",keyword:"required",params:{missingProperty: "approval"},message:"must have required property '"+"approval"+"'",schema:schema33.properties.steps.items.oneOf[1].required,parentSchema:schema33.properties.steps.items.oneOf[1],data:data29};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
}
}
var _valid1 = _errs70 === errors;
if(_valid1 && valid12){
valid12 = false;
passing1 = [passing1, 1];
}
else {
if(_valid1){
valid12 = true;
passing1 = 1;
}
const _errs71 = errors;
if(data29 && typeof data29 == "object" && !Array.isArray(data29)){
if(data29.workflow === undefined){
const err53 = {instancePath:instancePath+"/steps/" + i2,schemaPath:"#/properties/steps/items/oneOf/2/required",keyword:"required",params:{missingProperty: "workflow"},message:"must have required property '"+"workflow"+"'",schema:schema33.properties.steps.items.oneOf[2].required,parentSchema:schema33.properties.steps.items.oneOf[2],data:data29};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
}
}
var _valid1 = _errs71 === errors;
if(_valid1 && valid12){
valid12 = false;
passing1 = [passing1, 2];
}
else {
if(_valid1){
valid12 = true;
passing1 = 2;
}
}
}
if(!valid12){
const err54 = {instancePath:instancePath+"/steps/" + i2,schemaPath:"#/properties/steps/items/oneOf",keyword:"oneOf",params:{passingSchemas: passing1},message:"must match exactly one schema in oneOf",schema:schema33.properties.steps.items.oneOf,parentSchema:schema33.properties.steps.items,data:data29};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
else {
errors = _errs68;
if(vErrors !== null){
if(_errs68){
vErrors.length = _errs68;
}
else {
vErrors = null;
}
}
}
if(data29 && typeof data29 == "object" && !Array.isArray(data29)){
if(data29.idempotent === undefined){
data29.idempotent = true;
}
if(data29.continue_on_error === undefined){
data29.continue_on_error = false;
}
if(data29.concurrency === undefined){
data29.concurrency = 1;
}
if(data29.id === undefined){
const err55 = {instancePath:instancePath+"/steps/" + i2,schemaPath:"#/properties/steps/items/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'",schema:schema33.properties.steps.items.required,parentSchema:schema33.properties.steps.items,data:data29};
if(vErrors === null){
vErrors = [err55];
}
else {
vErrors.push(err55);
}
errors++;
}
for(const key6 in data29){
if(!(func1.call(schema33.properties.steps.items.properties, key6))){
const err56 = {instancePath:instancePath+"/steps/" + i2,schemaPath:"#/properties/steps/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key6},message:"must NOT have additional properties",schema:false,parentSchema:schema33.properties.steps.items,data:data29};
if(vErrors === null){
vErrors = [err56];
}
else {
vErrors.push(err56);
}
errors++;
}
}
if(data29.id !== undefined){
let data30 = data29.id;
if(typeof data30 === "string"){
if(func3(data30) > 64){
const err57 = {instancePath:instancePath+"/steps/" + i2+"/id",schemaPath:"#/properties/steps/items/properties/id/maxLength",keyword:"maxLength",params:{limit: 64},message:"must NOT have more than 64 characters",schema:64,parentSchema:schema33.properties.steps.items.properties.id,data:data30};
if(vErrors === null){
vErrors = [err57];
}
else {
vErrors.push(err57);
}
errors++;
}
if(!pattern33.test(data30)){
const err58 = {instancePath:instancePath+"/steps/" + i2+"/id",schemaPath:"#/properties/steps/items/properties/id/pattern",keyword:"pattern",params:{pattern: "^[a-z][a-z0-9_-]*$"},message:"must match pattern \""+"^[a-z][a-z0-9_-]*$"+"\"",schema:"^[a-z][a-z0-9_-]*$",parentSchema:schema33.properties.steps.items.properties.id,data:data30};
if(vErrors === null){
vErrors = [err58];
}
else {
vErrors.push(err58);
}
errors++;
}
}
else {
const err59 = {instancePath:instancePath+"/steps/" + i2+"/id",schemaPath:"#/properties/steps/items/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema33.properties.steps.items.properties.id.type,parentSchema:schema33.properties.steps.items.properties.id,data:data30};
if(vErrors === null){
vErrors = [err59];
}
else {
vErrors.push(err59);
}
errors++;
}
}
if(data29.task !== undefined){
let data31 = data29.task;
if(typeof data31 !== "string"){
const err60 = {instancePath:instancePath+"/steps/" + i2+"/task",schemaPath:"#/properties/steps/items/properties/task/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema33.properties.steps.items.properties.task.type,parentSchema:schema33.properties.steps.items.properties.task,data:data31};
if(vErrors === null){
vErrors = [err60];
}
else {
vErrors.push(err60);
}
errors++;
}
}
if(data29.approval !== undefined){
let data32 = data29.approval;
if(data32 && typeof data32 == "object" && !Array.isArray(data32)){
if(data32.prompt === undefined){
const err61 = {instancePath:instancePath+"/steps/" + i2+"/approval",schemaPath:"#/properties/steps/items/properties/approval/required",keyword:"required",params:{missingProperty: "prompt"},message:"must have required property '"+"prompt"+"'",schema:schema33.properties.steps.items.properties.approval.required,parentSchema:schema33.properties.steps.items.properties.approval,data:data32};
if(vErrors === null){
vErrors = [err61];
}
else {
vErrors.push(err61);
}
errors++;
}
for(const key7 in data32){
if(!((((key7 === "prompt") || (key7 === "timeout")) || (key7 === "on_timeout")) || (key7 === "input"))){
const err62 = {instancePath:instancePath+"/steps/" + i2+"/approval",schemaPath:"#/properties/steps/items/properties/approval/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key7},message:"must NOT have additional properties",schema:false,parentSchema:schema33.properties.steps.items.properties.approval,data:data32};
if(vErrors === null){
vErrors = [err62];
}
else {
vErrors.push(err62);
}
errors++;
}
}
if(data32.prompt !== undefined){
let data33 = data32.prompt;
if(typeof data33 !== "string"){
const err63 = {instancePath:instancePath+"/steps/" + i2+"/approval/prompt",schemaPath:"#/properties/steps/items/properties/approval/properties/prompt/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema33.properties.steps.items.properties.approval.properties.prompt.type,parentSchema:schema33.properties.steps.items.properties.approval.properties.prompt,data:data33};
if(vErrors === null){
vErrors = [err63];
}
else {
vErrors.push(err63);
}
errors++;
}
}
if(data32.timeout !== undefined){
let data34 = data32.timeout;
if(typeof data34 === "string"){
if(!pattern4.test(data34)){
const err64 = {instancePath:instancePath+"/steps/" + i2+"/approval/timeout",schemaPath:"#/properties/steps/items/properties/approval/properties/timeout/pattern",keyword:"pattern",params:{pattern: "^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"},message:"must match pattern \""+"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"+"\"",schema:"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$",parentSchema:schema33.properties.steps.items.properties.approval.properties.timeout,data:data34};
if(vErrors === null){
vErrors = [err64];
}
else {
vErrors.push(err64);
}
errors++;
}
}
else {
const err65 = {instancePath:instancePath+"/steps/" + i2+"/approval/timeout",schemaPath:"#/properties/steps/items/properties/approval/properties/timeout/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema33.properties.steps.items.properties.approval.properties.timeout.type,parentSchema:schema33.properties.steps.items.properties.approval.properties.timeout,data:data34};
if(vErrors === null){
vErrors = [err65];
}
else {
vErrors.push(err65);
}
errors++;
}
}
if(data32.on_timeout !== undefined){
let data35 = data32.on_timeout;
if(!(((data35 === "approve") || (data35 === "reject")) || (data35 === "fail"))){
const err66 = {instancePath:instancePath+"/steps/" + i2+"/approval/on_timeout",schemaPath:"#/properties/steps/items/properties/approval/properties/on_timeout/enum",keyword:"enum",params:{allowedValues: schema33.properties.steps.items.properties.approval.properties.on_timeout.enum},message:"must be equal to one of the allowed values",schema:schema33.properties.steps.items.properties.approval.properties.on_timeout.enum,parentSchema:schema33.properties.steps.items.properties.approval.properties.on_timeout,data:data35};
if(vErrors === null){
vErrors = [err66];
}
else {
vErrors.push(err66);
}
errors++;
}
}
if(data32.input !== undefined){
let data36 = data32.input;
if(!(data36 && typeof data36 == "object" && !Array.isArray(data36))){
const err67 = {instancePath:instancePath+"/steps/" + i2+"/approval/input",schemaPath:"#/properties/steps/items/properties/approval/properties/input/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema33.properties.steps.items.properties.approval.properties.input.type,parentSchema:schema33.properties.steps.items.properties.approval.properties.input,data:data36};
if(vErrors === null){
vErrors = [err67];
}
else {
vErrors.push(err67);
}
errors++;
}
}
}
else {
const err68 = {instancePath:instancePath+"/steps/" + i2+"/approval",schemaPath:"#/properties/steps/items/properties/approval/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema33.properties.steps.items.properties.approval.type,parentSchema:schema33.properties.steps.items.properties.approval,data:data32};
if(vErrors === null){
vErrors = [err68];
}
else {
vErrors.push(err68);
}
errors++;
}
}
if(data29.workflow !== undefined){
let data37 = data29.workflow;
if(typeof data37 === "string"){
if(!pattern35.test(data37)){
const err69 = {instancePath:instancePath+"/steps/" + i2+"/workflow",schemaPath:"#/properties/steps/items/properties/workflow/pattern",keyword:"pattern",params:{pattern: "^[a-z][a-z0-9-]*$"},message:"must match pattern \""+"^[a-z][a-z0-9-]*$"+"\"",schema:"^[a-z][a-z0-9-]*$",parentSchema:schema33.properties.steps.items.properties.workflow,data:data37};
if(vErrors === null){
vErrors = [err69];
}
else {
vErrors.push(err69);
}
errors++;
}
}
else {
const err70 = {instancePath:instancePath+"/steps/" + i2+"/workflow",schemaPath:"#/properties/steps/items/properties/workflow/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema33.properties.steps.items.properties.workflow.type,parentSchema:schema33.properties.steps.items.properties.workflow,data:data37};
if(vErrors === null){
vErrors = [err70];
}
else {
vErrors.push(err70);
}
errors++;
}
}
if(data29.agent !== undefined){
let data38 = data29.agent;
if(typeof data38 !== "string"){
const err71 = {instancePath:instancePath+"/steps/" + i2+"/agent",schemaPath:"#/properties/steps/items/properties/agent/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema33.properties.steps.items.properties.agent.type,parentSchema:schema33.properties.steps.items.properties.agent,data:data38};
if(vErrors === null){
vErrors = [err71];
}
else {
vErrors.push(err71);
}
errors++;
}
}
if(data29.domain !== undefined){
let data39 = data29.domain;
if(typeof data39 !== "string"){
const err72 = {instancePath:instancePath+"/steps/" + i2+"/domain",schemaPath:"#/properties/steps/items/properties/domain/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema33.properties.steps.items.properties.domain.type,parentSchema:schema33.properties.steps.items.properties.domain,data:data39};
if(vErrors === null){
vErrors = [err72];
}
else {
vErrors.push(err72);
}
errors++;
}
}
if(data29.needs !== undefined){
let data40 = data29.needs;
if(Array.isArray(data40)){
const len3 = data40.length;
for(let i3=0; i3<len3; i3++){
let data41 = data40[i3];
if(typeof data41 !== "string"){
const err73 = {instancePath:instancePath+"/steps/" + i2+"/needs/" + i3,schemaPath:"#/properties/steps/items/properties/needs/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema33.properties.steps.items.properties.needs.items.type,parentSchema:schema33.properties.steps.items.properties.needs.items,data:data41};
if(vErrors === null){
vErrors = [err73];
}
else {
vErrors.push(err73);
}
errors++;
}
}
let i4 = data40.length;
let j0;
if(i4 > 1){
const indices0 = {};
for(;i4--;){
let item0 = data40[i4];
if(typeof item0 !== "string"){
continue;
}
if(typeof indices0[item0] == "number"){
j0 = indices0[item0];
const err74 = {instancePath:instancePath+"/steps/" + i2+"/needs",schemaPath:"#/properties/steps/items/properties/needs/uniqueItems",keyword:"uniqueItems",params:{i: i4, j: j0},message:"must NOT have duplicate items (items ## "+j0+" and "+i4+" are identical)",schema:true,parentSchema:schema33.properties.steps.items.properties.needs,data:data40};
if(vErrors === null){
vErrors = [err74];
}
else {
vErrors.push(err74);
}
errors++;
break;
}
indices0[item0] = i4;
}
}
}
else {
const err75 = {instancePath:instancePath+"/steps/" + i2+"/needs",schemaPath:"#/properties/steps/items/properties/needs/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema33.properties.steps.items.properties.needs.type,parentSchema:schema33.properties.steps.items.properties.needs,data:data40};
if(vErrors === null){
vErrors = [err75];
}
else {
vErrors.push(err75);
}
errors++;
}
}
if(data29.with !== undefined){
let data42 = data29.with;
if(!(data42 && typeof data42 == "object" && !Array.isArray(data42))){
const err76 = {instancePath:instancePath+"/steps/" + i2+"/with",schemaPath:"#/properties/steps/items/properties/with/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema33.properties.steps.items.properties.with.type,parentSchema:schema33.properties.steps.items.properties.with,data:data42};
if(vErrors === null){
vErrors = [err76];
}
else {
vErrors.push(err76);
}
errors++;
}
}
if(data29.if !== undefined){
let data43 = data29.if;
if(typeof data43 !== "string"){
const err77 = {instancePath:instancePath+"/steps/" + i2+"/if",schemaPath:"#/properties/steps/items/properties/if/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema33.properties.steps.items.properties.if.type,parentSchema:schema33.properties.steps.items.properties.if,data:data43};
if(vErrors === null){
vErrors = [err77];
}
else {
vErrors.push(err77);
}
errors++;
}
}
if(data29.timeout !== undefined){
let data44 = data29.timeout;
if(typeof data44 === "string"){
if(!pattern4.test(data44)){
const err78 = {instancePath:instancePath+"/steps/" + i2+"/timeout",schemaPath:"#/properties/steps/items/properties/timeout/pattern",keyword:"pattern",params:{pattern: "^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"},message:"must match pattern \""+"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"+"\"",schema:"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$",parentSchema:schema33.properties.steps.items.properties.timeout,data:data44};
if(vErrors === null){
vErrors = [err78];
}
else {
vErrors.push(err78);
}
errors++;
}
}
else {
const err79 = {instancePath:instancePath+"/steps/" + i2+"/timeout",schemaPath:"#/properties/steps/items/properties/timeout/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema33.properties.steps.items.properties.timeout.type,parentSchema:schema33.properties.steps.items.properties.timeout,data:data44};
if(vErrors === null){
vErrors = [err79];
}
else {
vErrors.push(err79);
}
errors++;
}
}
if(data29.retry !== undefined){
let data45 = data29.retry;
if(data45 && typeof data45 == "object" && !Array.isArray(data45)){
if(data45.attempts === undefined){
data45.attempts = 3;
}
if(data45.backoff === undefined){
data45.backoff = "exponential";
}
if(data45.initial === undefined){
data45.initial = "1s";
}
if(data45.max === undefined){
data45.max = "1m";
}
if(data45.jitter === undefined){
data45.jitter = true;
}
for(const key8 in data45){
if(!(((((key8 === "attempts") || (key8 === "backoff")) || (key8 === "initial")) || (key8 === "max")) || (key8 === "jitter"))){
const err80 = {instancePath:instancePath+"/steps/" + i2+"/retry",schemaPath:"#/properties/steps/items/properties/retry/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key8},message:"must NOT have additional properties",schema:false,parentSchema:schema33.properties.steps.items.properties.retry,data:data45};
if(vErrors === null){
vErrors = [err80];
}
else {
vErrors.push(err80);
}
errors++;
}
}
let data46 = data45.attempts;
if(!(((typeof data46 == "number") && (!(data46 % 1) && !isNaN(data46))) && (isFinite(data46)))){
const err81 = {instancePath:instancePath+"/steps/" + i2+"/retry/attempts",schemaPath:"#/properties/steps/items/properties/retry/properties/attempts/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema33.properties.steps.items.properties.retry.properties.attempts.type,parentSchema:schema33.properties.steps.items.properties.retry.properties.attempts,data:data46};
if(vErrors === null){
vErrors = [err81];
}
else {
vErrors.push(err81);
}
errors++;
}
if((typeof data46 == "number") && (isFinite(data46))){
if(data46 > 100 || isNaN(data46)){
const err82 = {instancePath:instancePath+"/steps/" + i2+"/retry/attempts",schemaPath:"#/properties/steps/items/properties/retry/properties/attempts/maximum",keyword:"maximum",params:{comparison: "<=", limit: 100},message:"must be <= 100",schema:100,parentSchema:schema33.properties.steps.items.properties.retry.properties.attempts,data:data46};
if(vErrors === null){
vErrors = [err82];
}
else {
vErrors.push(err82);
}
errors++;
}
if(data46 < 1 || isNaN(data46)){
const err83 = {instancePath:instancePath+"/steps/" + i2+"/retry/attempts",schemaPath:"#/properties/steps/items/properties/retry/properties/attempts/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema33.properties.steps.items.properties.retry.properties.attempts,data:data46};
if(vErrors === null){
vErrors = [err83];
}
else {
vErrors.push(err83);
}
errors++;
}
}
let data47 = data45.backoff;
if(!((data47 === "exponential") || (data47 === "fixed"))){
const err84 = {instancePath:instancePath+"/steps/" + i2+"/retry/backoff",schemaPath:"#/properties/steps/items/properties/retry/properties/backoff/enum",keyword:"enum",params:{allowedValues: schema33.properties.steps.items.properties.retry.properties.backoff.enum},message:"must be equal to one of the allowed values",schema:schema33.properties.steps.items.properties.retry.properties.backoff.enum,parentSchema:schema33.properties.steps.items.properties.retry.properties.backoff,data:data47};
if(vErrors === null){
vErrors = [err84];
}
else {
vErrors.push(err84);
}
errors++;
}
let data48 = data45.initial;
if(typeof data48 === "string"){
if(!pattern4.test(data48)){
const err85 = {instancePath:instancePath+"/steps/" + i2+"/retry/initial",schemaPath:"#/properties/steps/items/properties/retry/properties/initial/pattern",keyword:"pattern",params:{pattern: "^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"},message:"must match pattern \""+"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"+"\"",schema:"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$",parentSchema:schema33.properties.steps.items.properties.retry.properties.initial,data:data48};
if(vErrors === null){
vErrors = [err85];
}
else {
vErrors.push(err85);
}
errors++;
}
}
else {
const err86 = {instancePath:instancePath+"/steps/" + i2+"/retry/initial",schemaPath:"#/properties/steps/items/properties/retry/properties/initial/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema33.properties.steps.items.properties.retry.properties.initial.type,parentSchema:schema33.properties.steps.items.properties.retry.properties.initial,data:data48};
if(vErrors === null){
vErrors = [err86];
}
else {
vErrors.push(err86);
}
errors++;
}
let data49 = data45.max;
if(typeof data49 === "string"){
if(!pattern4.test(data49)){
const err87 = {instancePath:instancePath+"/steps/" + i2+"/retry/max",schemaPath:"#/properties/steps/items/properties/retry/properties/max/pattern",keyword:"pattern",params:{pattern: "^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"},message:"must match pattern \""+"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"+"\"",schema:"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$",parentSchema:schema33.properties.steps.items.properties.retry.properties.max,data:data49};
if(vErrors === null){
vErrors = [err87];
}
else {
vErrors.push(err87);
}
errors++;
}
}
else {
const err88 = {instancePath:instancePath+"/steps/" + i2+"/retry/max",schemaPath:"#/properties/steps/items/properties/retry/properties/max/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema33.properties.steps.items.properties.retry.properties.max.type,parentSchema:schema33.properties.steps.items.properties.retry.properties.max,data:data49};
if(vErrors === null){
vErrors = [err88];
}
else {
vErrors.push(err88);
}
errors++;
}
let data50 = data45.jitter;
if(typeof data50 !== "boolean"){
const err89 = {instancePath:instancePath+"/steps/" + i2+"/retry/jitter",schemaPath:"#/properties/steps/items/properties/retry/properties/jitter/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema33.properties.steps.items.properties.retry.properties.jitter.type,parentSchema:schema33.properties.steps.items.properties.retry.properties.jitter,data:data50};
if(vErrors === null){
vErrors = [err89];
}
else {
vErrors.push(err89);
}
errors++;
}
}
else {
const err90 = {instancePath:instancePath+"/steps/" + i2+"/retry",schemaPath:"#/properties/steps/items/properties/retry/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema33.properties.steps.items.properties.retry.type,parentSchema:schema33.properties.steps.items.properties.retry,data:data45};
if(vErrors === null){
vErrors = [err90];
}
else {
vErrors.push(err90);
}
errors++;
}
}
let data51 = data29.idempotent;
if(typeof data51 !== "boolean"){
const err91 = {instancePath:instancePath+"/steps/" + i2+"/idempotent",schemaPath:"#/properties/steps/items/properties/idempotent/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema33.properties.steps.items.properties.idempotent.type,parentSchema:schema33.properties.steps.items.properties.idempotent,data:data51};
if(vErrors === null){
vErrors = [err91];
}
else {
vErrors.push(err91);
}
errors++;
}
let data52 = data29.continue_on_error;
if(typeof data52 !== "boolean"){
const err92 = {instancePath:instancePath+"/steps/" + i2+"/continue_on_error",schemaPath:"#/properties/steps/items/properties/continue_on_error/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema33.properties.steps.items.properties.continue_on_error.type,parentSchema:schema33.properties.steps.items.properties.continue_on_error,data:data52};
if(vErrors === null){
vErrors = [err92];
}
else {
vErrors.push(err92);
}
errors++;
}
if(data29.for_each !== undefined){
let data53 = data29.for_each;
const _errs120 = errors;
let valid19 = false;
let passing2 = null;
const _errs121 = errors;
if(typeof data53 !== "string"){
const err93 = {instancePath:instancePath+"/steps/" + i2+"/for_each",schemaPath:"#/properties/steps/items/properties/for_each/oneOf/0/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema33.properties.steps.items.properties.for_each.oneOf[0].type,parentSchema:schema33.properties.steps.items.properties.for_each.oneOf[0],data:data53};
if(vErrors === null){
vErrors = [err93];
}
else {
vErrors.push(err93);
}
errors++;
}
var _valid2 = _errs121 === errors;
if(_valid2){
valid19 = true;
passing2 = 0;
}
const _errs123 = errors;
if(!(Array.isArray(data53))){
const err94 = {instancePath:instancePath+"/steps/" + i2+"/for_each",schemaPath:"#/properties/steps/items/properties/for_each/oneOf/1/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema33.properties.steps.items.properties.for_each.oneOf[1].type,parentSchema:schema33.properties.steps.items.properties.for_each.oneOf[1],data:data53};
if(vErrors === null){
vErrors = [err94];
}
else {
vErrors.push(err94);
}
errors++;
}
var _valid2 = _errs123 === errors;
if(_valid2 && valid19){
valid19 = false;
passing2 = [passing2, 1];
}
else {
if(_valid2){
valid19 = true;
passing2 = 1;
}
}
if(!valid19){
const err95 = {instancePath:instancePath+"/steps/" + i2+"/for_each",schemaPath:"#/properties/steps/items/properties/for_each/oneOf",keyword:"oneOf",params:{passingSchemas: passing2},message:"must match exactly one schema in oneOf",schema:schema33.properties.steps.items.properties.for_each.oneOf,parentSchema:schema33.properties.steps.items.properties.for_each,data:data53};
if(vErrors === null){
vErrors = [err95];
}
else {
vErrors.push(err95);
}
errors++;
}
else {
errors = _errs120;
if(vErrors !== null){
if(_errs120){
vErrors.length = _errs120;
}
else {
vErrors = null;
}
}
}
}
let data54 = data29.concurrency;
if(!(((typeof data54 == "number") && (!(data54 % 1) && !isNaN(data54))) && (isFinite(data54)))){
const err96 = {instancePath:instancePath+"/steps/" + i2+"/concurrency",schemaPath:"#/properties/steps/items/properties/concurrency/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema33.properties.steps.items.properties.concurrency.type,parentSchema:schema33.properties.steps.items.properties.concurrency,data:data54};
if(vErrors === null){
vErrors = [err96];
}
else {
vErrors.push(err96);
}
errors++;
}
if((typeof data54 == "number") && (isFinite(data54))){
if(data54 > 1000 || isNaN(data54)){
const err97 = {instancePath:instancePath+"/steps/" + i2+"/concurrency",schemaPath:"#/properties/steps/items/properties/concurrency/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1000},message:"must be <= 1000",schema:1000,parentSchema:schema33.properties.steps.items.properties.concurrency,data:data54};
if(vErrors === null){
vErrors = [err97];
}
else {
vErrors.push(err97);
}
errors++;
}
if(data54 < 1 || isNaN(data54)){
const err98 = {instancePath:instancePath+"/steps/" + i2+"/concurrency",schemaPath:"#/properties/steps/items/properties/concurrency/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema33.properties.steps.items.properties.concurrency,data:data54};
if(vErrors === null){
vErrors = [err98];
}
else {
vErrors.push(err98);
}
errors++;
}
}
if(data29.repeat !== undefined){
let data55 = data29.repeat;
if(data55 && typeof data55 == "object" && !Array.isArray(data55)){
if(data55.until === undefined){
const err99 = {instancePath:instancePath+"/steps/" + i2+"/repeat",schemaPath:"#/properties/steps/items/properties/repeat/required",keyword:"required",params:{missingProperty: "until"},message:"must have required property '"+"until"+"'",schema:schema33.properties.steps.items.properties.repeat.required,parentSchema:schema33.properties.steps.items.properties.repeat,data:data55};
if(vErrors === null){
vErrors = [err99];
}
else {
vErrors.push(err99);
}
errors++;
}
if(data55.max === undefined){
const err100 = {instancePath:instancePath+"/steps/" + i2+"/repeat",schemaPath:"#/properties/steps/items/properties/repeat/required",keyword:"required",params:{missingProperty: "max"},message:"must have required property '"+"max"+"'",schema:schema33.properties.steps.items.properties.repeat.required,parentSchema:schema33.properties.steps.items.properties.repeat,data:data55};
if(vErrors === null){
vErrors = [err100];
}
else {
vErrors.push(err100);
}
errors++;
}
for(const key9 in data55){
if(!((key9 === "until") || (key9 === "max"))){
const err101 = {instancePath:instancePath+"/steps/" + i2+"/repeat",schemaPath:"#/properties/steps/items/properties/repeat/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key9},message:"must NOT have additional properties",schema:false,parentSchema:schema33.properties.steps.items.properties.repeat,data:data55};
if(vErrors === null){
vErrors = [err101];
}
else {
vErrors.push(err101);
}
errors++;
}
}
if(data55.until !== undefined){
let data56 = data55.until;
if(typeof data56 !== "string"){
const err102 = {instancePath:instancePath+"/steps/" + i2+"/repeat/until",schemaPath:"#/properties/steps/items/properties/repeat/properties/until/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema33.properties.steps.items.properties.repeat.properties.until.type,parentSchema:schema33.properties.steps.items.properties.repeat.properties.until,data:data56};
if(vErrors === null){
vErrors = [err102];
}
else {
vErrors.push(err102);
}
errors++;
}
}
if(data55.max !== undefined){
let data57 = data55.max;
if(!(((typeof data57 == "number") && (!(data57 % 1) && !isNaN(data57))) && (isFinite(data57)))){
const err103 = {instancePath:instancePath+"/steps/" + i2+"/repeat/max",schemaPath:"#/properties/steps/items/properties/repeat/properties/max/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema33.properties.steps.items.properties.repeat.properties.max.type,parentSchema:schema33.properties.steps.items.properties.repeat.properties.max,data:data57};
if(vErrors === null){
vErrors = [err103];
}
else {
vErrors.push(err103);
}
errors++;
}
if((typeof data57 == "number") && (isFinite(data57))){
if(data57 > 100 || isNaN(data57)){
const err104 = {instancePath:instancePath+"/steps/" + i2+"/repeat/max",schemaPath:"#/properties/steps/items/properties/repeat/properties/max/maximum",keyword:"maximum",params:{comparison: "<=", limit: 100},message:"must be <= 100",schema:100,parentSchema:schema33.properties.steps.items.properties.repeat.properties.max,data:data57};
if(vErrors === null){
vErrors = [err104];
}
else {
vErrors.push(err104);
}
errors++;
}
if(data57 < 1 || isNaN(data57)){
const err105 = {instancePath:instancePath+"/steps/" + i2+"/repeat/max",schemaPath:"#/properties/steps/items/properties/repeat/properties/max/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema33.properties.steps.items.properties.repeat.properties.max,data:data57};
if(vErrors === null){
vErrors = [err105];
}
else {
vErrors.push(err105);
}
errors++;
}
}
}
}
else {
const err106 = {instancePath:instancePath+"/steps/" + i2+"/repeat",schemaPath:"#/properties/steps/items/properties/repeat/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema33.properties.steps.items.properties.repeat.type,parentSchema:schema33.properties.steps.items.properties.repeat,data:data55};
if(vErrors === null){
vErrors = [err106];
}
else {
vErrors.push(err106);
}
errors++;
}
}
}
else {
const err107 = {instancePath:instancePath+"/steps/" + i2,schemaPath:"#/properties/steps/items/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema33.properties.steps.items.type,parentSchema:schema33.properties.steps.items,data:data29};
if(vErrors === null){
vErrors = [err107];
}
else {
vErrors.push(err107);
}
errors++;
}
}
}
else {
const err108 = {instancePath:instancePath+"/steps",schemaPath:"#/properties/steps/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema33.properties.steps.type,parentSchema:schema33.properties.steps,data:data28};
if(vErrors === null){
vErrors = [err108];
}
else {
vErrors.push(err108);
}
errors++;
}
}
if(data.outputs !== undefined){
let data58 = data.outputs;
if(!(data58 && typeof data58 == "object" && !Array.isArray(data58))){
const err109 = {instancePath:instancePath+"/outputs",schemaPath:"#/properties/outputs/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema33.properties.outputs.type,parentSchema:schema33.properties.outputs,data:data58};
if(vErrors === null){
vErrors = [err109];
}
else {
vErrors.push(err109);
}
errors++;
}
}
}
else {
const err110 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema33.type,parentSchema:schema33,data};
if(vErrors === null){
vErrors = [err110];
}
else {
vErrors.push(err110);
}
errors++;
}
validate22.errors = vErrors;
return errors === 0;
}
validate22.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

export const test = validate23;
const schema34 = {"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"https://amas.dev/schemas/test.schema.json","title":"TestSpec","type":"object","additionalProperties":false,"description":"An amas test: one file in tests.d/. Runs a workflow on an in-memory store, answering model, http and mcp calls from the test's cassette (tests.d/cassettes/<test>.json), and checks what the run did.","required":["workflow"],"properties":{"$schema":{"type":"string","description":"Schema URL for editors.","examples":["../schemas/test.schema.json"]},"name":{"type":"string","minLength":1,"maxLength":200,"description":"What the test is called in reports. Default: the file name without its extension (which also names the cassette).","examples":["publish-post writes a long draft"]},"description":{"type":"string","description":"What this test checks, for people reading it.","examples":["the planner picks the analytics tool and the draft is long enough"]},"workflow":{"type":"string","pattern":"^[a-z][a-z0-9]*(-[a-z0-9]+)*$","maxLength":64,"description":"Id of the workflow this test runs (declared in workflows.d/).","examples":["publish-post"]},"inputs":{"type":"object","description":"Run inputs, checked against the workflow's inputs like `amas run` checks them.","examples":[{"topic":"otters"}]},"env":{"type":"object","additionalProperties":{"type":"string","description":"The variable's value when the process does not set it."},"description":"Environment variables the test's run reads (`${{ env.NAME }}`) when the process does not set them: a replay in CI needs no real endpoint, so `LLM_BASE_URL` can default to any URL (the address is not part of matching). Never put secrets here.","examples":[{"LLM_BASE_URL":"http://llm.invalid/v1"}]},"mock":{"type":"object","additionalProperties":{"description":"The value the capability answers with; it must satisfy the capability's output schema."},"description":"Capabilities answered with a fixed value instead of running: their executor never runs, also when an agent calls them as a tool. Keyed by capability name.","examples":[{"schedule_post":{"post_ids":["p1"],"scheduled_for":"2026-01-01T09:00:00Z"}}]},"approve":{"type":"object","additionalProperties":{"description":"`true` approves, `false` rejects; or `{ approved, comment, input }` for a comment or the approval's form.","examples":[true,{"approved":false,"comment":"too long"}],"oneOf":[{"type":"boolean","description":"Approve (true) or reject (false).","examples":[true]},{"type":"object","additionalProperties":false,"required":["approved"],"description":"An answer with a comment or form values.","examples":[{"approved":true,"input":{"channel":"blog"}}],"properties":{"approved":{"type":"boolean","description":"Approve (true) or reject (false).","examples":[true]},"comment":{"type":"string","description":"The approver's comment.","examples":["looks good"]},"input":{"type":"object","description":"Values for the approval's `input` form.","examples":[{"channel":"blog"}]}}}]},"description":"Answers for the workflow's approval steps, keyed by step id: the test answers each as `amas test` when the run waits for it. A run that waits for a step not listed here fails the test.","examples":[{"review":true}]},"expect":{"type":"object","additionalProperties":false,"description":"What the finished run must look like. Every expectation is checked and every failure reported.","examples":[{"status":"completed","outputs":{"title":"T: otters"},"steps":{"draft":"completed"},"assert":["${{ steps.draft.output.word_count > 300 }}"]}],"properties":{"status":{"type":"string","enum":["completed","failed","cancelled","budget_exceeded"],"default":"completed","description":"Status the run ends with. Default: completed.","examples":["completed"]},"outputs":{"type":"object","description":"A subset of the run's outputs: each key given must be there with an equal value (objects compare as subsets, arrays element by element).","examples":[{"title":"T: otters"}]},"steps":{"type":"object","additionalProperties":{"type":"string","enum":["completed","failed","skipped","cancelled"],"description":"Status the step ends with."},"description":"Status of named steps when the run ends.","examples":[{"draft":"completed","publish":"skipped"}]},"assert":{"type":"array","items":{"type":"string","pattern":"^\\s*\\$\\{\\{[\\s\\S]*\\}\\}\\s*$","description":"One `${{ }}` expression that must be true. Scope: `inputs`, `steps.<id>.output`, `steps.<id>.status`, `run` (id, workflow, status, outputs)."},"description":"Expressions over the finished run; each must evaluate to true.","examples":[["${{ steps.draft.output.word_count > 300 }}"]]}}},"match":{"type":"object","additionalProperties":false,"description":"How replayed calls are matched to recorded ones. Requests are compared as JSON after normalising: key order, the URL's scheme, host and port (the endpoint's address comes from the environment), and authorization, user-agent, date, idempotency and request-id headers are left out.","examples":[{"ignore":["body.temperature","headers.x-trace"]}],"properties":{"ignore":{"type":"array","items":{"type":"string","pattern":"^[A-Za-z0-9_*-]+(\\[([0-9]+|\\*)\\])*(\\.[A-Za-z0-9_*-]+(\\[([0-9]+|\\*)\\])*)*$","description":"A path into the request: dot-separated keys, `[n]` for an array element, `*` for any key or element. llm and http requests have `method`, `url`, `headers`, `body`; mcp requests `server`, `tool`, `arguments`."},"description":"Request fields left out of the comparison (for values that change on every run).","examples":[["body.messages[*].content","arguments.request_id"]]}}},"timeout":{"type":"string","pattern":"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$","default":"60s","description":"Wall time the test may take before it fails and its run is cancelled. A duration: a number then ms, s, m, h or d.","examples":["30s"]}}};
const pattern40 = new RegExp("^\\s*\\$\\{\\{[\\s\\S]*\\}\\}\\s*$", "u");
const pattern41 = new RegExp("^[A-Za-z0-9_*-]+(\\[([0-9]+|\\*)\\])*(\\.[A-Za-z0-9_*-]+(\\[([0-9]+|\\*)\\])*)*$", "u");

function validate23(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
/*# sourceURL="https://amas.dev/schemas/test.schema.json" */;
let vErrors = null;
let errors = 0;
const evaluated0 = validate23.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.timeout === undefined){
data.timeout = "60s";
}
if(data.workflow === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "workflow"},message:"must have required property '"+"workflow"+"'",schema:schema34.required,parentSchema:schema34,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
for(const key0 in data){
if(!(func1.call(schema34.properties, key0))){
const err1 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema34,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data.$schema !== undefined){
let data0 = data.$schema;
if(typeof data0 !== "string"){
const err2 = {instancePath:instancePath+"/$schema",schemaPath:"#/properties/%24schema/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema34.properties.$schema.type,parentSchema:schema34.properties.$schema,data:data0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.name !== undefined){
let data1 = data.name;
if(typeof data1 === "string"){
if(func3(data1) > 200){
const err3 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/maxLength",keyword:"maxLength",params:{limit: 200},message:"must NOT have more than 200 characters",schema:200,parentSchema:schema34.properties.name,data:data1};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
if(func3(data1) < 1){
const err4 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema34.properties.name,data:data1};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
else {
const err5 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema34.properties.name.type,parentSchema:schema34.properties.name,data:data1};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.description !== undefined){
let data2 = data.description;
if(typeof data2 !== "string"){
const err6 = {instancePath:instancePath+"/description",schemaPath:"#/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema34.properties.description.type,parentSchema:schema34.properties.description,data:data2};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.workflow !== undefined){
let data3 = data.workflow;
if(typeof data3 === "string"){
if(func3(data3) > 64){
const err7 = {instancePath:instancePath+"/workflow",schemaPath:"#/properties/workflow/maxLength",keyword:"maxLength",params:{limit: 64},message:"must NOT have more than 64 characters",schema:64,parentSchema:schema34.properties.workflow,data:data3};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
if(!pattern18.test(data3)){
const err8 = {instancePath:instancePath+"/workflow",schemaPath:"#/properties/workflow/pattern",keyword:"pattern",params:{pattern: "^[a-z][a-z0-9]*(-[a-z0-9]+)*$"},message:"must match pattern \""+"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"+"\"",schema:"^[a-z][a-z0-9]*(-[a-z0-9]+)*$",parentSchema:schema34.properties.workflow,data:data3};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
else {
const err9 = {instancePath:instancePath+"/workflow",schemaPath:"#/properties/workflow/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema34.properties.workflow.type,parentSchema:schema34.properties.workflow,data:data3};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
if(data.inputs !== undefined){
let data4 = data.inputs;
if(!(data4 && typeof data4 == "object" && !Array.isArray(data4))){
const err10 = {instancePath:instancePath+"/inputs",schemaPath:"#/properties/inputs/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema34.properties.inputs.type,parentSchema:schema34.properties.inputs,data:data4};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data.env !== undefined){
let data5 = data.env;
if(data5 && typeof data5 == "object" && !Array.isArray(data5)){
for(const key1 in data5){
let data6 = data5[key1];
if(typeof data6 !== "string"){
const err11 = {instancePath:instancePath+"/env/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/env/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema34.properties.env.additionalProperties.type,parentSchema:schema34.properties.env.additionalProperties,data:data6};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
}
else {
const err12 = {instancePath:instancePath+"/env",schemaPath:"#/properties/env/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema34.properties.env.type,parentSchema:schema34.properties.env,data:data5};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
if(data.mock !== undefined){
let data7 = data.mock;
if(data7 && typeof data7 == "object" && !Array.isArray(data7)){
}
else {
const err13 = {instancePath:instancePath+"/mock",schemaPath:"#/properties/mock/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema34.properties.mock.type,parentSchema:schema34.properties.mock,data:data7};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
if(data.approve !== undefined){
let data8 = data.approve;
if(data8 && typeof data8 == "object" && !Array.isArray(data8)){
for(const key2 in data8){
let data9 = data8[key2];
const _errs24 = errors;
let valid3 = false;
let passing0 = null;
const _errs25 = errors;
if(typeof data9 !== "boolean"){
const err14 = {instancePath:instancePath+"/approve/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/approve/additionalProperties/oneOf/0/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema34.properties.approve.additionalProperties.oneOf[0].type,parentSchema:schema34.properties.approve.additionalProperties.oneOf[0],data:data9};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
var _valid0 = _errs25 === errors;
if(_valid0){
valid3 = true;
passing0 = 0;
}
const _errs27 = errors;
if(data9 && typeof data9 == "object" && !Array.isArray(data9)){
if(data9.approved === undefined){
const err15 = {instancePath:instancePath+"/approve/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/approve/additionalProperties/oneOf/1/required",keyword:"required",params:{missingProperty: "approved"},message:"must have required property '"+"approved"+"'",schema:schema34.properties.approve.additionalProperties.oneOf[1].required,parentSchema:schema34.properties.approve.additionalProperties.oneOf[1],data:data9};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
for(const key3 in data9){
if(!(((key3 === "approved") || (key3 === "comment")) || (key3 === "input"))){
const err16 = {instancePath:instancePath+"/approve/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/approve/additionalProperties/oneOf/1/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key3},message:"must NOT have additional properties",schema:false,parentSchema:schema34.properties.approve.additionalProperties.oneOf[1],data:data9};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
if(data9.approved !== undefined){
let data10 = data9.approved;
if(typeof data10 !== "boolean"){
const err17 = {instancePath:instancePath+"/approve/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/approved",schemaPath:"#/properties/approve/additionalProperties/oneOf/1/properties/approved/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema34.properties.approve.additionalProperties.oneOf[1].properties.approved.type,parentSchema:schema34.properties.approve.additionalProperties.oneOf[1].properties.approved,data:data10};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
if(data9.comment !== undefined){
let data11 = data9.comment;
if(typeof data11 !== "string"){
const err18 = {instancePath:instancePath+"/approve/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/comment",schemaPath:"#/properties/approve/additionalProperties/oneOf/1/properties/comment/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema34.properties.approve.additionalProperties.oneOf[1].properties.comment.type,parentSchema:schema34.properties.approve.additionalProperties.oneOf[1].properties.comment,data:data11};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
if(data9.input !== undefined){
let data12 = data9.input;
if(!(data12 && typeof data12 == "object" && !Array.isArray(data12))){
const err19 = {instancePath:instancePath+"/approve/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/input",schemaPath:"#/properties/approve/additionalProperties/oneOf/1/properties/input/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema34.properties.approve.additionalProperties.oneOf[1].properties.input.type,parentSchema:schema34.properties.approve.additionalProperties.oneOf[1].properties.input,data:data12};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
}
else {
const err20 = {instancePath:instancePath+"/approve/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/approve/additionalProperties/oneOf/1/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema34.properties.approve.additionalProperties.oneOf[1].type,parentSchema:schema34.properties.approve.additionalProperties.oneOf[1],data:data9};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
var _valid0 = _errs27 === errors;
if(_valid0 && valid3){
valid3 = false;
passing0 = [passing0, 1];
}
else {
if(_valid0){
valid3 = true;
passing0 = 1;
}
}
if(!valid3){
const err21 = {instancePath:instancePath+"/approve/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/approve/additionalProperties/oneOf",keyword:"oneOf",params:{passingSchemas: passing0},message:"must match exactly one schema in oneOf",schema:schema34.properties.approve.additionalProperties.oneOf,parentSchema:schema34.properties.approve.additionalProperties,data:data9};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
else {
errors = _errs24;
if(vErrors !== null){
if(_errs24){
vErrors.length = _errs24;
}
else {
vErrors = null;
}
}
}
}
}
else {
const err22 = {instancePath:instancePath+"/approve",schemaPath:"#/properties/approve/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema34.properties.approve.type,parentSchema:schema34.properties.approve,data:data8};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
if(data.expect !== undefined){
let data13 = data.expect;
if(data13 && typeof data13 == "object" && !Array.isArray(data13)){
if(data13.status === undefined){
data13.status = "completed";
}
for(const key4 in data13){
if(!((((key4 === "status") || (key4 === "outputs")) || (key4 === "steps")) || (key4 === "assert"))){
const err23 = {instancePath:instancePath+"/expect",schemaPath:"#/properties/expect/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key4},message:"must NOT have additional properties",schema:false,parentSchema:schema34.properties.expect,data:data13};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
let data14 = data13.status;
if(typeof data14 !== "string"){
const err24 = {instancePath:instancePath+"/expect/status",schemaPath:"#/properties/expect/properties/status/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema34.properties.expect.properties.status.type,parentSchema:schema34.properties.expect.properties.status,data:data14};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
if(!((((data14 === "completed") || (data14 === "failed")) || (data14 === "cancelled")) || (data14 === "budget_exceeded"))){
const err25 = {instancePath:instancePath+"/expect/status",schemaPath:"#/properties/expect/properties/status/enum",keyword:"enum",params:{allowedValues: schema34.properties.expect.properties.status.enum},message:"must be equal to one of the allowed values",schema:schema34.properties.expect.properties.status.enum,parentSchema:schema34.properties.expect.properties.status,data:data14};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
if(data13.outputs !== undefined){
let data15 = data13.outputs;
if(!(data15 && typeof data15 == "object" && !Array.isArray(data15))){
const err26 = {instancePath:instancePath+"/expect/outputs",schemaPath:"#/properties/expect/properties/outputs/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema34.properties.expect.properties.outputs.type,parentSchema:schema34.properties.expect.properties.outputs,data:data15};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
if(data13.steps !== undefined){
let data16 = data13.steps;
if(data16 && typeof data16 == "object" && !Array.isArray(data16)){
for(const key5 in data16){
let data17 = data16[key5];
if(typeof data17 !== "string"){
const err27 = {instancePath:instancePath+"/expect/steps/" + key5.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/expect/properties/steps/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema34.properties.expect.properties.steps.additionalProperties.type,parentSchema:schema34.properties.expect.properties.steps.additionalProperties,data:data17};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
if(!((((data17 === "completed") || (data17 === "failed")) || (data17 === "skipped")) || (data17 === "cancelled"))){
const err28 = {instancePath:instancePath+"/expect/steps/" + key5.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/expect/properties/steps/additionalProperties/enum",keyword:"enum",params:{allowedValues: schema34.properties.expect.properties.steps.additionalProperties.enum},message:"must be equal to one of the allowed values",schema:schema34.properties.expect.properties.steps.additionalProperties.enum,parentSchema:schema34.properties.expect.properties.steps.additionalProperties,data:data17};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
}
else {
const err29 = {instancePath:instancePath+"/expect/steps",schemaPath:"#/properties/expect/properties/steps/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema34.properties.expect.properties.steps.type,parentSchema:schema34.properties.expect.properties.steps,data:data16};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
if(data13.assert !== undefined){
let data18 = data13.assert;
if(Array.isArray(data18)){
const len0 = data18.length;
for(let i0=0; i0<len0; i0++){
let data19 = data18[i0];
if(typeof data19 === "string"){
if(!pattern40.test(data19)){
const err30 = {instancePath:instancePath+"/expect/assert/" + i0,schemaPath:"#/properties/expect/properties/assert/items/pattern",keyword:"pattern",params:{pattern: "^\\s*\\$\\{\\{[\\s\\S]*\\}\\}\\s*$"},message:"must match pattern \""+"^\\s*\\$\\{\\{[\\s\\S]*\\}\\}\\s*$"+"\"",schema:"^\\s*\\$\\{\\{[\\s\\S]*\\}\\}\\s*$",parentSchema:schema34.properties.expect.properties.assert.items,data:data19};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
else {
const err31 = {instancePath:instancePath+"/expect/assert/" + i0,schemaPath:"#/properties/expect/properties/assert/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema34.properties.expect.properties.assert.items.type,parentSchema:schema34.properties.expect.properties.assert.items,data:data19};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
}
else {
const err32 = {instancePath:instancePath+"/expect/assert",schemaPath:"#/properties/expect/properties/assert/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema34.properties.expect.properties.assert.type,parentSchema:schema34.properties.expect.properties.assert,data:data18};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
}
else {
const err33 = {instancePath:instancePath+"/expect",schemaPath:"#/properties/expect/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema34.properties.expect.type,parentSchema:schema34.properties.expect,data:data13};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
if(data.match !== undefined){
let data20 = data.match;
if(data20 && typeof data20 == "object" && !Array.isArray(data20)){
for(const key6 in data20){
if(!(key6 === "ignore")){
const err34 = {instancePath:instancePath+"/match",schemaPath:"#/properties/match/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key6},message:"must NOT have additional properties",schema:false,parentSchema:schema34.properties.match,data:data20};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
}
if(data20.ignore !== undefined){
let data21 = data20.ignore;
if(Array.isArray(data21)){
const len1 = data21.length;
for(let i1=0; i1<len1; i1++){
let data22 = data21[i1];
if(typeof data22 === "string"){
if(!pattern41.test(data22)){
const err35 = {instancePath:instancePath+"/match/ignore/" + i1,schemaPath:"#/properties/match/properties/ignore/items/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9_*-]+(\\[([0-9]+|\\*)\\])*(\\.[A-Za-z0-9_*-]+(\\[([0-9]+|\\*)\\])*)*$"},message:"must match pattern \""+"^[A-Za-z0-9_*-]+(\\[([0-9]+|\\*)\\])*(\\.[A-Za-z0-9_*-]+(\\[([0-9]+|\\*)\\])*)*$"+"\"",schema:"^[A-Za-z0-9_*-]+(\\[([0-9]+|\\*)\\])*(\\.[A-Za-z0-9_*-]+(\\[([0-9]+|\\*)\\])*)*$",parentSchema:schema34.properties.match.properties.ignore.items,data:data22};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
else {
const err36 = {instancePath:instancePath+"/match/ignore/" + i1,schemaPath:"#/properties/match/properties/ignore/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema34.properties.match.properties.ignore.items.type,parentSchema:schema34.properties.match.properties.ignore.items,data:data22};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
}
else {
const err37 = {instancePath:instancePath+"/match/ignore",schemaPath:"#/properties/match/properties/ignore/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema34.properties.match.properties.ignore.type,parentSchema:schema34.properties.match.properties.ignore,data:data21};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
}
else {
const err38 = {instancePath:instancePath+"/match",schemaPath:"#/properties/match/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema34.properties.match.type,parentSchema:schema34.properties.match,data:data20};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
}
let data23 = data.timeout;
if(typeof data23 === "string"){
if(!pattern4.test(data23)){
const err39 = {instancePath:instancePath+"/timeout",schemaPath:"#/properties/timeout/pattern",keyword:"pattern",params:{pattern: "^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"},message:"must match pattern \""+"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$"+"\"",schema:"^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$",parentSchema:schema34.properties.timeout,data:data23};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
}
else {
const err40 = {instancePath:instancePath+"/timeout",schemaPath:"#/properties/timeout/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema34.properties.timeout.type,parentSchema:schema34.properties.timeout,data:data23};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
else {
const err41 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema34.type,parentSchema:schema34,data};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
validate23.errors = vErrors;
return errors === 0;
}
validate23.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

