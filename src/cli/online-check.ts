import type { Diagnostic } from '../core/index.ts';
import { errorMessage } from '../core/index.ts';
import type { ProjectModel } from '../spec/index.ts';

/** How many tool names a hint lists before it says "and N more". */
const HINT_NAMES = 12;

/** The names of the tools a declared MCP server offers; throws when it cannot be reached. */
export type ToolLister = (serverName: string) => Promise<string[]>;

interface ToolUse {
  file: string;
  capability: string;
  server: string;
  tool: string;
}

/**
 * `amas validate --online` (issue 5): every `mcp:` executor's tool exists on its server. Each
 * server named by some agent is asked once, all at the same time; one that cannot be reached is
 * an AMAS315 on each `server:` value naming it, an unknown tool an AMAS314 on the `tool:` value.
 * Servers amas.yaml does not declare are left to the offline AMAS311.
 */
export async function checkMcpToolsOnline(model: ProjectModel, listTools: ToolLister): Promise<Diagnostic[]> {
  const { diagnosticAt, didYouMean } = await import('../spec/index.ts');
  const declared = model.project.mcp_servers ?? {};
  const uses: ToolUse[] = [];
  for (const { spec, file } of model.agents.values()) {
    for (const [capability, cap] of Object.entries(spec.capabilities)) {
      const mcp = cap.run.mcp;
      if (mcp && Object.hasOwn(declared, mcp.server)) uses.push({ file, capability, server: mcp.server, tool: mcp.tool });
    }
  }
  const servers = [...new Set(uses.map((u) => u.server))];
  type Answer = { tools: string[] } | { error: string };
  const answers = new Map<string, Answer>(
    await Promise.all(
      servers.map(async (name): Promise<[string, Answer]> => {
        try {
          return [name, { tools: await listTools(name) }];
        } catch (err) {
          return [name, { error: reason(name, err) }];
        }
      }),
    ),
  );

  const out: Diagnostic[] = [];
  const push = (d: Diagnostic | undefined) => {
    if (d) out.push(d);
  };
  for (const u of uses) {
    const answer = answers.get(u.server);
    if (!answer) continue;
    const path = ['capabilities', u.capability, 'run', 'mcp'];
    if ('error' in answer) {
      push(
        diagnosticAt(model, u.file, [...path, 'server'], 'AMAS315', `cannot reach MCP server \`${u.server}\` to check tool \`${u.tool}\` of capability \`${u.capability}\`: ${answer.error}`, {
          hint: `check mcp_servers.${u.server} in amas.yaml (command or url), or run amas validate without --online`,
        }),
      );
      continue;
    }
    if (answer.tools.includes(u.tool)) continue;
    const mean = didYouMean(u.tool, answer.tools);
    const shown = [...answer.tools].sort();
    const list = shown.length === 0 ? 'it offers no tools' : `it offers ${shown.slice(0, HINT_NAMES).join(', ')}${shown.length > HINT_NAMES ? ` and ${shown.length - HINT_NAMES} more` : ''}`;
    push(
      diagnosticAt(model, u.file, [...path, 'tool'], 'AMAS314', `MCP server \`${u.server}\` has no tool \`${u.tool}\` (capability \`${u.capability}\`)${mean === undefined ? '' : `; did you mean \`${mean}\`?`}`, {
        hint: list,
      }),
    );
  }
  return out;
}

/** The connection error without the executor's own prefix, on one line (the caller masks secrets). */
function reason(server: string, err: unknown): string {
  const msg = errorMessage(err).replace(`mcp: cannot connect to server "${server}": `, '').replace(/\s*\n\s*/g, ' ').trim();
  return msg.length > 300 ? `${msg.slice(0, 299)}…` : msg;
}
