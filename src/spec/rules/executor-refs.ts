import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { meanSuffix } from '../../schema/index.ts';
import { checked, type Rule } from './base.ts';
import { insideProject } from './project-paths.ts';

/** AMAS310/311/312: names and files an executor refers to exist (providers and MCP servers in amas.yaml, module files). */
export const executorRefs: Rule = {
  name: 'executor-refs',
  codes: ['AMAS310', 'AMAS311', 'AMAS312'],
  check(ctx) {
    const providers = Object.keys(ctx.project.providers ?? {});
    const servers = Object.keys(ctx.project.mcp_servers ?? {});
    for (const a of checked(ctx.agents)) {
      for (const [name, cap] of Object.entries(a.spec.capabilities)) {
        const run = cap.run;
        const base = ['capabilities', name, 'run'];
        if (run.llm) {
          const p = run.llm.provider ?? 'default';
          if (!providers.includes(p)) {
            const hint = providers.length === 0 ? `amas.yaml declares no providers; add \`providers: { ${p}: { base_url: …, model: … } }\`` : `amas.yaml declares ${providers.join(', ')}`;
            ctx.at(a.file, [...base, 'llm', 'provider'], 'AMAS310', `unknown LLM provider \`${p}\` in capability \`${name}\`${meanSuffix(p, providers)}`, { hint });
          }
        }
        if (run.mcp && !servers.includes(run.mcp.server)) {
          const hint = servers.length === 0 ? 'amas.yaml declares no mcp_servers' : `amas.yaml declares ${servers.join(', ')}`;
          ctx.at(a.file, [...base, 'mcp', 'server'], 'AMAS311', `unknown MCP server \`${run.mcp.server}\` in capability \`${name}\`${meanSuffix(run.mcp.server, servers)}`, { hint });
        }
        if (typeof run.module === 'string') {
          const rel = run.module.split('#')[0]!;
          // a file outside the project is AMAS316's, whether it exists or not
          if (insideProject(ctx, rel) && !existsSync(resolve(ctx.dir, rel))) {
            ctx.at(a.file, [...base, 'module'], 'AMAS312', `module file \`${rel}\` does not exist`, { hint: 'module paths are relative to the project directory' });
          }
        }
      }
    }
  },
};
