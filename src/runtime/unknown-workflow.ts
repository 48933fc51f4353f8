import { distance } from 'fastest-levenshtein';
import { AmasError } from '../core/index.ts';
import type { ProjectModel } from '../spec/index.ts';

/** The error every face gives for a workflow id the project does not declare, with a did-you-mean. */
export function unknownWorkflow(model: ProjectModel, id: string): AmasError {
  const known = [...model.workflows.keys()];
  const near = known.map((k) => [k, distance(k, id)] as const).sort((a, b) => a[1] - b[1])[0];
  const hint = near && near[1] <= Math.max(2, Math.floor(id.length / 3)) ? `did you mean "${near[0]}"?` : known.length ? `workflows: ${known.join(', ')}` : 'this project declares no workflows';
  return new AmasError('AMAS_UNKNOWN_WORKFLOW', `no workflow "${id}"`, { exitCode: 2, hint });
}
