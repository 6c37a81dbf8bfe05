import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@mana/db/testing';
import { manaRegistry } from '@mana/tools';
import type { PersonaDeps } from '../persona-deps';

/** Persona verb deps whose database is the test file's own. */
export interface PersonaTestBed {
  deps: PersonaDeps & { database: TestDatabase };
}

/**
 * Registers the hooks every persona-verb test file needs: one migrated test
 * database per file, closed at the end, and persona users cleared before each
 * test. `now` is read on every call, so a test moves time by changing what it returns.
 */
export function usePersonaTestBed(now: () => Date): PersonaTestBed {
  let database: TestDatabase | undefined;
  const deps = {
    get database(): TestDatabase {
      if (!database) throw new Error('the test database is opened in beforeAll');
      return database;
    },
    registry: manaRegistry,
    now: () => now(),
  };
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.close());
  beforeEach(async () => {
    await deps.database.query(`delete from users where kind = 'persona'`);
  });
  return { deps };
}
