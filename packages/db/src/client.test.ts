import { describe, expect, it } from 'vitest';
import type { Logger } from '@mana/core';
import { createDatabase } from './client';
import { createTestDatabase } from './testing/index';

/** A logger that keeps its warnings and calls `onWarn` for each. */
function warningsLogger(onWarn: (message: string) => void): Logger {
  const log: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: (message) => onWarn(message),
    error: () => undefined,
    child: () => log,
  };
  return log;
}

describe.skipIf(!process.env.DATABASE_URL)('PostgreSQL pool', () => {
  it('survives the server ending an idle connection (regression: an uncaught pool error crashed the process)', async () => {
    const test = await createTestDatabase();
    const warnings: string[] = [];
    let lost!: () => void;
    const connectionLost = new Promise<void>((resolve) => {
      lost = resolve;
    });
    const database = await createDatabase({
      url: test.url,
      migrate: false,
      log: warningsLogger((message) => {
        warnings.push(message);
        lost();
      }),
    });
    try {
      const [{ pid }] = await database.query<{ pid: number }>('select pg_backend_pid() as pid');
      // Terminate our idle pooled connection from another session, as a server restart would, and wait until
      // the backend has really gone (by default the call only signals it).
      const [{ ended }] = await test.query<{ ended: boolean }>('select pg_terminate_backend($1, 60000) as ended', [pid]);
      expect(ended).toBe(true);
      // The idle client's 'error' reached the pool's listener (without it Node throws it as uncaught), instead of a
      // guessed 100 ms for it to arrive; the next query then gets a fresh connection.
      await connectionLost;
      expect(warnings).toEqual(['idle PostgreSQL connection lost']);
      const [{ ok }] = await database.query<{ ok: number }>('select 1 as ok');
      expect(ok).toBe(1);
    } finally {
      await database.close();
      await test.close();
    }
  });
});
