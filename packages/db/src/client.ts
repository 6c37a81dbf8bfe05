import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { createLogger, type Logger } from '@mana/core';
import * as schema from './schema/index';
import { migrate } from './migrate';
import { PreparingPgClient } from './prepared-statements';
import { TracedPgClient, traceStatements } from './traced-statements';

export type Schema = typeof schema;

/** The one database type every service and package works with, whatever the driver. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

/** A transaction handle with the same query API as `Db`. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface Database {
  db: Db;
  kind: 'postgres' | 'pglite';
  /** Raw SQL on the underlying client, for the few statements drizzle cannot express. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
  /**
   * One connection taken out of the pool until `release()` (PostgreSQL only):
   * for session-level state such as advisory locks, which must be taken and
   * released on the same connection.
   */
  reserve?(): Promise<ReservedConnection>;
}

/** A connection of its own, with the same query surface as `Database`. */
export interface ReservedConnection {
  db: Db;
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  release(): void;
}

export interface DatabaseOptions {
  /** PostgreSQL connection string; without it an embedded PGlite database is used. */
  url?: string;
  /** PGlite folder; defaults to `.mana/pglite` under the working directory. */
  dataDir?: string;
  /** A `dumpDataDir` tarball to start PGlite from (tests load a migrated snapshot). */
  loadDataDir?: Blob;
  /** Run migrations before returning (default true). */
  migrate?: boolean;
  /** node-postgres pool size (default 10). */
  poolSize?: number;
  /** Where the driver's own warnings go (a lost idle connection); default a `mana-db` logger. */
  log?: Logger;
  /**
   * PostgreSQL: run parameterized statements as named (prepared) statements, parsed
   * once per connection (default true; see prepared-statements.ts). Off for a
   * connection pooler that cannot keep them (PgBouncer in transaction mode before 1.21).
   */
  preparedStatements?: boolean;
}

/** The PGlite folder used when `DATABASE_URL` is unset: `MANA_DATA_DIR` or `.mana/pglite`. */
export function defaultDataDir(env: Record<string, string | undefined> = process.env): string {
  return env.MANA_DATA_DIR ? path.resolve(env.MANA_DATA_DIR) : path.resolve('.mana/pglite');
}

/**
 * Opens the database: PostgreSQL through node-postgres when `url` is given,
 * otherwise embedded PGlite (in memory when `dataDir` is `memory://`).
 * Migrations apply automatically and are a no-op the second time.
 */
export async function createDatabase(options: DatabaseOptions = {}): Promise<Database> {
  const database = options.url
    ? openPostgres(options.url, { poolSize: options.poolSize ?? 10, log: options.log ?? createLogger('mana-db'), prepared: options.preparedStatements ?? true })
    : await openPglite(options);
  if (options.migrate !== false) await migrate(database);
  return database;
}

function openPostgres(url: string, { poolSize, log, prepared }: { poolSize: number; log: Logger; prepared: boolean }): Database {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, Client: prepared ? PreparingPgClient : TracedPgClient });
  // An idle client whose connection the server ends (restart, admin command) emits
  // 'error' on the pool; without a listener Node treats it as uncaught and the
  // service dies. The pool replaces the client on the next checkout.
  pool.on('error', (error) => log.warn('idle PostgreSQL connection lost', { error }));
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    query: async (text, params) => (await pool.query(text, params)).rows,
    close: () => pool.end(),
    reserve: async () => {
      const client = await pool.connect();
      return {
        db: drizzlePg(client, { schema }) as unknown as Db,
        query: async (text, params) => (await client.query(text, params)).rows,
        release: () => client.release(),
      };
    },
  };
}

/** PGlite is loaded only when used: a process on PostgreSQL (every service of a deployment) never pays its start-up. */
async function openPglite(options: DatabaseOptions): Promise<Database> {
  const [{ PGlite }, { drizzle: drizzlePglite }] = await Promise.all([import('@electric-sql/pglite'), import('drizzle-orm/pglite')]);
  const dataDir = options.dataDir ?? defaultDataDir();
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const client = traceStatements(await PGlite.create(dataDir, options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}));
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    query: async (text, params) => (await client.query(text, params)).rows as never,
    close: () => client.close(),
  };
}
