import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './testing/index';
import { migrate } from './migrate';

describe('migrations', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.close());

  it('created every table of the design in public', async () => {
    const rows = await database.query<{ table_name: string }>(
      "select table_name from information_schema.tables where table_schema = 'public' order by table_name",
    );
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
