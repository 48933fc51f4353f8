// Throughput of the expression language on the engine's hot path: rendering a step's `with:`.
// Run: npx tsx bench/expr.ts
import { parseTemplate, render, templateCache, type Scope } from '../src/expr/index.ts';

const scope: Scope = {
  inputs: { topic: 'multi-agent systems', tone: 'technical', count: 5 },
  steps: {
    plan: { output: { topics: ['a', 'b'], keywords: ['x', 'y', 'z'] }, status: 'succeeded' },
    draft: { output: { title: 'T', word_count: 420, tags: ['ai'] }, status: 'succeeded' },
  },
  run: { id: 'r1', workflow: 'w', attempt: 1 },
};
const withBlock = {
  topic: '${{ steps.plan.output.topics[0] }}',
  keywords: '${{ steps.plan.output.keywords }}',
  tone: '${{ inputs.tone }}',
  prompt: 'Write a ${{ inputs.tone }} post about ${{ inputs.topic }} (${{ len(steps.plan.output.keywords) }} keywords).',
  ok: "${{ steps.draft.output.word_count > 300 && contains(steps.draft.output.tags, 'ai') }}",
  fixed: 'no expressions here',
};

function time(label: string, n: number, fn: () => void): void {
  for (let i = 0; i < Math.min(n, 1000); i++) fn();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn();
  const ns = Number(process.hrtime.bigint() - t0);
  console.log(`${label.padEnd(44)} ${(ns / n / 1000).toFixed(2).padStart(8)} µs/op  ${Math.round((n * 1e9) / ns).toLocaleString('en').padStart(10)} ops/s`);
}

time('render step with: (6 values, cached parse)', 200_000, () => render(withBlock, scope));
let i = 0;
time('parseTemplate, uncached (distinct strings)', 50_000, () => {
  templateCache.clear();
  parseTemplate(`Write a \${{ inputs.tone }} post about \${{ inputs.topic }} #${i++}`);
});
time('parseTemplate, cached', 1_000_000, () => parseTemplate(withBlock.prompt));
