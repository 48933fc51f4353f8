import { defineConfig } from 'vitest/config';

// Four projects, so `npm run test:unit` runs without building dist/ (tests/README.md, "Running").
// - unit, unit-tui: in-process tests of src/ (tsx-transformed by vitest); no dist/, no globalSetup.
// - integration: the real CLI (dist/, bin/amas) as child processes, a real terminal (e2e);
//   tests/global-setup.ts builds dist/ once when it is older than its sources.
// - pg: the tests that need a PostgreSQL server, which its own global setup starts
//   (tests/support/pg-global-setup.ts); a run that selects no file of tests/pg/ starts none.
// One worker per core (at least 2): vitest's default (cores - 1) ran the files one at a time on
// a 2-core machine, while integration files spend much of their time waiting on child processes.
const cores = (await import('node:os')).availableParallelism();
// Every project's temp dirs under one folder per run, removed at its end (the file says why).
const TMP = 'tests/support/tmp-global-setup.ts';

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    maxWorkers: Math.max(2, cores),
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/unit/**/*.test.{ts,tsx}'], exclude: ['tests/unit/tui/**'], isolate: false, globalSetup: [TMP] },
      },
      // The TUI's unit tests render Ink apps whose module state (colour support, the test
      // renderer's instances) must not leak from one file into the next: isolated.
      {
        extends: true,
        test: { name: 'unit-tui', include: ['tests/unit/tui/**/*.test.{ts,tsx}'], globalSetup: [TMP] },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.{ts,tsx}', 'tests/e2e/**/*.test.{ts,tsx}'],
          globalSetup: [TMP, 'tests/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'pg',
          include: ['tests/pg/**/*.test.ts'],
          globalSetup: [TMP, 'tests/global-setup.ts', 'tests/support/pg-global-setup.ts'],
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
