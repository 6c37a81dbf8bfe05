import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { createDatabase, type Database } from '../client';
import { runPrefix, snapshotPath, templateName, withDatabase } from './names';

export interface TestDatabase extends Database {
  /** Connection string of this test database on PostgreSQL; undefined on PGlite. */
  url?: string;
}

/**
 * A fresh, migrated database for one test file: a clone of the run's template
 * on PostgreSQL (DATABASE_URL set) or a PGlite instance loaded from the run's
 * snapshot. Create one per file (PGlite costs ~600 MiB) and close it in afterAll.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const snapshot = new Blob([readFileSync(snapshotPath())]);
    return createDatabase({ dataDir: 'memory://', loadDataDir: snapshot, migrate: false });
  }
  const name = `${runPrefix()}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`create database "${name}" template "${templateName()}"`);
  } finally {
    await admin.end();
  }
  const databaseUrl = withDatabase(url, name);
  const database = await createDatabase({ url: databaseUrl, migrate: false });
  return {
    ...database,
    url: databaseUrl,
    close: async () => {
      await database.close();
      const dropper = new pg.Client({ connectionString: url });
      await dropper.connect();
      await dropper.query(`drop database if exists "${name}" with (force)`).finally(() => dropper.end());
    },
  };
}
