/**
 * Vitest global setup: migrates one database per test run and lets every test
 * file clone it. PGlite: a `dumpDataDir` snapshot on disk. PostgreSQL
 * (DATABASE_URL set): a template database. Both are per run, so parallel runs
 * on one machine never share state.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { createDatabase } from '../client';
import { runPrefix, snapshotPath, templateName, withDatabase } from './names';

export default async function setup(): Promise<() => Promise<void>> {
  const url = process.env.DATABASE_URL;
  process.env.MANA_TEST_RUN = `${process.pid}_${Date.now().toString(36)}`;
  if (url) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database "${templateName()}"`);
    await admin.end();
    const database = await createDatabase({ url: withDatabase(url, templateName()), poolSize: 1 });
    await database.close();
    return async () => dropRunDatabases(url);
  }
  const database = await createDatabase({ dataDir: 'memory://' });
  const client = (database.db as unknown as { $client: PGlite }).$client;
  const dump = await client.dumpDataDir('none');
  mkdirSync(path.dirname(snapshotPath()), { recursive: true });
  writeFileSync(snapshotPath(), Buffer.from(await dump.arrayBuffer()));
  await database.close();
  return async () => rmSync(snapshotPath(), { force: true });
}

async function dropRunDatabases(url: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const { rows } = await admin.query<{ datname: string }>('select datname from pg_database where datname like $1', [`${runPrefix()}%`]);
  for (const { datname } of rows) await admin.query(`drop database if exists "${datname}" with (force)`);
  await admin.end();
}
