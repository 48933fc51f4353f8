// Code rules. The layering of src/ (which folder may import which, and which library) is not
// checked here but by dependency-cruiser on the resolved import graph: .dependency-cruiser.cjs,
// run by `npm run lint` (docs/architecture.md "Layers").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'tests/fixtures/**', 'tests/golden/**', '.amas/**', '.bo/**'] }, // .bo: bench/README.md's compiled bench
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
  {
    // Outside src/store the store is read and written through its async contract (src/store/backend.ts,
    // `StoreBackend`), which a PostgreSQL store implements too: the synchronous sql.js classes, their
    // transactions and raw SQL reads stay inside src/store. A store read is a Promise, so one used as a
    // condition (`if (!store.runs.get(id))`) is an error.
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/store/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/store/index.ts', '**/store/*.ts'],
              importNames: ['Store', 'openStore', 'StoreCore', 'Reader', 'Tx', 'KnowledgeStore', 'RunStore', 'RunSpecStore', 'AgentTurnStore', 'ApprovalStore', 'EventStore', 'MetricStore', 'TriggerStore'],
              message: 'outside src/store, use the async StoreBackend (openBackend, project.store) instead of the synchronous sql.js store classes',
            },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
    },
  },
  { files: ['**/*.js', '**/*.mjs', '**/*.cjs'], ...tseslint.configs.disableTypeChecked },
  { files: ['src/cli/**', 'scripts/**', 'bench/**', 'tests/**', '**/*.mjs', 'bin/**'], rules: { 'no-console': 'off' } },
  { files: ['tests/**', 'bench/**'], rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/no-explicit-any': 'off' } },
);
