import { TOOL_NAME_PATTERN } from '../../core/index.ts';
import type { Rule } from './base.ts';
import { loopCapabilities, toolNames } from './loop-tools.ts';

/**
 * AMAS320/321: the names one `tools` list gives the model are distinct after expansion (an agent's
 * capabilities, `<server>_<tool>`, the knowledge tools, `as:`), and each is a name chat APIs
 * accept as it is written — the loop would otherwise cut or rewrite it behind the user's back.
 */
export const toolNamesRule: Rule = {
  name: 'tool-names',
  codes: ['AMAS320', 'AMAS321'],
  check(ctx) {
    for (const loop of loopCapabilities(ctx)) {
      const file = loop.agent.file;
      const seen = new Map<string, { index: number; origin: string }>();
      const badReported = new Set<string>();
      for (const t of toolNames(ctx, loop)) {
        // one report per entry and name: an MCP entry's tools share their server's name
        if (!TOOL_NAME_PATTERN.test(t.own) && !badReported.has(`${t.index}\0${t.own}`)) {
          badReported.add(`${t.index}\0${t.own}`);
          const what = t.own.length > 64 ? 'is longer than 64 characters' : 'has characters other than letters, digits, `_` and `-`';
          const mcp = t.origin.startsWith('MCP server');
          const from = mcp || t.origin === `capability \`${t.own}\`` ? '' : ` (${t.origin})`;
          const hint = mcp ? 'rename the server under mcp_servers in amas.yaml' : 'list it as `capability: …` with a shorter `as:` name, or rename the capability';
          ctx.at(file, mcp ? [...t.path.slice(0, -2), 'server'] : t.path, 'AMAS321', `${mcp ? 'MCP server name' : 'tool name'} \`${t.own}\` ${what}, which chat APIs do not accept in a tool name${from}`, { hint });
        }
        const first = seen.get(t.name);
        if (!first) {
          seen.set(t.name, { index: t.index, origin: t.origin });
          continue;
        }
        const where = first.index === t.index ? 'the same entry' : `tools[${first.index}]`;
        ctx.at(file, t.path, 'AMAS320', `two tools are named \`${t.name}\` in capability \`${loop.name}\`: ${first.origin} (${where}) and ${t.origin}`, {
          hint: 'the model tells tools apart by name; rename one with `as:` (capability and workflow tools), narrow an agent with `capabilities:`, or remove one',
        });
      }
    }
  },
};
