import type { Diagnostic, ProjectSpec } from '../core/index.ts';
import { errorMessage } from '../core/index.ts';
import { internal } from './filecheck.ts';
import { RULES, makeContext, type AgentEntry, type TestEntry, type WorkflowEntry } from './rules/index.ts';
import type { SourceFile } from './source.ts';

export interface SemanticInput {
  dir: string;
  project: ProjectSpec;
  projectFile?: SourceFile;
  agents: AgentEntry[];
  workflows: WorkflowEntry[];
  tests?: TestEntry[];
  looseAgentIds: Set<string>;
  looseCapabilities: Set<string>;
  env: Record<string, string | undefined>;
  dotenv: Record<string, string>;
  /** The project a scratch copy stands for (its other entries are links into it): paths may resolve there too. */
  mirrorOf?: string;
  /** A workflow submitted at run time may read only these secrets (the loaded project's). */
  allowedSecrets?: ReadonlySet<string>;
}

/** Runs every semantic rule; a rule that throws is reported, never fatal. */
export function runRules(input: SemanticInput): Diagnostic[] {
  const out: Diagnostic[] = [];
  const ctx = makeContext(input, out);
  for (const rule of RULES) {
    try {
      rule.check(ctx);
    } catch (err) {
      const where = input.workflows.find((w) => w.check)?.file.rel ?? input.agents.find((a) => a.check)?.file.rel ?? 'amas.yaml';
      out.push(internal(where, err instanceof RangeError ? err : new Error(`rule ${rule.name}: ${errorMessage(err)}`)));
    }
  }
  return out;
}

/** Names from files that failed the schema, so that references to them do not cascade into more errors. */
export function looseNames(data: unknown, agentIds: Set<string>, caps: Set<string>): void {
  if (!data || typeof data !== 'object') return;
  const d = data as { id?: unknown; capabilities?: unknown };
  if (typeof d.id === 'string') agentIds.add(d.id);
  if (d.capabilities && typeof d.capabilities === 'object') for (const k of Object.keys(d.capabilities)) caps.add(k);
}
