import { fileURLToPath } from 'node:url';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type { Database } from './client';

/** The committed drizzle-kit migrations. */
export const migrationsFolder = fileURLToPath(new URL('../migrations', import.meta.url));

/** Arbitrary constant: the advisory lock that serialises migrations across processes. */
export const MIGRATION_LOCK_KEY = 7_341_029;

/**
 * Applies pending migrations. On PostgreSQL an advisory lock serialises
 * services that start at the same time; drizzle's journal makes a second run a no-op.
 * The lock is session-level, so lock, migrations and unlock run on one reserved
 * connection (through the pool they could land on different ones and leave the
 * lock held by an idle connection, blocking every later start).
 */
export async function migrate(database: Database): Promise<void> {
  if (database.kind === 'pglite') {
    const { migrate: migratePglite } = await import('drizzle-orm/pglite/migrator');
    await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder });
    return;
  }
  if (!database.reserve) throw new Error('migrate: a PostgreSQL database must offer reserve() for the migration lock');
  const connection = await database.reserve();
  try {
    await connection.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await migratePg(connection.db as unknown as NodePgDatabase, { migrationsFolder });
    } finally {
      await connection.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    connection.release();
  }
}
