import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '@mana/core';
import { createDatabase, type Database } from '@mana/db';
import { createTestDatabase, type TestDatabase } from '@mana/db/testing';
import { createTestActor, createTestSpace, createTestUser } from '@mana/tools/testing';
import type { Principal } from '../auth/authenticate';
import { createSessionStore, type CloseReason, type SessionLimits, type SessionStore } from './session-store';

/**
 * Issue 24 §3: the caps on open MCP sessions, on the store itself with an
 * injected clock. A reached cap ends the oldest session with no request for
 * `evictIdleMs` to make room, never one in use; opens racing on two replicas
 * (PostgreSQL only) cannot take more than a cap.
 */
const IDLE_MS = 15 * 60_000;
const EVICT_IDLE_MS = 60_000;
let database: TestDatabase;
let clock = Date.parse('2026-12-07T09:00:00Z');
const closed: CloseReason[] = [];
const log = createLogger('mana-mcp-test', { level: 'silent' });
const storeOn = (db: Database) => createSessionStore({ db: db.db, idleMs: IDLE_MS, nowMs: () => clock, log, onClosed: (reason) => closed.push(reason) });
let store: SessionStore;

beforeAll(async () => {
  database = await createTestDatabase();
  store = storeOn(database);
});
afterAll(async () => database?.close());
beforeEach(async () => {
  await database.query('delete from mcp_sessions');
  closed.length = 0;
});

const limits = (overrides: Partial<SessionLimits>): SessionLimits => ({ perUser: 50, total: 50, ordinary: 50, evictIdleMs: EVICT_IDLE_MS, ...overrides });
const human = async (): Promise<Principal> => {
  const { userId, spaceId } = await createTestActor(database.db);
  return { userId, spaceId, timeZone: 'UTC' };
};
const persona = async (): Promise<Principal> => {
  const userId = await createTestUser(database.db, { kind: 'persona' });
  return { userId, spaceId: await createTestSpace(database.db, { ownerId: userId, personal: true }), timeZone: 'UTC' };
};
const openId = async (principal: Principal, caps: SessionLimits, on = store) => {
  const opened = await on.open(principal, caps);
  if (!('id' in opened)) throw new Error(`refused: ${opened.refused}`);
  return opened.id;
};
const live = async () => (await database.query<{ id: string }>('select id from mcp_sessions order by id')).map((row) => row.id).sort();
const sessionsOf = async (userId: string) => (await database.query<{ n: number }>('select count(*)::int as n from mcp_sessions where user_id = $1', [userId]))[0]!.n;

describe('session caps', () => {
  it('a reached cap ends the oldest session idle for evictIdleMs, never one in use (issue 24 §3)', async () => {
    const caps = limits({ total: 3 });
    const [a, b, c, d, e, f] = await Promise.all(Array.from({ length: 6 }, human));
    const busy = await openId(a!, caps);
    clock += 1_000;
    const oldestIdle = await openId(b!, caps);
    clock += 1_000;
    const nextIdle = await openId(c!, caps);
    expect(await store.open(d!, caps)).toEqual({ refused: 'total-cap' });

    clock += 10 * 60_000;
    expect(await store.resume(busy)).toBeDefined();
    // The oldest idle one goes; the busy one, opened before it, stays.
    const fourth = await openId(d!, caps);
    expect(await live()).toEqual([busy, nextIdle, fourth].sort());
    expect(await live()).not.toContain(oldestIdle);
    expect(closed).toEqual(['evicted']);
    const fifth = await openId(e!, caps);
    expect(await live()).toEqual([busy, fourth, fifth].sort());
    // None left that is idle: refused, nothing ended.
    expect(await store.open(f!, caps)).toEqual({ refused: 'total-cap' });
    expect(await live()).toEqual([busy, fourth, fifth].sort());
    expect(closed).toEqual(['evicted', 'evicted']);
  });

  it('a session used every 50 s is never evicted at a 60 s idle limit, though its mark moves only once a minute (TOUCH_FRACTION)', async () => {
    const caps = limits({ total: 1 });
    const [a, b] = [await human(), await human()];
    const used = await openId(a!, caps);
    for (let step = 0; step < 12; step++) {
      // Another user's initialize arrives just before each use, when the session has been idle longest.
      clock += 50_000;
      expect(await store.open(b!, caps), `step ${step}`).toEqual({ refused: 'total-cap' });
      expect(await store.resume(used), `step ${step}`).toBeDefined();
    }
    clock += EVICT_IDLE_MS + IDLE_MS / 16;
    expect('id' in (await store.open(b!, caps))).toBe(true);
    expect(await live()).not.toContain(used);
  });

  it('the per-user cap ends that user’s own oldest idle session, not another user’s', async () => {
    const caps = limits({ perUser: 2 });
    const [a, b] = [await human(), await human()];
    const othersOld = await openId(b!, caps);
    clock += 1_000;
    const own = [await openId(a!, caps)];
    clock += 1_000;
    own.push(await openId(a!, caps));
    expect(await store.open(a!, caps)).toEqual({ refused: 'user-cap' });
    clock += 10 * 60_000;
    const third = await openId(a!, caps);
    expect(await live()).toEqual([othersOld, own[1]!, third].sort());
  });

  it('users other than personas hold at most `ordinary`; personas fill the rest and evict only to make room', async () => {
    const caps = limits({ perUser: 2, total: 4, ordinary: 2 });
    const [a, b] = [await human(), await human()];
    const [p, q] = [await persona(), await persona()];
    // A second apart, so that "oldest" is one session.
    for (const who of [a, a]) {
      await openId(who!, caps);
      clock += 1_000;
    }
    expect(await store.open(b!, caps)).toEqual({ refused: 'ordinary-cap' });
    for (const who of [p, q]) {
      await openId(who!, caps);
      clock += 1_000;
    }
    expect(await store.open(p!, caps)).toEqual({ refused: 'total-cap' });
    clock += 10 * 60_000;
    // b evicts one of a's idle sessions (its share), not a persona's; then a persona evicts the oldest idle of all.
    await openId(b!, caps);
    expect(await sessionsOf(a!.userId)).toBe(1);
    expect(await sessionsOf(p!.userId)).toBe(1);
    await openId(p!, caps);
    expect(await sessionsOf(p!.userId)).toBe(2);
    expect(await store.count()).toBe(4);
  });
});

describe.skipIf(!process.env.DATABASE_URL)('session caps across replicas (PostgreSQL)', () => {
  let replica: Database;
  beforeAll(async () => {
    replica = await createDatabase({ url: database.url, migrate: false, poolSize: 10, log });
  });
  afterAll(async () => replica?.close());

  it('opens racing on two replicas never take more than a cap', async () => {
    const other = storeOn(replica);
    const users = await Promise.all(Array.from({ length: 40 }, human));
    const caps = limits({ total: 8, ordinary: 8 });
    const results = await Promise.all(users.map((user, i) => (i % 2 ? other : store).open(user, caps)));
    expect(results.filter((r) => 'id' in r).length).toBeGreaterThan(0);
    expect(await store.count()).toBeLessThanOrEqual(8);

    await database.query('delete from mcp_sessions');
    const [one] = users;
    const own = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? other : store).open(one!, limits({ perUser: 3 }))));
    expect(own.filter((r) => 'id' in r).length).toBeGreaterThan(0);
    expect(await sessionsOf(one!.userId)).toBeLessThanOrEqual(3);
  });
});
