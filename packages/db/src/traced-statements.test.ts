/**
 * Statement spans on the driver this run uses (PGlite, or PostgreSQL with
 * DATABASE_URL): under the active service span, text without parameter values,
 * a failed statement marked failed; nothing outside a span.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { memoryTraces } from '@mana/core/testing/tracing';
import { createTestDatabase, type TestDatabase } from './testing/index';

const traces = memoryTraces();
const tracing = traces.forService('db-test');
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

it('records each statement under the active span, without parameter values, failures marked', async () => {
  await database.query('select $1::text as secret', ['not-in-a-span@mana.test']);
  expect(traces.spans()).toHaveLength(0);

  await tracing.span('request', {}, async () => {
    await database.query('select $1::text as secret', ['ada@mana.test']);
    await database.db.transaction(async (tx) => {
      await tx.execute('select 1');
    });
    await expect(database.query('select * from no_such_table')).rejects.toThrow(/no_such_table/);
  });
  const spans = traces.spans();
  const request = spans.find((s) => s.name === 'request')!;
  const statements = spans.filter((s) => s.attributes['db.system.name'] === 'postgresql');
  expect(statements.map((s) => s.attributes['db.query.text'])).toEqual(expect.arrayContaining(['select $1::text as secret', 'select 1', 'select * from no_such_table']));
  for (const s of statements) expect(s.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
  expect(JSON.stringify(statements.map((s) => s.attributes))).not.toContain('ada@mana.test');
  const failed = statements.find((s) => s.attributes['db.query.text'] === 'select * from no_such_table')!;
  expect(failed.status.code).toBe(2); // SpanStatusCode.ERROR
  expect(statements.find((s) => s.attributes['db.query.text'] === 'select 1')!.status.code).not.toBe(2);
});
