import { afterAll, beforeAll, expect, it } from 'vitest';
import { isValueRefused, sqlStateOf } from './sql-state';
import { createTestDatabase, type TestDatabase } from './testing/index';
import { sql } from 'drizzle-orm';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

const failure = (statement: ReturnType<typeof sql>) =>
  database.db.execute(statement).then(
    () => undefined,
    (error: unknown) => error,
  );

it("reads the SQLSTATE through drizzle's wrapper and tells refused values from other failures (both databases)", async () => {
  // A lone surrogate in JSON text: what the runner's old cut sent (issue 24 §1).
  const surrogate = await failure(sql`select ${'{"a":"\\ud83d"}'}::jsonb`);
  expect(sqlStateOf(surrogate)).toMatch(/^22/);
  expect(isValueRefused(surrogate)).toBe(true);
  const nul = await failure(sql`select ${'{"a":"\\u0000"}'}::jsonb::text`);
  expect(isValueRefused(nul)).toBe(true);
  const missing = await failure(sql`select * from no_such_table`);
  expect(sqlStateOf(missing)).toBe('42P01');
  expect(isValueRefused(missing)).toBe(false);
  expect(sqlStateOf(new Error('plain'))).toBeUndefined();
});
