// Asks for a workflow's inputs one at a time before running it.
import { fit } from '../format.ts';
import type { PromptState } from '../state.ts';
import { Line } from './line.tsx';
import { Panel } from './panel.tsx';

export function InputPrompt({ prompt, width, height }: { prompt: PromptState; width: number; height: number }) {
  const field = prompt.fields[prompt.index];
  if (!field) return null;
  const kind = [field.type ?? 'text', field.required ? 'required' : 'optional'].join(', ');
  const def = field.default === undefined ? '' : `empty: ${JSON.stringify(field.default)}`;
  const a = prompt.approval;
  // An answer shows what is answered: the step (or tool call) and the question asked.
  const title = a ? `${a.approved ? 'Approve' : 'Reject'} ${a.callId === undefined ? a.stepId : `tool call ${a.callId} of ${a.stepId}`}` : `Run ${prompt.workflowId}`;
  return (
    <Panel title={title} info={`${a ? 'field' : 'input'} ${prompt.index + 1}/${prompt.fields.length} · enter accept · esc cancel`} focused width={width} height={height}>
      {a ? <Line width={width} segments={[{ text: fit(` ${a.prompt}`, width), tone: 'warn' }]} /> : null}
      <Line width={width} segments={[{ text: ` ${field.name}`, bold: true }, { text: ` (${kind}) `, tone: 'dim' }, { text: `${prompt.buffer}▌` }]} />
      {field.description || def ? <Line width={width} segments={[{ text: fit(`   ${[field.description, def].filter(Boolean).join(' · ')}`, width), tone: 'dim' }]} /> : null}
      {prompt.error ? <Line width={width} segments={[{ text: fit(`   ✗ ${prompt.error}`, width), tone: 'bad' }]} /> : null}
    </Panel>
  );
}
