import path from 'node:path';

/** The id of the current test run, set by the global setup and inherited by workers. */
export function runId(): string {
  const id = process.env.MANA_TEST_RUN;
  if (!id) throw new Error('MANA_TEST_RUN is not set: run tests through vitest (its global setup prepares the database)');
  return id;
}

/** Every database a test run creates on PostgreSQL starts with this prefix. */
export const runPrefix = () => `mana_t_${runId()}`;
export const templateName = () => `${runPrefix()}_tpl`;
export const snapshotPath = () => path.resolve('.tmp', `pglite-snapshot-${runId()}.tar`);

/** The same connection string pointing at another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
