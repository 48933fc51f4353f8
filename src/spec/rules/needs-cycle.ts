import { checked, type Rule } from './base.ts';

/** Strongly connected components of the needs graph (Tarjan), iterative so deep chains cannot overflow. */
export function components(n: number, edges: readonly number[][]): number[][] {
  const index = new Array<number>(n).fill(-1);
  const low = new Array<number>(n).fill(0);
  const onStack = new Array<boolean>(n).fill(false);
  const stack: number[] = [];
  const out: number[][] = [];
  let next = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    const work: [number, number][] = [[root, 0]];
    index[root] = low[root] = next++;
    stack.push(root);
    onStack[root] = true;
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const [v, ei] = top;
      const succ = edges[v] ?? [];
      if (ei < succ.length) {
        top[1]++;
        const w = succ[ei]!;
        if (index[w] === -1) {
          index[w] = low[w] = next++;
          stack.push(w);
          onStack[w] = true;
          work.push([w, 0]);
        } else if (onStack[w]) low[v] = Math.min(low[v]!, index[w]!);
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low[parent[0]] = Math.min(low[parent[0]]!, low[v]!);
      if (low[v] === index[v]) {
        const comp: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = false;
          comp.push(w);
        } while (w !== v);
        out.push(comp.sort((a, b) => a - b));
      }
    }
  }
  return out;
}

/** A cycle through `start` inside one component, following needs in their written order. */
export function cycleFrom(start: number, inComp: Set<number>, edges: readonly number[][]): number[] {
  const path = [start];
  const seen = new Set([start]);
  const dfs = (v: number): boolean => {
    for (const w of edges[v] ?? []) {
      if (w === start) return true;
      if (!inComp.has(w) || seen.has(w)) continue;
      seen.add(w);
      path.push(w);
      if (dfs(w)) return true;
      path.pop();
    }
    return false;
  };
  dfs(start);
  return path;
}

/** AMAS307: `needs` must form a DAG; each cycle is reported once with its path. */
export const needsCycle: Rule = {
  name: 'needs-cycle',
  codes: ['AMAS307'],
  check(ctx) {
    for (const wf of checked(ctx.workflows)) {
      const steps = wf.spec.steps;
      const idx = new Map<string, number>();
      steps.forEach((s, i) => {
        if (!idx.has(s.id)) idx.set(s.id, i);
      });
      const edges = steps.map((s) => (s.needs ?? []).map((n) => idx.get(n)).filter((x): x is number => x !== undefined));
      for (const comp of components(steps.length, edges)) {
        const start = comp[0]!;
        const self = edges[start]!.includes(start);
        if (comp.length === 1 && !self) continue;
        const cyc = comp.length === 1 ? [start] : cycleFrom(start, new Set(comp), edges);
        const names = [...cyc, start].map((i) => steps[i]!.id);
        const nextId = names[1]!;
        const j = (steps[start]!.needs ?? []).indexOf(nextId);
        const msg = comp.length === 1 ? `step \`${names[0]}\` needs itself` : `\`needs\` form a cycle: ${names.join(' → ')}`;
        ctx.at(wf.file, ['steps', start, 'needs', j], 'AMAS307', msg, { hint: 'a → b means a needs b; remove one of these needs so the steps form a DAG' });
      }
    }
  },
};
