import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@mana/db/testing';
import { createRateLimiter } from './rate-limiter';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

// Keys are unique per test: every limiter here counts in the same table.
describe('createRateLimiter (PostgreSQL sliding-window counter)', () => {
  it('allows N calls per window per key, then refuses with the wait until the window ends', async () => {
    const limiter = createRateLimiter({ db: database.db, limit: 3 });
    expect((await limiter.check('a:u1:todo_list', 0)).allowed).toBe(true);
    expect((await limiter.check('a:u1:todo_list', 10_000)).allowed).toBe(true);
    expect((await limiter.check('a:u1:todo_list', 20_000)).allowed).toBe(true);
    expect(await limiter.check('a:u1:todo_list', 30_000)).toEqual({ allowed: false, retryAfterMs: 30_000 });
    expect((await limiter.check('a:u2:todo_list', 30_000)).allowed).toBe(true);
    expect((await limiter.check('a:u1:notes_list', 30_000)).allowed).toBe(true);
  });

  it('slides: the previous window counts in proportion to its overlap with the rolling minute; refusals are not counted', async () => {
    const limiter = createRateLimiter({ db: database.db, limit: 2 });
    await limiter.check('b', 0);
    await limiter.check('b', 30_000);
    for (let t = 31_000; t < 60_000; t += 7_000) expect((await limiter.check('b', t)).allowed).toBe(false);
    // At 75 s the previous window (2 calls) weighs 2 x 0.75 = 1.5 < 2: one call; then 1 + 1.47 is over.
    expect((await limiter.check('b', 75_000)).allowed).toBe(true);
    expect((await limiter.check('b', 76_000)).allowed).toBe(false);
    // At 110 s it weighs 2 x 1/6: 1 + 0.33 < 2, one more; then 2 + 0.3 is over.
    expect((await limiter.check('b', 110_000)).allowed).toBe(true);
    expect((await limiter.check('b', 111_000)).allowed).toBe(false);
  });

  it('two limiters over one database (two mana-mcp replicas) share one limit, also under concurrent checks', async () => {
    const replicaA = createRateLimiter({ db: database.db, limit: 10 });
    const replicaB = createRateLimiter({ db: database.db, limit: 10 });
    const decisions = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? replicaA : replicaB).check('c:shared', 1_000)));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(10);
  });

  it('prune drops windows older than two windows and keeps recent ones', async () => {
    const limiter = createRateLimiter({ db: database.db, limit: 1 });
    await limiter.check('d:old', 0);
    await limiter.check('d:new', 600_000);
    await limiter.prune(600_000);
    const keys = (await database.query<{ key: string }>("select key from mcp_rate_windows where key like 'd:%'")).map((row) => row.key);
    expect(keys).toEqual(['d:new']);
  });
});
