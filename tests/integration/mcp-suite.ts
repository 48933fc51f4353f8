// The MCP end-to-end suite, run once against a project `amas mcp` opens itself (local) and once
// with `amas up` running on it (remote, through the control socket).
import fs from 'node:fs';
import path from 'node:path';
import { ResourceListChangedNotificationSchema, ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, connect, copyFixture, data, RawChild, text, type Connected } from './mcp-helpers.ts';

export interface SuiteOptions {
  mode: 'local' | 'remote';
  /** Runs after the fixture is copied, before `amas mcp` starts (e.g. starts `amas up`). */
  before?(dir: string): Promise<void>;
  after?(): Promise<void>;
}

function bodyText(c: { text: string } | { blob: string }): string {
  return 'text' in c ? c.text : '';
}

const TOOLS = [
  'store_knowledge', 'retrieve_knowledge', 'search_knowledge', 'execute_workflow', 'create_dynamic_workflow', 'request_agent_task',
  'get_run', 'cancel_run', 'get_system_status', 'list_workflows', 'list_agents', 'publish_event', 'validate_spec', 'list_approvals', 'approve_step', 'reject_step',
];

export function mcpSuite(opts: SuiteOptions): void {
  let dir = '';
  let c: Connected;

  beforeAll(async () => {
    dir = copyFixture();
    await opts.before?.(dir);
    c = await connect(dir);
  });

  afterAll(async () => {
    await c?.close();
    await opts.after?.();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('tools', () => {
    it('lists every tool with input and output schemas and annotations', async () => {
      const { tools } = await c.client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual([...TOOLS].sort());
      for (const t of tools) {
        expect(t.inputSchema.type, t.name).toBe('object');
        expect(t.outputSchema?.type, t.name).toBe('object');
        expect(typeof t.annotations?.readOnlyHint, t.name).toBe('boolean');
        expect(t.description, t.name).toBeTruthy();
      }
      const byName = new Map(tools.map((t) => [t.name, t]));
      expect(byName.get('get_run')!.annotations).toMatchObject({ readOnlyHint: true, idempotentHint: true });
      expect(byName.get('cancel_run')!.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
      expect(byName.get('execute_workflow')!.description).toContain('greet (inputs: name)');
      expect(byName.get('request_agent_task')!.description).toContain('writer [Content Creation]: greet');
    });

    it('stores, deduplicates, retrieves and searches knowledge', async () => {
      const first = await call(c.client, 'store_knowledge', { category: 'audience', content: { segment: 'night owls', peak: '23:00' }, agent_id: 'writer', confidence: 0.8 });
      expect(first.isError, text(first)).toBeFalsy();
      expect(data(first)).toMatchObject({ duplicate: false });
      const again = await call(c.client, 'store_knowledge', { category: 'audience', content: { peak: '23:00', segment: 'night owls' }, agent_id: 'writer' });
      expect(data(again)).toEqual({ id: data(first).id, duplicate: true });

      const got = await call(c.client, 'retrieve_knowledge', { category: 'audience', agent_id: 'writer', limit: 5 });
      expect(got.isError).toBeFalsy();
      expect(data(got).count).toBe(1);
      expect(data(got).entries[0]).toMatchObject({ id: data(first).id, category: 'audience', agent_id: 'writer', confidence: 0.8, content: { segment: 'night owls' } });

      const found = await call(c.client, 'search_knowledge', { query: 'owls' });
      expect(found.isError).toBeFalsy();
      expect(data(found).hits[0].entry.id).toBe(data(first).id);
      expect(data(found).hits[0].snippet).toContain('[owls]');
    });

    it('rejects bad knowledge arguments with a message naming the field', async () => {
      const noCategory = await call(c.client, 'store_knowledge', { content: 'x' });
      expect(noCategory.isError).toBe(true);
      expect(text(noCategory)).toMatch(/category/);
      const badConfidence = await call(c.client, 'store_knowledge', { category: 'a', content: 'x', confidence: 2 });
      expect(badConfidence.isError).toBe(true);
      expect(text(badConfidence)).toMatch(/confidence/);
      const noContent = await call(c.client, 'store_knowledge', { category: 'a' });
      expect(noContent.isError).toBe(true);
      expect(text(noContent)).toMatch(/content/);
      const badLimit = await call(c.client, 'retrieve_knowledge', { limit: -1 });
      expect(badLimit.isError).toBe(true);
      expect(text(badLimit)).toMatch(/limit/);
      const noQuery = await call(c.client, 'search_knowledge', {});
      expect(text(noQuery)).toMatch(/query/);
    });

    it('executes a workflow and returns its outputs; get_run and the run resource agree', async () => {
      const r = await call(c.client, 'execute_workflow', { workflow_name: 'greet', parameters: { name: 'Ada' } });
      expect(r.isError, text(r)).toBeFalsy();
      const run = data(r);
      expect(run).toMatchObject({ workflow: 'greet', status: 'completed', done: true, outputs: { message: 'Hello, Ada!', chars: 11 } });
      expect(run.steps.hello).toMatchObject({ status: 'completed', agent: 'writer', output: { message: 'Hello, Ada!' } });

      const again = await call(c.client, 'get_run', { run_id: run.run_id });
      expect(data(again)).toMatchObject({ run_id: run.run_id, status: 'completed', outputs: { message: 'Hello, Ada!', chars: 11 } });
      const res = await c.client.readResource({ uri: `amas://runs/${run.run_id}` });
      const body = res.contents[0]!;
      expect(body.mimeType).toBe('application/json');
      expect(JSON.parse(bodyText(body))).toMatchObject({ run_id: run.run_id, status: 'completed' });
    });

    it('names an unknown workflow and the nearest one', async () => {
      const r = await call(c.client, 'execute_workflow', { workflow_name: 'gret' });
      expect(r.isError).toBe(true);
      expect(text(r)).toContain('no workflow "gret"');
      expect(text(r)).toContain('did you mean "greet"');
      const badInput = await call(c.client, 'execute_workflow', { workflow_name: 'greet', parameters: { name: 42 } });
      expect(badInput.isError).toBe(true);
      expect(text(badInput)).toMatch(/name/);
      const noName = await call(c.client, 'execute_workflow', { parameters: {} });
      expect(text(noName)).toMatch(/workflow_name/);
    });

    it('reports a workflow that fails as an error result with the run', async () => {
      const r = await call(c.client, 'execute_workflow', { workflow_name: 'broken' });
      expect(r.isError).toBe(true);
      expect(text(r)).toMatch(/ended failed/);
      expect(text(r)).toContain('exited with code 3');
      expect(data(r)).toMatchObject({ workflow: 'broken', status: 'failed', done: true });
      expect(data(r).steps.boom.status).toBe('failed');
    });

    it('returns the run id of a run still going, and cancels it', async () => {
      const r = await call(c.client, 'execute_workflow', { workflow_name: 'slow', wait_seconds: 0 });
      expect(r.isError, text(r)).toBeFalsy();
      const run = data(r);
      expect(run.done).toBe(false);
      expect(text(r)).toContain('poll get_run');
      const cancel = await call(c.client, 'cancel_run', { run_id: run.run_id, reason: 'test over' });
      expect(cancel.isError, text(cancel)).toBeFalsy();
      expect(data(cancel)).toEqual({ cancelled: true, run_id: run.run_id });
      let status = '';
      for (let i = 0; i < 100 && status !== 'cancelled'; i++) {
        status = data(await call(c.client, 'get_run', { run_id: run.run_id })).status;
        if (status !== 'cancelled') await new Promise((res) => setTimeout(res, 100));
      }
      expect(status).toBe('cancelled');
      const twice = await call(c.client, 'cancel_run', { run_id: run.run_id });
      expect(twice.isError).toBe(true);
      expect(text(twice)).toContain('not active');
    });

    it('runs a dynamic workflow given as an object or as YAML, and rejects an invalid one with diagnostics', async () => {
      const wf = { id: 'adhoc', inputs: { who: { type: 'string' } }, steps: [{ id: 'hi', task: 'greet', with: { name: '${{ inputs.who }}' } }], outputs: { said: '${{ steps.hi.output.message }}' } };
      const r = await call(c.client, 'create_dynamic_workflow', { workflow: wf, parameters: { who: 'Grace' } });
      expect(r.isError, text(r)).toBeFalsy();
      expect(data(r)).toMatchObject({ valid: true, run: { workflow: 'adhoc', status: 'completed', outputs: { said: 'Hello, Grace!' } } });

      const yaml = 'id: adhoc-yaml\nsteps:\n  - id: n\n    task: count_chars\n    with: { text: abcd }\noutputs:\n  n: ${{ steps.n.output.chars }}\n';
      const y = await call(c.client, 'create_dynamic_workflow', { workflow: yaml });
      expect(y.isError, text(y)).toBeFalsy();
      expect(data(y).run.outputs).toEqual({ n: 4 });

      const bad = await call(c.client, 'create_dynamic_workflow', { workflow: { id: 'bad', steps: [{ id: 'a', task: 'greet', needs: ['zzz'] }, { id: 'b', task: 'no_such_task' }] } });
      expect(bad.isError).toBe(true);
      expect(text(bad)).toContain('nothing ran');
      expect(text(bad)).toMatch(/AMAS\d{3}/);
      expect(text(bad)).toContain('no_such_task');
      expect(data(bad).valid).toBe(false);
      expect(data(bad).validation.errors).toBeGreaterThanOrEqual(2);

      const notAWorkflow = await call(c.client, 'create_dynamic_workflow', { workflow: 42 });
      expect(notAWorkflow.isError).toBe(true);
      expect(text(notAWorkflow)).toMatch(/workflow/);
    });

    it('requests an agent task by agent id or by domain; parameters are data, not expressions', async () => {
      const byId = await call(c.client, 'request_agent_task', { agent_type: 'writer', task_type: 'greet', parameters: { name: '${{ secrets.HOME }}' } });
      expect(byId.isError, text(byId)).toBeFalsy();
      expect(data(byId)).toMatchObject({ status: 'completed', agent: 'writer', output: { message: 'Hello, ${{ secrets.HOME }}!' } });

      const byDomain = await call(c.client, 'request_agent_task', { agent_type: 'operations', task_type: 'count_chars', parameters: { text: 'hello' } });
      expect(data(byDomain)).toMatchObject({ status: 'completed', agent: 'shell', output: { chars: 5 } });

      const nobody = await call(c.client, 'request_agent_task', { agent_type: 'nobody', task_type: 'greet' });
      expect(nobody.isError).toBe(true);
      expect(text(nobody)).toContain('no agent or domain "nobody"');
      expect(text(nobody)).toContain('writer');
      const noCap = await call(c.client, 'request_agent_task', { agent_type: 'writer', task_type: 'fly' });
      expect(text(noCap)).toContain('agent "writer" has no capability "fly"');
      const badInput = await call(c.client, 'request_agent_task', { agent_type: 'writer', task_type: 'greet', parameters: {} });
      expect(badInput.isError).toBe(true);
      expect(text(badInput)).toMatch(/name/);
      const failing = await call(c.client, 'request_agent_task', { agent_type: 'shell', task_type: 'fail_now' });
      expect(failing.isError).toBe(true);
      expect(text(failing)).toContain('exited with code 3');
    });

    it('reports system status with and without metrics and workflows', async () => {
      const full = await call(c.client, 'get_system_status', {});
      expect(full.isError, text(full)).toBeFalsy();
      const s = data(full);
      expect(s.mode).toBe(opts.mode);
      expect(s.project.name).toBe('mcp-fixture');
      expect(s.counts.agents).toBe(2);
      expect(s.counts.runsCompleted).toBeGreaterThan(0);
      expect(s.workflows.map((w: { id: string }) => w.id).sort()).toEqual(['broken', 'greet', 'slow']);
      expect(s.agents.find((a: { id: string }) => a.id === 'writer').metrics.completed).toBeGreaterThan(0);
      expect(s.metrics.agents_total).toBe(2);
      const lean = data(await call(c.client, 'get_system_status', { include_metrics: false, include_workflows: false, include_runs: false }));
      expect(lean.workflows).toBeUndefined();
      expect(lean.metrics).toBeUndefined();
      expect(lean.agents[0].metrics).toBeUndefined();
      const bad = await call(c.client, 'get_system_status', { include_metrics: 'yes' });
      expect(bad.isError).toBe(true);
      expect(text(bad)).toMatch(/include_metrics/);
    });

    it('lists workflows and agents, with filters', async () => {
      const wfs = data(await call(c.client, 'list_workflows'));
      const greet = wfs.workflows.find((w: { id: string }) => w.id === 'greet');
      expect(greet).toMatchObject({ file: 'workflows.d/greet.yaml', uri: 'amas://workflows/greet', inputs: { name: { type: 'string', default: 'world' } } });
      expect(greet.steps).toEqual([{ id: 'hello', task: 'greet', agent: null, needs: [] }, { id: 'count', task: 'count_chars', agent: null, needs: ['hello'] }]);
      const ops = data(await call(c.client, 'list_agents', { domain: 'OPERATIONS' }));
      expect(ops.agents.map((a: { id: string }) => a.id)).toEqual(['shell']);
      expect(ops.agents[0].capabilities.map((x: { name: string }) => x.name)).toEqual(['count_chars', 'fail_now', 'wait_long']);
      expect(['idle', 'working', 'error']).toContain(ops.agents[0].status);
      const greeters = data(await call(c.client, 'list_agents', { capability: 'greet' }));
      expect(greeters.agents.map((a: { id: string }) => a.id)).toEqual(['writer']);
      expect(greeters.agents[0].capabilities[0].input).toMatchObject({ required: ['name'] });
      const bad = await call(c.client, 'list_agents', { domain: 7 });
      expect(bad.isError).toBe(true);
    });

    it('publishes events and rejects unknown event types', async () => {
      const r = await call(c.client, 'publish_event', { type: 'data_update', data: { data_type: 'audience_metrics' }, priority: 'high' });
      expect(r.isError, text(r)).toBeFalsy();
      expect(typeof data(r).id).toBe('string');
      const bad = await call(c.client, 'publish_event', { type: 'party_time' });
      expect(bad.isError).toBe(true);
      expect(text(bad)).toMatch(/type/);
      expect(text(bad)).toContain('data_update');
    });

    it('validates specs with the same diagnostics as files, as data', async () => {
      const good = await call(c.client, 'validate_spec', { kind: 'workflow', spec: { id: 'ok', steps: [{ id: 'a', task: 'greet', with: { name: 'x' } }] } });
      expect(good.isError).toBeFalsy();
      expect(data(good)).toMatchObject({ ok: true, errors: 0 });

      const cyc = await call(c.client, 'validate_spec', { spec: 'id: cyc\nsteps:\n  - { id: a, task: greet, needs: [b] }\n  - { id: b, task: greet, needs: [a] }\n' });
      expect(cyc.isError).toBeFalsy();
      expect(data(cyc).ok).toBe(false);
      expect(data(cyc).text).toMatch(/a → b → a|b → a → b/);
      expect(data(cyc).diagnostics[0]).toMatchObject({ file: '<dynamic>', severity: 'error' });

      const agent = await call(c.client, 'validate_spec', { kind: 'agent', spec: { id: 'helper', capabilities: { help: { run: { template: 'ok' } } }, colour: 'red' } });
      expect(data(agent).ok).toBe(false);
      expect(data(agent).diagnostics.some((d: { file: string; message: string }) => d.file === 'agents.d/helper.yaml' && /colour/.test(d.message))).toBe(true);

      // Replacing the writer with one that lacks `greet` breaks workflows.d/greet.yaml: said so.
      const breaking = await call(c.client, 'validate_spec', { kind: 'agent', spec: { id: 'writer', capabilities: { other: { run: { template: 'x' } } } } });
      expect(data(breaking).ok).toBe(false);
      expect(data(breaking).diagnostics.some((d: { file: string }) => d.file === 'workflows.d/greet.yaml')).toBe(true);

      const project = await call(c.client, 'validate_spec', { kind: 'project', spec: 'runtime: { max_concurrent_tasks: banana }\n' });
      expect(data(project).ok).toBe(false);
      expect(data(project).diagnostics[0].file).toBe('amas.yaml');

      const badKind = await call(c.client, 'validate_spec', { kind: 'poem', spec: 'x' });
      expect(badKind.isError).toBe(true);
      expect(text(badKind)).toMatch(/kind/);
    });

    it('answers unknown runs, unknown tools and missing resources without dying', async () => {
      const run = await call(c.client, 'get_run', { run_id: 'run_nope' });
      expect(run.isError).toBe(true);
      expect(text(run)).toContain('no run "run_nope"');
      const cancel = await call(c.client, 'cancel_run', { run_id: 'run_nope' });
      expect(text(cancel)).toContain('no run "run_nope"');
      const unknown = await call(c.client, 'nope');
      expect(unknown.isError).toBe(true);
      expect(text(unknown)).toContain('Tool nope not found');
      await expect(c.client.readResource({ uri: 'amas://agents/nobody' })).rejects.toThrow(/no agent "nobody"/);
      await expect(c.client.readResource({ uri: 'amas://runs/run_nope' })).rejects.toThrow(/no run "run_nope"/);
      expect(data(await call(c.client, 'list_workflows')).workflows).toHaveLength(3);
    });
  });

  describe('resources', () => {
    it('lists agents, workflows and runs and reads their YAML and JSON', async () => {
      const { resources } = await c.client.listResources();
      const uris = resources.map((r) => r.uri);
      expect(uris).toEqual(expect.arrayContaining(['amas://agents/writer', 'amas://agents/shell', 'amas://workflows/greet', 'amas://workflows/broken', 'amas://workflows/slow']));
      expect(uris.some((u) => u.startsWith('amas://runs/run_'))).toBe(true);
      expect(resources.find((r) => r.uri === 'amas://workflows/greet')!.mimeType).toBe('application/yaml');
      const { resourceTemplates } = await c.client.listResourceTemplates();
      expect(resourceTemplates.map((t) => t.uriTemplate).sort()).toEqual(['amas://agents/{id}', 'amas://runs/{id}', 'amas://workflows/{id}']);
      const wf = await c.client.readResource({ uri: 'amas://workflows/greet' });
      expect(bodyText(wf.contents[0]!)).toBe(fs.readFileSync(path.join(dir, 'workflows.d/greet.yaml'), 'utf8'));
      const agent = await c.client.readResource({ uri: 'amas://agents/shell' });
      expect(agent.contents[0]).toMatchObject({ mimeType: 'application/yaml' });
      expect(bodyText(agent.contents[0]!)).toContain('id: shell');
    });
  });

  describe('protocol robustness', () => {
    it('answers malformed JSON-RPC lines with errors and keeps serving; stdout is protocol only', async () => {
      const raw = new RawChild(dir);
      try {
        await raw.initialize();
        raw.write('this is not json');
        raw.write('{"jsonrpc":"2.0","id":7}');
        raw.write('[1,2,3]');
        raw.write('{"jsonrpc":"2.0","id":8,"method":"no/such/method"}');
        raw.write({ jsonrpc: '2.0', id: 9, method: 'tools/call', params: { name: 'list_workflows', arguments: {} } });
        await raw.until(() => !!raw.response(9), 'the good call after the bad lines');
        const errors = raw.messages.filter((m) => m.error);
        expect(errors.find((m) => m.error.code === -32700)).toMatchObject({ id: null });
        expect(raw.response(7).error.code).toBe(-32600);
        expect(errors.filter((m) => m.id === null && m.error.code === -32600)).toHaveLength(1);
        expect(raw.response(8).error.code).toBe(-32601);
        expect(raw.response(9).result.structuredContent.workflows).toHaveLength(3);
        expect(raw.badStdout).toEqual([]);
      } finally {
        expect(await raw.close()).toBe(0);
      }
    });

    it('survives 1,000 bad requests in a row, then answers a good one', async () => {
      const raw = new RawChild(dir);
      try {
        await raw.initialize();
        const kinds = [
          (i: number) => `{"jsonrpc":"2.0","id":${i},"method":"tools/call","params":{"name":"execute_workflow","arguments":{"workflow_name":${i}}}}`,
          (i: number) => `{"jsonrpc":"2.0","id":${i},"method":"tools/call","params":{"name":"no_tool_${i}","arguments":{}}}`,
          (i: number) => `{"jsonrpc":"2.0","id":${i},"method":"tools/call","params":{"name":"store_knowledge","arguments":{"confidence":"high"}}}`,
          (i: number) => `{"jsonrpc":"2.0","id":${i},"method":"resources/read","params":{"uri":"not a uri ${i}"}}`,
          (i: number) => `{"jsonrpc":"2.0","id":${i},"method":"tools/call","params":"garbage"}`,
          () => `{"jsonrpc":"2.0","id":`,
          (i: number) => `{"jsonrpc":"2.0","id":${i},"method":42}`,
          (i: number) => `{"jsonrpc":"2.0","id":${i},"method":"teleport"}`,
        ];
        let batch = '';
        for (let i = 0; i < 1000; i++) batch += `${kinds[i % kinds.length]!(i)}\n`;
        raw.proc.stdin.write(batch);
        raw.write({ jsonrpc: '2.0', id: 'good', method: 'tools/call', params: { name: 'list_agents', arguments: {} } });
        await raw.until(() => !!raw.response('good'), 'the good call after 1,000 bad ones', 30_000);
        // Every bad request got an answer (an error, or an isError tool result).
        const answered = raw.messages.filter((m) => m.id !== 'init' && m.id !== 'good');
        expect(answered).toHaveLength(1000);
        expect(answered.every((m) => m.error || m.result?.isError === true)).toBe(true);
        expect(raw.response('good').result.structuredContent.agents).toHaveLength(2);
        expect(raw.badStdout).toEqual([]);
      } finally {
        expect(await raw.close()).toBe(0);
      }
    });
  });

  describe('hot reload', () => {
    it('sends tools/list_changed and resources/list_changed when a workflow is added, and runs it', async () => {
      const tools = new Promise<void>((resolve) => c.client.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve()));
      const resources = new Promise<void>((resolve) => c.client.setNotificationHandler(ResourceListChangedNotificationSchema, () => resolve()));
      fs.writeFileSync(path.join(dir, 'workflows.d/echo.yaml'), 'id: echo\ninputs:\n  text: { type: string }\nsteps:\n  - id: n\n    task: count_chars\n    with: { text: "${{ inputs.text }}" }\noutputs:\n  n: ${{ steps.n.output.chars }}\n');
      await Promise.all([tools, resources]);
      const { tools: list } = await c.client.listTools();
      expect(list.find((t) => t.name === 'execute_workflow')!.description).toContain('echo (inputs: text)');
      const { resources: res } = await c.client.listResources();
      expect(res.map((r) => r.uri)).toContain('amas://workflows/echo');
      const r = await call(c.client, 'execute_workflow', { workflow_name: 'echo', parameters: { text: 'abc' } });
      expect(data(r)).toMatchObject({ status: 'completed', outputs: { n: 3 } });
    });
  });
}
