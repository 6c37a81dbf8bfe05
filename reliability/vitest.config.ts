import { defineConfig } from 'vitest/config';

/**
 * `npm run test:reliability`: the reliability suite (docs/RELIABILITY.md).
 * Real child processes (mana-auth, mana-mcp replicas, runners started with
 * `node --import tsx scripts/start-service.ts`) against PostgreSQL only: an
 * on-disk PGlite serves one process. Files run one after another, so that one
 * file's processes do not skew another's timing on a small machine.
 */
if (!process.env.DATABASE_URL) {
  process.stderr.write(
    'npm run test:reliability needs PostgreSQL: the suite runs every service as its own process, and only PostgreSQL is shared between processes.\n' +
      'Set DATABASE_URL, e.g. DATABASE_URL=postgres://mana_ci:mana_ci@127.0.0.1:5432/mana_ci npm run test:reliability\n',
  );
  process.exit(1);
}

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['reliability/**/*.test.ts'],
    globalSetup: ['packages/db/src/testing/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 300_000,
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' },
  },
});
