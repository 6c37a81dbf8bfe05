import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { Database } from './client';
import { createTestDatabase, type TestDatabase } from './testing/index';
import { migrate, MIGRATION_LOCK_KEY } from './migrate';

describe('migrations', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.close());

  it('created every table of the design in public', async () => {
    const rows = await database.query<{ table_name: string }>("select table_name from information_schema.tables where table_schema = 'public' order by table_name");
    const names = rows.map((r) => r.table_name);
    for (const table of ['users', 'organizations', 'members', 'jwks', 'personas', 'persona_ticks', 'persona_actions', 'persona_feedback', 'todos', 'notes']) {
      expect(names).toContain(table);
    }
  });

  it('a second run is a no-op', async () => {
    const count = async () => (await database.query<{ n: number }>('select count(*)::int as n from drizzle.__drizzle_migrations'))[0].n;
    const before = await count();
    expect(before).toBeGreaterThan(0);
    await migrate(database);
    await migrate(database);
    expect(await count()).toBe(before);
  });
});

describe('migration lock', () => {
  const url = process.env.DATABASE_URL;
  it.skipIf(!url)('is taken and released on one connection, whatever connection the pool hands out (regression)', async () => {
    const database = await createTestDatabase();
    // Two connections handed out in turn, as a busy pool may: lock and unlock through
    // `query` would land on different ones and leave the lock held.
    const clients = [new pg.Client({ connectionString: database.url }), new pg.Client({ connectionString: database.url })];
    await Promise.all(clients.map((c) => c.connect()));
    let turn = 0;
    const rotating: Database = {
      ...database,
      query: async (text, params) => (await clients[turn++ % 2].query(text, params)).rows,
    };
    const held = async () =>
      (await database.query<{ n: number }>(`select count(*)::int as n from pg_locks where locktype = 'advisory' and objid = $1 and granted`, [MIGRATION_LOCK_KEY]))[0].n;
    try {
      await migrate(rotating);
      expect(await held()).toBe(0);
      await migrate(rotating);
      expect(await held()).toBe(0);
    } finally {
      await Promise.all(clients.map((c) => c.end()));
      await database.close();
    }
  });
});
