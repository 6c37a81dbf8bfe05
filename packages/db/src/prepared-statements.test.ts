import { describe, expect, it } from 'vitest';
import { createDatabase } from './client';
import { namedQueryArgs, statementName } from './prepared-statements';
import { createTestDatabase } from './testing/index';

describe('namedQueryArgs', () => {
  it('names a statement with parameters, the same text always alike, another text otherwise', () => {
    const [config] = namedQueryArgs(['select $1::int as n', [1]]) as [{ name: string; text: string; values: unknown[] }];
    expect(config).toEqual({ name: statementName('select $1::int as n'), text: 'select $1::int as n', values: [1] });
    expect(namedQueryArgs([{ text: 'select $1::int as n', values: [2], rowMode: 'array' }])).toEqual([
      { text: 'select $1::int as n', values: [2], rowMode: 'array', name: config.name },
    ]);
    expect(statementName('select $1::int as m')).not.toBe(config.name);
  });

  it('leaves statements without parameters, named ones, submittables and callbacks as they are', () => {
    const callback = () => undefined;
    expect(namedQueryArgs(['begin'])).toEqual(['begin']);
    expect(namedQueryArgs(['select 1', [], callback])).toEqual(['select 1', [], callback]);
    expect(namedQueryArgs([{ text: 'commit' }])).toEqual([{ text: 'commit' }]);
    expect(namedQueryArgs([{ name: 'own', text: 'select $1::int', values: [1] }])).toEqual([{ name: 'own', text: 'select $1::int', values: [1] }]);
    const cursor = { text: 'select $1::int', values: [1], submit: () => undefined };
    expect(namedQueryArgs([cursor])[0]).toBe(cursor);
    const [named, values, cb] = namedQueryArgs(['select $1::int as k', [3], callback]);
    expect(named).toMatchObject({ text: 'select $1::int as k', values: [3] });
    expect(values).toBe(callback);
    expect(cb).toBeUndefined();
  });
});

describe.skipIf(!process.env.DATABASE_URL)('prepared statements on PostgreSQL', () => {
  const prepared = (query: (text: string, params?: unknown[]) => Promise<Array<{ n: number }>>) =>
    query(`select count(*)::int as n from pg_prepared_statements where statement like '%mana-prepared-test%'`);

  it('parses a parameterized statement once per connection, with the same results', async () => {
    const database = await createTestDatabase();
    const connection = await database.reserve!();
    try {
      for (const x of [1, 2, 3]) {
        const [row] = await connection.query<{ n: number }>(`select $1::int + 1 as n -- mana-prepared-test`, [x]);
        expect(row?.n).toBe(x + 1);
      }
      expect(await prepared(connection.query)).toEqual([{ n: 1 }]);
    } finally {
      connection.release();
      await database.close();
    }
  });

  it('sends the text every time when turned off (DATABASE_PREPARED_STATEMENTS=0)', async () => {
    const scratch = await createTestDatabase();
    const database = await createDatabase({ url: scratch.url, migrate: false, preparedStatements: false });
    const connection = await database.reserve!();
    try {
      expect(await connection.query<{ n: number }>(`select $1::int + 1 as n -- mana-prepared-test`, [1])).toEqual([{ n: 2 }]);
      expect(await prepared(connection.query)).toEqual([{ n: 0 }]);
    } finally {
      connection.release();
      await database.close();
      await scratch.close();
    }
  });
});
