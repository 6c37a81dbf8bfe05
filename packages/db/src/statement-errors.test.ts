/**
 * A failed statement in a log line: drizzle puts the statement's parameter values in
 * its error message ("params: …"); the logger keeps the SQL and drops the values,
 * also with LOG_PII, so names, e-mails and notes never reach a log.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '@mana/core';
import { createTestDatabase, type TestDatabase } from './testing/index';
import { users } from './schema/index';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

it('logs a failed statement with its SQL and without its parameter values', async () => {
  const row = { id: 'u_dup', name: 'Ada Lovelace-Secret', email: 'ada.secret@mana.test', emailVerified: false, createdAt: new Date(), updatedAt: new Date() };
  await database.db.insert(users).values(row);
  const failure = await database.db
    .insert(users)
    .values(row)
    .then(
      () => undefined,
      (error: unknown) => error as Error,
    );
  expect(failure?.message).toContain('Ada Lovelace-Secret'); // what drizzle puts in the message

  for (const pii of [false, true]) {
    const lines: string[] = [];
    const log = createLogger('db-test', { destination: { write: (line: string) => void lines.push(line) }, level: 'debug', pii });
    log.error('insert failed', { error: failure, text: String(failure), stack: failure?.stack });
    log.error(`insert failed: ${failure?.message}`);
    const text = lines.join('\n');
    expect(text).toContain('insert into');
    expect(text).toContain('[not logged]');
    expect(text).not.toContain('Ada Lovelace-Secret');
    expect(text).not.toContain('u_dup');
    if (!pii) expect(text).not.toContain('ada.secret@mana.test');
  }
});
