import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { asyncCommit } from './async-commit';
import type { Db } from './client';
import { createTestDatabase } from './testing/index';

const setting = async (db: Db) => ((await db.execute(sql`select current_setting('synchronous_commit') as s`)) as unknown as { rows: Array<{ s: string }> }).rows[0]?.s;

describe('asyncCommit', () => {
  it("turns synchronous_commit off for its statement's own transaction only: the connection keeps it on after", async () => {
    const database = await createTestDatabase();
    // One connection throughout (PGlite has only one; on PostgreSQL a reserved one), so a leaked setting would show.
    const connection = database.reserve ? await database.reserve() : undefined;
    const db = connection?.db ?? database.db;
    try {
      expect(await setting(db)).toBe('on');
      const alone = (await db.execute(sql`select 1 as n, ${asyncCommit} as set`)) as unknown as { rows: Array<{ set: string }> };
      expect(alone.rows[0]?.set).toBe('off');
      expect(await setting(db)).toBe('on');

      // Inside a transaction it holds until that transaction ends (why a statement with it must run on its own).
      await db.execute(sql`begin`);
      await db.execute(sql`select ${asyncCommit}`);
      expect(await setting(db)).toBe('off');
      await db.execute(sql`commit`);
      expect(await setting(db)).toBe('on');
    } finally {
      connection?.release();
      await database.close();
    }
  });
});
