import type { PathSeg } from '../locate.ts';
import type { Rule, RuleContext } from './base.ts';
import { agentToolCapabilities, loopCapabilities, type LoopCapability } from './loop-tools.ts';
import { components, cycleFrom } from './needs-cycle.ts';

/** An edge of the delegation graph: this loop may call loop `to` through the tool at `path`. */
interface Edge {
  to: number;
  path: PathSeg[];
}

/**
 * AMAS323/324: an agent loop that can call itself — its own capability as a tool, or its own agent
 * by delegation — and loops that call each other in a circle (A's loop uses B's capability, whose
 * loop uses A's). The model decides each call, so nothing bounds the recursion but budgets; it is
 * reported like a `needs` cycle, with its path. Workflow tools count: a workflow step routed to a
 * loop is a call of that loop.
 */
export const delegation: Rule = {
  name: 'delegation',
  codes: ['AMAS323', 'AMAS324'],
  check(ctx) {
    const loops = loopCapabilities(ctx, true);
    const index = new Map<string, number>();
    loops.forEach((l, i) => index.set(key(l.agent.spec.id, l.name), i));
    const edges: Edge[][] = loops.map((l) => callsOf(ctx, l, index));
    const succ = edges.map((es) => es.map((e) => e.to));
    for (const comp of components(loops.length, succ)) {
      if (comp.length === 1) continue;
      const start = comp[0]!;
      const cyc = cycleFrom(start, new Set(comp), succ);
      if (!cyc.every((n) => loops[n]!.agent.check)) continue;
      const names = [...cyc, start].map((n) => `${loops[n]!.agent.spec.id}.${loops[n]!.name}`);
      const edge = edges[start]!.find((e) => e.to === cyc[1])!;
      const first = loops[start]!;
      ctx.at(first.agent.file, edge.path, 'AMAS324', `agent loops call each other in a cycle: ${names.join(' → ')}`, {
        hint: 'a → b means a\'s loop may call b; the model could recurse until a budget stops the run — remove one of these tools',
      });
    }
  },
};

function key(agent: string, capability: string): string {
  return `${agent}\0${capability}`;
}

/** The loops `loop` may call; reports (for checked agents) the tools by which it calls itself. */
function callsOf(ctx: RuleContext, loop: LoopCapability, index: ReadonlyMap<string, number>): Edge[] {
  const me = loop.agent.spec.id;
  const self = index.get(key(me, loop.name))!;
  const out: Edge[] = [];
  const add = (agent: string, capability: string, path: PathSeg[]) => {
    const to = index.get(key(agent, capability));
    if (to !== undefined && to !== self && !out.some((e) => e.to === to)) out.push({ to, path });
  };
  const report = (path: PathSeg[], message: string, hint: string) => {
    if (loop.agent.check) ctx.at(loop.agent.file, path, 'AMAS323', message, { hint });
  };
  loop.tools.forEach((t, i) => {
    const at: PathSeg[] = [...loop.llmPath, 'tools', i];
    if ('capability' in t) {
      const targets = t.agent !== undefined ? [t.agent] : (ctx.providers.get(t.capability) ?? []).map((a) => a.spec.id);
      if (t.capability === loop.name && targets.includes(me)) {
        report([...at, 'capability'], `capability \`${loop.name}\` of agent \`${me}\` lists itself as a tool`, 'a loop that calls itself recurses until a budget stops the run; remove this tool');
      }
      for (const a of targets) add(a, t.capability, [...at, 'capability']);
    } else if ('agent' in t) {
      if (t.agent === me) {
        report([...at, 'agent'], `capability \`${loop.name}\` of agent \`${me}\` delegates to its own agent`, `delegation is to another agent; list the capabilities \`${loop.name}\` needs with \`capability:\` instead`);
        return;
      }
      const agent = ctx.agentById.get(t.agent);
      if (!agent) return;
      for (const c of agentToolCapabilities(agent, t.capabilities)) {
        const j = t.capabilities?.indexOf(c);
        add(t.agent, c, j === undefined ? [...at, 'agent'] : [...at, 'capabilities', j]);
      }
    } else if ('workflow' in t) {
      // the steps of the workflow and of the sub-workflows its steps start
      const seen = new Set<string>();
      const visit = (id: string): void => {
        if (seen.has(id)) return;
        seen.add(id);
        for (const step of ctx.workflows.find((w) => w.spec.id === id)?.spec.steps ?? []) {
          if (step.workflow !== undefined) visit(step.workflow);
          const task = step.task;
          if (task === undefined) continue;
          const targets = step.agent !== undefined ? [step.agent] : (ctx.providers.get(task) ?? []).map((a) => a.spec.id);
          for (const a of targets) {
            if (a === me && task === loop.name) {
              report([...at, 'workflow'], `capability \`${loop.name}\` of agent \`${me}\` calls itself through workflow \`${id}\` (step \`${step.id}\`)`, 'a loop that calls itself recurses until a budget stops the run; remove this tool or that step');
            }
            add(a, task, [...at, 'workflow']);
          }
        }
      };
      visit(t.workflow);
    }
  });
  return out;
}
