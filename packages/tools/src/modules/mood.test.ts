import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@mana/db/testing';
import { moodEntries } from '@mana/db';
import { manaRegistry } from '../index';
import { catchAppError, createTestActor, type TestActor } from '../testing';

describe('mood module', () => {
  let database: TestDatabase;
  let alice: TestActor;
  let now = new Date('2026-11-24T09:00:00Z');
  const call = (name: string, input: unknown) => manaRegistry.invoke(name, input, alice.ctx);
  const logAt = async (iso: string, score: number, note?: string) => {
    now = new Date(iso);
    return (await call('mood_log', { score, note })).entry as { id: string; score: number; loggedAt: string };
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    alice = await createTestActor(database.db, { now: () => new Date(now) });
  });
  afterAll(async () => database?.close());

  it('logs a mood at the current time', async () => {
    expect(await logAt('2026-11-10T09:00:00Z', 2, 'rainy')).toMatchObject({ score: 2, note: 'rainy', loggedAt: '2026-11-10T09:00:00.000Z', tags: [] });
  });

  it("today shows only today's logs and their average; an empty day is a null average", async () => {
    now = new Date('2026-11-24T12:00:00Z');
    expect(await call('mood_today', {})).toEqual({ date: '2026-11-24', entries: [], average: null, count: 0 });
    await logAt('2026-11-25T23:59:00Z', 5);
    await logAt('2026-11-26T00:30:00Z', 3);
    await logAt('2026-11-26T18:00:00Z', 4);
    const today = (await call('mood_today', {})) as { date: string; average: number; count: number; entries: { score: number }[] };
    expect(today).toMatchObject({ date: '2026-11-26', average: 3.5, count: 2 });
    expect(today.entries.map((e) => e.score)).toEqual([3, 4]);
  });

  it('recent averages by day and overall over the window, today included', async () => {
    const recent = await call('mood_recent', { days: 7, limit: 2 });
    expect(recent).toMatchObject({
      from: '2026-11-20',
      to: '2026-11-26',
      average: 4,
      count: 3,
      byDay: [
        { date: '2026-11-25', average: 5, count: 1 },
        { date: '2026-11-26', average: 3.5, count: 2 },
      ],
    });
    expect((recent.latest as { score: number }[]).map((e) => e.score)).toEqual([4, 3]);
    expect(await call('mood_recent', { days: 30 })).toMatchObject({ count: 4, average: 3.5 });
  });

  it('refuses scores outside 1-5 and non-integers, writing nothing', async () => {
    const before = await database.db.select().from(moodEntries);
    for (const score of [0, 6, 3.5, '4', undefined]) {
      expect(await catchAppError(call('mood_log', { score }))).toMatchObject({ code: 'VALIDATION' });
    }
    expect(await catchAppError(call('mood_recent', { days: 91 }))).toMatchObject({ code: 'VALIDATION' });
    expect(await database.db.select().from(moodEntries)).toEqual(before);
  });
});
