import { flowMarks, type AgentsMap, type WorkflowGraph } from "./model.ts";
import { stepLabel } from "../../core/index.ts";
import { nodeIds } from "./ids.ts";

/** Mermaid labels are quoted strings; quotes and markup characters become entities. */
function label(lines: string[]): string {
  const esc = (s: string) =>
    s
      .replace(/&/g, "#amp;")
      .replace(/"/g, "#quot;")
      .replace(/</g, "#lt;")
      .replace(/>/g, "#gt;");
  return `"${lines.map(esc).join("<br/>")}"`;
}

/** `flowchart TD` of the steps; an edge into a step with `if:` is dotted (it may be skipped). */
export function renderWorkflowMermaid(g: WorkflowGraph): string {
  const steps = g.layers.flat();
  const ids = nodeIds(
    "s",
    steps.map((p) => p.step.id),
  );
  const out = ["flowchart TD", `  %% workflow ${g.workflow.id}`];
  // Sub-workflows are subroutine boxes linked to a node for the child workflow; fan-outs carry
  // their `×N` line; loops get an edge back into themselves.
  const children = nodeIds("w", [
    ...new Set(
      steps.flatMap((p) =>
        p.step.workflow === undefined ? [] : [p.step.workflow],
      ),
    ),
  ]);
  const extra: string[] = [];
  for (const p of steps) {
    const m = flowMarks(p.step);
    const who = p.agents.length ? `@${p.agents.join(" | @")}` : "(no agent)";
    // An approval (a person answers) is a diamond: a decision, not a task.
    if (p.step.approval !== undefined) {
      out.push(`  ${ids.get(p.step.id)}{${label([p.step.id, "⏸ approval"])}}`);
    } else {
      const what =
        p.step.workflow !== undefined ? [m.child!] : [stepLabel(p.step), who];
      const text = label([p.step.id, ...what, ...(m.fanOut ? [m.fanOut] : [])]);
      const id = ids.get(p.step.id)!;
      out.push(
        p.step.workflow !== undefined
          ? `  ${id}[[${text}]]`
          : `  ${id}[${text}]`,
      );
      if (p.step.workflow !== undefined)
        extra.push(`  ${id} -.->|runs| ${children.get(p.step.workflow)}`);
      if (p.step.repeat !== undefined)
        extra.push(
          `  ${id} -->|${label([`↻ max ${p.step.repeat.max}`]).slice(1, -1)}| ${id}`,
        );
    }
  }
  for (const [wf, id] of children)
    out.push(`  ${id}{{${label([`workflow ${wf}`])}}}`);
  const conditional = new Set(
    steps.filter((p) => p.step.if !== undefined).map((p) => p.step.id),
  );
  for (const [from, to] of g.edges)
    out.push(
      `  ${ids.get(from)} ${conditional.has(to) ? "-.->" : "-->"} ${ids.get(to)}`,
    );
  out.push(...extra);
  return `${out.join("\n")}\n`;
}

/** Agents as subgraphs holding their capabilities; workflows point at the capabilities their steps use. */
export function renderAgentsMermaid(m: AgentsMap): string {
  const out = ["flowchart LR"];
  const agentIds = nodeIds(
    "a",
    m.agents.map((a) => a.id),
  );
  const wfIds = nodeIds(
    "w",
    m.workflows.map((w) => w.id),
  );
  const capIds = nodeIds(
    "c",
    m.agents.flatMap((a) => a.capabilities.map((c) => `${a.id}.${c.name}`)),
  );
  for (const a of m.agents) {
    out.push(
      `  subgraph ${agentIds.get(a.id)}[${label([a.domain ? `${a.id} (${a.domain})` : a.id])}]`,
    );
    for (const c of a.capabilities)
      out.push(`    ${capIds.get(`${a.id}.${c.name}`)}([${label([c.name])}])`);
    out.push("  end");
  }
  for (const w of m.workflows)
    out.push(`  ${wfIds.get(w.id)}[[${label([w.id])}]]`);
  for (const w of m.workflows) {
    for (const s of w.steps) {
      for (const agent of s.agents) {
        const cap = capIds.get(`${agent}.${s.task}`);
        if (cap)
          out.push(
            `  ${wfIds.get(w.id)} -->|${s.id.replace(/\|/g, "")}| ${cap}`,
          );
      }
    }
  }
  // Event types are snake_case names: safe as node ids with a prefix.
  const events = [...new Set(m.agents.flatMap((a) => a.reactsTo.map((r) => r.event)))].sort();
  for (const e of events) out.push(`  ev_${e}>${label([e])}]`);
  for (const a of m.agents) {
    for (const r of a.reactsTo) {
      const cap = capIds.get(`${a.id}.${r.capability}`);
      if (cap) out.push(`  ev_${r.event} -.->|reacts| ${cap}`);
    }
  }
  for (const a of m.agents) {
    for (const d of a.dependsOn)
      if (agentIds.has(d))
        out.push(`  ${agentIds.get(d)} -.->|feeds| ${agentIds.get(a.id)}`);
    for (const c of a.consumers) {
      // a consumers entry and the consumer's depends_on say the same thing; draw it once
      const mirrored =
        m.agents.find((x) => x.id === c)?.dependsOn.includes(a.id) ?? false;
      if (agentIds.has(c) && !mirrored)
        out.push(`  ${agentIds.get(a.id)} -.->|feeds| ${agentIds.get(c)}`);
    }
  }
  return `${out.join("\n")}\n`;
}
