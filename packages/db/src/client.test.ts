import { describe, expect, it } from 'vitest';
import { createTestDatabase } from './testing/index';

describe.skipIf(!process.env.DATABASE_URL)('PostgreSQL pool', () => {
  it('survives the server ending an idle connection (regression: an uncaught pool error crashed the process)', async () => {
    const database = await createTestDatabase();
    try {
      const [{ pid }] = await database.query<{ pid: number }>('select pg_backend_pid() as pid');
      const other = await createTestDatabase();
      // Terminate our idle pooled connection from another session, as a server restart would.
      await other.query('select pg_terminate_backend($1)', [pid]);
      await other.close();
      await new Promise((resolve) => setTimeout(resolve, 100));
      const [{ ok }] = await database.query<{ ok: number }>('select 1 as ok');
      expect(ok).toBe(1);
    } finally {
      await database.close();
    }
  });
});
