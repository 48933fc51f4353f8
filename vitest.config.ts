import { defineConfig } from 'vitest/config';

// Two projects: `pg` holds the tests that need a PostgreSQL server, which its own global setup
// starts (tests/support/pg-global-setup.ts); a run that selects no file of tests/pg/ starts none.
export default defineConfig({
  test: {
    environment: 'node',
    globalSetup: ['tests/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    projects: [
      { extends: true, test: { name: 'main', include: ['tests/**/*.test.{ts,tsx}'], exclude: ['tests/pg/**'] } },
      {
        extends: true,
        test: {
          name: 'pg',
          include: ['tests/pg/**/*.test.ts'],
          globalSetup: ['tests/global-setup.ts', 'tests/support/pg-global-setup.ts'],
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
