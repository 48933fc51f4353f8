import { Option, type Command } from 'commander';
import { AmasError } from '../../core/index.ts';
import { action } from '../action.ts';
import { printJson, projectDir } from '../target.ts';
import { stdout, stderr } from '../out.ts';

const GRAPH_FORMATS = ['ascii', 'mermaid', 'dot'] as const;
type GraphFormat = (typeof GRAPH_FORMATS)[number];

interface GraphOptions {
  agents?: boolean;
  format: GraphFormat;
  json?: boolean;
  width?: string;
}

/** Only on the unknown-workflow path, so the library loads there, not at every `amas` start. */
async function nearest(name: string, known: readonly string[]): Promise<string | undefined> {
  const { distance } = await import('fastest-levenshtein');
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = distance(name, k);
    if (d < bestD) [best, bestD] = [k, d];
  }
  return bestD <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

function widthOf(opt: string | undefined): number {
  if (opt === undefined) return Math.max(40, Math.min(process.stdout.isTTY ? process.stdout.columns || 80 : 80, 160));
  const n = Number(opt);
  if (!Number.isInteger(n) || n < 40) throw new AmasError('AMAS_BAD_USAGE', `--width must be an integer of at least 40, got "${opt}"`, { exitCode: 2 });
  return n;
}

export function registerGraph(program: Command): void {
  program
    .command('graph')
    .description("draw a workflow's step DAG, or with --agents the map of agents, capabilities and workflows")
    .argument('[workflow]', 'workflow id (omit with --agents)')
    .argument('[dir]', 'project directory', '.')
    .option('--agents', 'draw agents ↔ capabilities ↔ workflows instead of one workflow')
    .addOption(new Option('--format <format>', 'output format').choices(GRAPH_FORMATS).default('ascii'))
    .option('--width <columns>', 'width of ascii output (default: the terminal, or 80)')
    .option('--json', 'print the laid-out graph as JSON instead of drawing it')
    .addHelpText(
      'after',
      `
ascii draws layers top to bottom, one box per step with its task, agent(s) and needs;
mermaid and dot print source for Mermaid (GitHub renders it in Markdown) and Graphviz.

Examples:
  amas graph content-pipeline
  amas graph content-pipeline --format mermaid > pipeline.mmd
  amas graph --agents --format dot | dot -Tsvg > agents.svg
`,
    )
    .action(
      action(async (first: string | undefined, second: string, opts: GraphOptions) => {
        // with --agents the only positional is the directory
        let workflowId = first;
        let dir = second;
        if (opts.agents) {
          if (first !== undefined && second !== '.') {
            throw new AmasError('AMAS_BAD_USAGE', '--agents draws every workflow; give only the project directory', { exitCode: 2 });
          }
          workflowId = undefined;
          dir = first ?? second;
        }
        projectDir(dir);
        const width = widthOf(opts.width);
        const { loadProject, formatDiagnostics } = await import('../../spec/index.ts');
        const graph = await import('../graph/index.ts');
        const { model, diagnostics, ok } = await loadProject(dir);
        if (!ok) {
          await stderr.write(formatDiagnostics(diagnostics, 'text', { files: model.files, color: false }));
          await stderr.write('amas: graph needs a project without errors; fix the above first\n');
          return 1;
        }
        const agents = [...model.agents.values()].map((e) => e.spec).sort((a, b) => a.id.localeCompare(b.id));
        const workflows = [...model.workflows.values()].map((e) => e.spec).sort((a, b) => a.id.localeCompare(b.id));

        if (opts.agents) {
          const map = graph.buildAgentsMap(agents, workflows);
          const out = opts.json
            ? `${JSON.stringify(map, null, 2)}\n`
            : opts.format === 'mermaid'
              ? graph.renderAgentsMermaid(map)
              : opts.format === 'dot'
                ? graph.renderAgentsDot(map)
                : graph.renderAgentsAscii(map, width);
          await stdout.write(out);
          return 0;
        }

        const ids = workflows.map((w) => w.id);
        if (workflowId === undefined) {
          throw new AmasError('AMAS_BAD_USAGE', 'which workflow? give its id, or --agents for the agent map', {
            exitCode: 2,
            hint: ids.length ? `workflows: ${ids.join(', ')}` : 'this project has no workflows yet',
          });
        }
        const wf = model.workflows.get(workflowId)?.spec;
        if (!wf) {
          const near = await nearest(workflowId, ids);
          throw new AmasError('AMAS_UNKNOWN_WORKFLOW', `no workflow "${workflowId}" in ${dir}${near ? ` (did you mean "${near}"?)` : ''}`, {
            exitCode: 2,
            hint: ids.length ? `workflows: ${ids.join(', ')}` : 'this project has no workflows yet',
          });
        }
        const g = graph.layoutWorkflow(wf, agents);
        if (opts.json) {
          const layers = g.layers.map((l) => l.map((p) => ({ id: p.step.id, task: p.step.task, agents: p.agents, pinned: p.pinned, needs: p.step.needs ?? [] })));
          await printJson({ workflow: wf.id, layers, edges: g.edges });
          return 0;
        }
        const out = opts.format === 'mermaid' ? graph.renderWorkflowMermaid(g) : opts.format === 'dot' ? graph.renderWorkflowDot(g) : graph.renderWorkflowAscii(g, width);
        await stdout.write(out);
        return 0;
      }),
    );
}
