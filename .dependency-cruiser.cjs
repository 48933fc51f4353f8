// The layering of src/ (docs/architecture.md "Layers"), checked by dependency-cruiser on the
// resolved import graph: static, type-only and dynamic `import()` alike, and library imports by
// the file they resolve to, so a deep path (`sql.js/dist/…`) is caught like a bare name.
// Each allow-list is as narrow as the code today: widen one only with the code that needs it.

/** Which src/ folders each folder may import (besides itself and src/core). */
const LAYERS = {
  core: [],
  expr: [],
  schema: [],
  store: [],
  bus: [],
  spec: ['expr', 'schema'],
  agents: ['expr', 'bus', 'schema'],
  engine: ['expr', 'schema'],
  triggers: ['store'],
  monitor: ['engine', 'agents', 'bus', 'store'],
  mcp: ['spec', 'store'],
  telemetry: ['engine', 'expr'],
  runtime: ['spec', 'expr', 'store', 'bus', 'agents', 'engine', 'triggers', 'monitor', 'mcp', 'telemetry'],
  tui: [],
  cli: ['runtime', 'spec', 'store', 'tui', 'mcp', 'monitor', 'engine', 'agents', 'bus', 'triggers'],
};

/** Libraries that only their owning folders may import (by bare name or any path inside them). */
const LIB_OWNERS = {
  'sql.js': ['store'],
  pg: ['store'],
  ink: ['tui'],
  react: ['tui'],
  'ink-testing-library': ['tui'],
  commander: ['cli'],
  chokidar: ['runtime'],
  fastify: ['monitor'],
  'prom-client': ['monitor'],
  ajv: ['schema', 'spec'],
  'ajv-formats': ['schema'],
  '@modelcontextprotocol/sdk': ['mcp', 'agents'],
  zod: ['mcp'],
  jsep: ['expr'],
  'js-yaml': ['spec'],
  '@opentelemetry/api': ['telemetry'],
  '@opentelemetry/sdk-trace-base': ['telemetry'],
  '@opentelemetry/resources': ['telemetry'],
  '@opentelemetry/exporter-trace-otlp-http': ['telemetry'],
};

const esc = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const layerNames = Object.keys(LAYERS);

const layerRules = layerNames.map((layer) => {
  const allowed = ['core', layer, ...LAYERS[layer]];
  return {
    name: `layer-${layer}`,
    severity: 'error',
    comment: `src/${layer} may import only ${allowed.map((l) => `src/${l}`).join(', ')} (docs/architecture.md "Layers").`,
    from: { path: `^src/${layer}/` },
    to: { path: '^src/', pathNot: `^src/(${allowed.join('|')})/` },
  };
});

const libRules = Object.entries(LIB_OWNERS).map(([lib, owners]) => ({
  name: `library-${lib.replace(/[@/]/g, '')}`,
  severity: 'error',
  comment: `${lib} is used only in ${owners.map((o) => `src/${o}`).join(', ')} (docs/architecture.md "Layers").`,
  from: { path: '^src/', pathNot: `^src/(${owners.join('|')})/` },
  // Resolved (…/node_modules/lib/…) or, when it cannot be resolved, the name as written.
  to: { path: `(^|/)node_modules/${esc(lib)}/|^${esc(lib)}(/|$)` },
}));

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'index-only',
      severity: 'error',
      comment: 'Another src/ folder is imported through its index.ts only (docs/architecture.md "Layers").',
      from: { path: '^src/([^/]+)/' },
      to: { path: '^src/[^/]+/', pathNot: ['^src/$1/', '^src/[^/]+/index\\.ts$'] },
    },
    {
      name: 'package-main',
      severity: 'error',
      comment: 'src/index.ts (the library export) imports core, engine and runtime; runtime/project.ts directly, so that embedding loads no HTTP, MCP or TUI code.',
      from: { path: '^src/index\\.ts$' },
      to: { path: '^src/', pathNot: ['^src/(core|engine|runtime)/index\\.ts$', '^src/runtime/project\\.ts$'] },
    },
    ...libRules,
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing is a typo or a missing dependency.',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'types', 'default'],
      mainFields: ['module', 'main', 'types'],
    },
  },
};
