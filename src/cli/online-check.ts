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
  /** Undefined for an agent loop's `mcp: <server>` (every tool of the server): only reachability is checked. */
  tool: string | undefined;
  /** Where the server and the tool are named in the file. */
  serverPath: (string | number)[];
  toolPath: (string | number)[];
  /** An `mcp` executor (AMAS314) or a tool of an agent loop (AMAS326). */
  kind: 'executor' | 'loop';
}

/**
 * `amas validate --online` (issue 5): every `mcp:` executor's tool, and every tool an agent loop
 * lists under `tools: - mcp: { server, tools }`, exists on its server (AMAS326). Each
 * server named by some agent is asked once, all at the same time; one that cannot be reached is
 * an AMAS315 on each `server:` value naming it, an unknown tool an AMAS314 on the `tool:` value.
 * Servers amas.yaml does not declare are left to the offline AMAS311 and AMAS318.
 */
export async function checkMcpToolsOnline(model: ProjectModel, listTools: ToolLister): Promise<Diagnostic[]> {
  const { diagnosticAt, didYouMean } = await import('../spec/index.ts');
  const declared = model.project.mcp_servers ?? {};
  const uses: ToolUse[] = [];
  for (const { spec, file } of model.agents.values()) {
    for (const [capability, cap] of Object.entries(spec.capabilities)) {
      const run = ['capabilities', capability, 'run'];
      const mcp = cap.run.mcp;
      if (mcp && Object.hasOwn(declared, mcp.server)) {
        uses.push({ file, capability, server: mcp.server, tool: mcp.tool, serverPath: [...run, 'mcp', 'server'], toolPath: [...run, 'mcp', 'tool'], kind: 'executor' });
      }
      cap.run.llm?.tools?.forEach((t, i) => {
        if (!('mcp' in t)) return;
        const at = [...run, 'llm', 'tools', i, 'mcp'];
        if (typeof t.mcp === 'string') {
          if (Object.hasOwn(declared, t.mcp)) uses.push({ file, capability, server: t.mcp, tool: undefined, serverPath: at, toolPath: at, kind: 'loop' });
          return;
        }
        const { server, tools } = t.mcp;
        if (!Object.hasOwn(declared, server)) return;
        if (!tools) uses.push({ file, capability, server, tool: undefined, serverPath: [...at, 'server'], toolPath: [...at, 'server'], kind: 'loop' });
        tools?.forEach((tool, j) => uses.push({ file, capability, server, tool, serverPath: [...at, 'server'], toolPath: [...at, 'tools', j], kind: 'loop' }));
      });
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
  const unreachable = new Set<string>();
  for (const u of uses) {
    const answer = answers.get(u.server);
    if (!answer) continue;
    if ('error' in answer) {
      // one report per place that names the server (a loop entry listing several tools names it once)
      const where = `${u.file}\0${u.serverPath.join('\0')}`;
      if (unreachable.has(where)) continue;
      unreachable.add(where);
      const what = u.kind === 'executor' ? `to check tool \`${u.tool}\` of capability \`${u.capability}\`` : `to list the tools of capability \`${u.capability}\`'s agent loop`;
      push(
        diagnosticAt(model, u.file, u.serverPath, 'AMAS315', `cannot reach MCP server \`${u.server}\` ${what}: ${answer.error}`, {
          hint: `check mcp_servers.${u.server} in amas.yaml (command or url), or run amas validate without --online`,
        }),
      );
      continue;
    }
    if (u.tool === undefined || answer.tools.includes(u.tool)) continue;
    const mean = didYouMean(u.tool, answer.tools);
    const shown = [...answer.tools].sort();
    const list = shown.length === 0 ? 'it offers no tools' : `it offers ${shown.slice(0, HINT_NAMES).join(', ')}${shown.length > HINT_NAMES ? ` and ${shown.length - HINT_NAMES} more` : ''}`;
    const suffix = mean === undefined ? '' : `; did you mean \`${mean}\`?`;
    push(
      u.kind === 'executor'
        ? diagnosticAt(model, u.file, u.toolPath, 'AMAS314', `MCP server \`${u.server}\` has no tool \`${u.tool}\` (capability \`${u.capability}\`)${suffix}`, { hint: list })
        : diagnosticAt(model, u.file, u.toolPath, 'AMAS326', `MCP server \`${u.server}\` has no tool \`${u.tool}\` for the agent loop of capability \`${u.capability}\`${suffix}`, { hint: list }),
    );
  }
  return out;
}

/** The connection error without the executor's own prefix, on one line (the caller masks secrets). */
function reason(server: string, err: unknown): string {
  const msg = errorMessage(err).replace(`mcp: cannot connect to server "${server}": `, '').replace(/\s*\n\s*/g, ' ').trim();
  return msg.length > 300 ? `${msg.slice(0, 299)}…` : msg;
}
