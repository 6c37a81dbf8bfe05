import { parseEnv } from '@mana/core';
import { createDatabase, type Database } from '@mana/db';
import { z } from 'zod';

/** Where the report (and `npm run record:export`) reads: DATABASE_URL, else PGlite in MANA_DATA_DIR (what every service reads). */
export interface ReportDatabaseConfig {
  databaseUrl?: string;
  dataDir?: string;
}

const reportEnv = z.object({ DATABASE_URL: z.string().optional(), MANA_DATA_DIR: z.string().optional() });

/** The report's database settings from the environment, parsed once. */
export function loadReportDatabaseConfig(env: Record<string, string | undefined> = process.env): ReportDatabaseConfig {
  const parsed = parseEnv(reportEnv, env);
  return { databaseUrl: parsed.DATABASE_URL || undefined, dataDir: parsed.MANA_DATA_DIR };
}

/** A CLI's database: the one a test passes (left open), else the configured one (`config`, else the environment). */
export interface ReportDatabaseIo {
  config?: ReportDatabaseConfig;
  /** Use this database instead of opening the configured one (not closed here). */
  database?: Database;
}

/** Runs `use` on the CLI's database; one it opened is closed after, whatever `use` does. */
export async function withReportDatabase<T>(io: ReportDatabaseIo, use: (database: Database) => Promise<T>): Promise<T> {
  if (io.database) return use(io.database);
  const config = io.config ?? loadReportDatabaseConfig();
  const database = await createDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    return await use(database);
  } finally {
    await database.close();
  }
}
