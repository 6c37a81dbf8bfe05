import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@mana/db/testing';
import { manaRegistry } from '../index';
import { localDate, localDayStart } from '../shared/dates';
import { createTestActor, createToolContext, fixedClock, type TestActor } from '../testing';
import type { ToolContext } from '../tool';

describe('localDate and localDayStart', () => {
  it('give the local date and the instant local midnight begins, DST included', () => {
    const instant = new Date('2026-03-10T23:30:00Z');
    expect(localDate(instant, 'UTC')).toBe('2026-03-10');
    expect(localDate(instant, 'Europe/Berlin')).toBe('2026-03-11');
    expect(localDate(instant, 'America/New_York')).toBe('2026-03-10');
    expect(localDayStart('2026-03-11', 'Europe/Berlin').toISOString()).toBe('2026-03-10T23:00:00.000Z');
    expect(localDayStart('2026-03-30', 'Europe/Berlin').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(localDayStart('2026-03-10', 'UTC').toISOString()).toBe('2026-03-10T00:00:00.000Z');
    expect(() => localDate(instant, 'Mars/Olympus')).toThrow(RangeError);
  });

  it('a local day whose midnight falls in a DST gap starts at the first instant after it (Santiago, 2026-09-06)', () => {
    // Chile springs forward at 24:00 on the 5th: 00:00-00:59 on the 6th does not exist, the day starts at 01:00 -03.
    expect(localDayStart('2026-09-06', 'America/Santiago').toISOString()).toBe('2026-09-06T04:00:00.000Z');
    expect(localDate(new Date('2026-09-06T04:00:00Z'), 'America/Santiago')).toBe('2026-09-06');
    expect(localDate(new Date('2026-09-06T03:59:59Z'), 'America/Santiago')).toBe('2026-09-05');
  });
});

describe('"today" follows ctx.timeZone', () => {
  let database: TestDatabase;
  let alice: TestActor;
  const clock = fixedClock('2026-03-10T23:30:00Z');
  const inZone = (timeZone: string): ToolContext => createToolContext({ db: database.db, userId: alice.userId, spaceId: alice.spaceId, now: clock, timeZone });

  beforeAll(async () => {
    database = await createTestDatabase();
    alice = await createTestActor(database.db, { now: clock });
  });
  afterAll(async () => database?.close());

  it('journal_add_entry dates an entry by the local date (Berlin is already on the 11th)', async () => {
    const berlin = await manaRegistry.invoke('journal_add_entry', { body: 'Late night in Berlin.' }, inZone('Europe/Berlin'));
    const utc = await manaRegistry.invoke('journal_add_entry', { body: 'Still the 10th in UTC.' }, alice.ctx);
    expect(berlin.entry).toMatchObject({ date: '2026-03-11' });
    expect(utc.entry).toMatchObject({ date: '2026-03-10' });
  });

  it('habits_check_in checks in on the local day by default', async () => {
    const { habit } = (await manaRegistry.invoke('habits_create', { name: 'Stretch', cadence: 'daily' }, alice.ctx)) as { habit: { id: string } };
    expect(await manaRegistry.invoke('habits_check_in', { habitId: habit.id }, inZone('Europe/Berlin'))).toMatchObject({ date: '2026-03-11', alreadyCheckedIn: false });
    expect(await manaRegistry.invoke('habits_check_in', { habitId: habit.id }, alice.ctx)).toMatchObject({ date: '2026-03-10', alreadyCheckedIn: false });
  });

  it('mood_today covers the local day window', async () => {
    await manaRegistry.invoke('mood_log', { score: 4 }, alice.ctx);
    const berlin = await manaRegistry.invoke('mood_today', {}, inZone('Europe/Berlin'));
    const utc = await manaRegistry.invoke('mood_today', {}, alice.ctx);
    const tokyo = await manaRegistry.invoke(
      'mood_today',
      {},
      createToolContext({ db: database.db, userId: alice.userId, spaceId: alice.spaceId, now: fixedClock('2026-03-10T14:30:00Z'), timeZone: 'Asia/Tokyo' }),
    );
    expect(berlin).toMatchObject({ date: '2026-03-11', count: 1 });
    expect(utc).toMatchObject({ date: '2026-03-10', count: 1 });
    expect(tokyo).toMatchObject({ date: '2026-03-10', count: 0 }); // Tokyo's 10th ended at 15:00Z, before the 23:30Z log
  });
});
