import { collectSecretRefs } from '../expr/index.ts';
import type { ProjectModel } from './model.ts';

/**
 * Every name the project's own specs read as `secrets.NAME`, sorted: the project's secrets
 * (docs/security.md). Known statically when the project is loaded; nothing else may be read.
 */
export function referencedSecretNames(model: ProjectModel): string[] {
  const names = new Set<string>(collectSecretRefs(model.project));
  for (const { spec } of model.agents.values()) for (const n of collectSecretRefs(spec)) names.add(n);
  for (const { spec } of model.workflows.values()) for (const n of collectSecretRefs(spec)) names.add(n);
  return [...names].sort();
}
