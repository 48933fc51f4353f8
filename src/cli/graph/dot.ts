import { stepLabel } from "../../core/index.ts";
import { flowMarks, type AgentsMap, type WorkflowGraph } from "./model.ts";

/** A DOT double-quoted string. */
function q(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

/** Graphviz digraph of the steps, top to bottom; edges into conditional steps are dashed. */
export function renderWorkflowDot(g: WorkflowGraph): string {
  const out = [
    `digraph ${q(g.workflow.id)} {`,
    "  rankdir=TB;",
    '  node [shape=box, style=rounded, fontname="Helvetica"];',
  ];
  const steps = g.layers.flat();
  const extra: string[] = [];
  const children = new Set<string>();
  for (const p of steps) {
    const m = flowMarks(p.step);
    const who = p.agents.length ? `@${p.agents.join(" | @")}` : "(no agent)";
    // An approval (a person answers) is a diamond: a decision, not a task.
    if (p.step.approval !== undefined) {
      out.push(
        `  ${q(p.step.id)} [shape=diamond, style="", label=${q(`${p.step.id}\n⏸ approval`)}];`,
      );
    } else {
      const what =
        p.step.workflow !== undefined ? [m.child!] : [stepLabel(p.step), who];
      const text = [p.step.id, ...what, ...(m.fanOut ? [m.fanOut] : [])].join(
        "\n",
      );
      // A fan-out is drawn as a stack (two outlines), a sub-workflow as a component box.
      const attrs = [
        `label=${q(text)}`,
        ...(m.fanOut ? ["peripheries=2"] : []),
        ...(p.step.workflow !== undefined ? ["shape=component"] : []),
      ];
      out.push(`  ${q(p.step.id)} [${attrs.join(", ")}];`);
      if (p.step.workflow !== undefined) {
        children.add(p.step.workflow);
        extra.push(
          `  ${q(p.step.id)} -> ${q(`workflow:${p.step.workflow}`)} [style=dotted, label="runs"];`,
        );
      }
      if (p.step.repeat !== undefined)
        extra.push(
          `  ${q(p.step.id)} -> ${q(p.step.id)} [label=${q(`↻ max ${p.step.repeat.max}`)}];`,
        );
    }
  }
  for (const wf of children)
    out.push(
      `  ${q(`workflow:${wf}`)} [shape=folder, style=dashed, label=${q(`workflow ${wf}`)}];`,
    );
  for (const layer of g.layers)
    out.push(`  { rank=same; ${layer.map((p) => q(p.step.id)).join("; ")}; }`);
  const conditional = new Set(
    steps.filter((p) => p.step.if !== undefined).map((p) => p.step.id),
  );
  for (const [from, to] of g.edges)
    out.push(
      `  ${q(from)} -> ${q(to)}${conditional.has(to) ? " [style=dashed]" : ""};`,
    );
  out.push(...extra);
  out.push("}");
  return `${out.join("\n")}\n`;
}

/** Agents as clusters of capability nodes; workflows as nodes with edges labelled by step. */
export function renderAgentsDot(m: AgentsMap): string {
  const out = [
    "digraph agents {",
    "  rankdir=LR;",
    '  node [fontname="Helvetica"];',
  ];
  const cap = (agent: string, name: string) => q(`${agent}.${name}`);
  m.agents.forEach((a, i) => {
    out.push(
      `  subgraph cluster_${i} {`,
      `    label=${q(a.domain ? `${a.id} (${a.domain})` : a.id)};`,
    );
    out.push(
      `    ${q(`agent:${a.id}`)} [shape=box, style=bold, label=${q(a.id)}];`,
    );
    for (const c of a.capabilities)
      out.push(`    ${cap(a.id, c.name)} [shape=ellipse, label=${q(c.name)}];`);
    out.push("  }");
  });
  for (const w of m.workflows)
    out.push(`  ${q(`workflow:${w.id}`)} [shape=folder, label=${q(w.id)}];`);
  const known = new Set(
    m.agents.flatMap((a) => a.capabilities.map((c) => `${a.id}.${c.name}`)),
  );
  for (const w of m.workflows) {
    for (const s of w.steps) {
      for (const agent of s.agents) {
        if (known.has(`${agent}.${s.task}`))
          out.push(
            `  ${q(`workflow:${w.id}`)} -> ${cap(agent, s.task)} [label=${q(s.id)}];`,
          );
      }
    }
  }
  const events = [...new Set(m.agents.flatMap((a) => a.reactsTo.map((r) => r.event)))].sort();
  for (const e of events) out.push(`  ${q(`event:${e}`)} [shape=cds, label=${q(e)}];`);
  for (const a of m.agents) {
    for (const r of a.reactsTo) {
      if (known.has(`${a.id}.${r.capability}`)) out.push(`  ${q(`event:${r.event}`)} -> ${cap(a.id, r.capability)} [style=dotted, label="reacts"];`);
    }
  }
  const feeds = new Set<string>();
  for (const a of m.agents) {
    for (const d of a.dependsOn) feeds.add(`${d}\u0000${a.id}`);
    for (const c of a.consumers) feeds.add(`${a.id}\u0000${c}`);
  }
  const ids = new Set(m.agents.map((a) => a.id));
  for (const f of [...feeds].sort()) {
    const [from = "", to = ""] = f.split("\u0000");
    if (ids.has(from) && ids.has(to))
      out.push(
        `  ${q(`agent:${from}`)} -> ${q(`agent:${to}`)} [style=dashed, label="feeds"];`,
      );
  }
  out.push("}");
  return `${out.join("\n")}\n`;
}
