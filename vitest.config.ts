import { defineConfig } from 'vitest/config';

// Two projects, so `npm run test:unit` runs without building dist/ (tests/README.md, "Running").
// - unit: in-process tests of src/ (tsx-transformed by vitest); no dist/, no globalSetup.
// - integration: the real CLI (dist/, bin/amas) as child processes, a real terminal (e2e);
//   tests/global-setup.ts builds dist/ once when it is older than its sources.
// Integration files mostly wait on child processes and sockets, so they run in more workers
// than there are cores; vitest's default (cores - 1) ran them one at a time on a 2-core machine.
const cores = (await import('node:os')).availableParallelism();

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    maxWorkers: Math.max(2, cores + 1),
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/unit/**/*.test.{ts,tsx}'], isolate: false },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.{ts,tsx}', 'tests/e2e/**/*.test.{ts,tsx}'],
          globalSetup: ['tests/global-setup.ts'],
        },
      },
    ],
  },
});
