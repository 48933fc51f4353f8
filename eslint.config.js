// Layering of DESIGN §5 is enforced here, not by review: each folder may import only the
// folders below it, and heavy libraries stay inside the one folder that owns them.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const LAYERS = {
  core: [],
  expr: [],
  schema: [],
  spec: ['expr', 'schema'],
  store: [],
  bus: ['store'],
  agents: ['expr', 'bus', 'store', 'schema'],
  engine: ['agents', 'bus', 'store', 'expr', 'spec', 'schema'],
  triggers: ['engine', 'bus', 'store', 'spec'],
  monitor: ['engine', 'agents', 'bus', 'store'],
  mcp: ['spec', 'store', 'expr'],
  runtime: ['spec', 'expr', 'store', 'bus', 'agents', 'engine', 'triggers', 'monitor', 'mcp'],
  tui: [],
  cli: ['runtime', 'spec', 'expr', 'store', 'tui', 'mcp', 'monitor', 'engine', 'agents', 'bus', 'triggers'],
};
const ALL = Object.keys(LAYERS);
const LIB_OWNERS = {
  'sql.js': 'store',
  ink: 'tui',
  react: 'tui',
  'ink-testing-library': 'tui',
  commander: 'cli',
  chokidar: 'runtime',
  fastify: 'monitor',
  'prom-client': 'monitor',
};

function layerRules(layer) {
  const allowed = new Set(['core', layer, ...LAYERS[layer]]);
  const patterns = ALL.filter((l) => !allowed.has(l)).map((l) => ({
    group: [`../${l}/*`, `../../${l}/*`, `../${l}`, `../../${l}`],
    message: `src/${layer} may not import src/${l} (DESIGN §5 layering).`,
  }));
  const deep = ALL.filter((l) => l !== layer).map((l) => ({
    group: [`../${l}/*/**`, `../../${l}/*/**`, `../${l}/!(index).ts`, `../../${l}/!(index).ts`],
    message: `Import src/${l} through its index.ts only.`,
  }));
  const libs = Object.entries(LIB_OWNERS)
    .filter(([, owner]) => owner !== layer && !(layer === 'mcp' && false))
    .map(([name, owner]) => ({ name, message: `${name} is used only in src/${owner}.` }));
  return {
    files: [`src/${layer}/**/*.{ts,tsx}`],
    rules: { 'no-restricted-imports': ['error', { paths: libs, patterns: [...patterns, ...deep] }] },
  };
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'tests/fixtures/**', 'tests/golden/**', '.amas/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  { files: ['src/cli/**', 'scripts/**', 'bench/**', 'tests/**', '**/*.mjs', 'bin/**'], rules: { 'no-console': 'off' } },
  { files: ['tests/**', 'bench/**'], rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/no-explicit-any': 'off' } },
  ...ALL.map(layerRules),
);
