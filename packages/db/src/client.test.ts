import { describe, expect, it } from 'vitest';
import { createTestDatabase } from './testing/index';

describe.skipIf(!process.env.DATABASE_URL)('PostgreSQL pool', () => {
  it('survives the server ending an idle connection (regression: an uncaught pool error crashed the process)', async () => {
    const database = await createTestDatabase();
    try {
      const [{ pid }] = await database.query<{ pid: number }>('select pg_backend_pid() as pid');
      const other = await createTestDatabase();
      // Terminate our idle pooled connection from another session, as a server restart would. Wait (up to
      // 60 s) until the backend has really gone: by default the call only signals it, and on a loaded machine
      // the backend could still be alive when the query below runs (and end it mid-query, or not at all).
      const [{ ended }] = await other.query<{ ended: boolean }>('select pg_terminate_backend($1, 60000) as ended', [pid]);
      expect(ended).toBe(true);
      await other.close();
      await new Promise((resolve) => setTimeout(resolve, 100));
      const [{ ok }] = await database.query<{ ok: number }>('select 1 as ok');
      expect(ok).toBe(1);
    } finally {
      await database.close();
    }
  });
});
