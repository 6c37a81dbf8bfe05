import { defineConfig } from 'vitest/config';

/**
 * One config for the whole monorepo. Test files sit beside the code they test;
 * cross-service scenarios live in `e2e/`. The global setup migrates one database
 * (a PGlite snapshot, or a PostgreSQL template database when DATABASE_URL is set)
 * that every test file clones, so no file pays for migrations.
 */
export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'services/*/src/**/*.test.ts', 'apps/*/server/**/*.test.ts', 'scripts/**/*.test.ts', 'e2e/**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    globalSetup: ['packages/db/src/testing/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 3,
    // Generous on purpose: these are hang guards, not timing checks. On a loaded
    // 2-core machine (CI beside other work) a database clone plus a scrypt login
    // can take minutes; a test that really hangs still fails, just later.
    testTimeout: 300_000,
    hookTimeout: 600_000,
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' },
  },
});
