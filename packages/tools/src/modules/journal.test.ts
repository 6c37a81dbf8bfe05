import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@mana/db/testing';
import { journalEntries } from '@mana/db';
import { manaRegistry } from '../index';
import { catchAppError, createTestActor, fixedClock, type TestActor } from '../testing';

type Entry = { id: string; date: string; title: string | null; body: string };

describe('journal module', () => {
  let database: TestDatabase;
  let alice: TestActor;
  const call = (name: string, input: unknown) => manaRegistry.invoke(name, input, alice.ctx);
  const add = async (input: Record<string, unknown>) => (await call('journal_add_entry', input)).entry as Entry;
  const list = async (input: Record<string, unknown>) => (await call('journal_list', input)) as { from: string; to: string; entries: Entry[]; total: number };

  beforeAll(async () => {
    database = await createTestDatabase();
    alice = await createTestActor(database.db, { now: fixedClock('2026-11-26T23:30:00Z') });
  });
  afterAll(async () => database?.close());

  it('adds an entry for today by default and for a past day on request', async () => {
    expect(await add({ body: 'Quiet day.' })).toMatchObject({ date: '2026-11-26', title: null, body: 'Quiet day.' });
    expect(await add({ body: 'Birthday party', title: 'Party', date: '2026-10-02' })).toMatchObject({ date: '2026-10-02', title: 'Party' });
  });

  it('lists the last 30 days by default, newest first', async () => {
    await add({ body: 'Early November', date: '2026-11-01' });
    const result = await list({});
    expect(result).toMatchObject({ from: '2026-10-28', to: '2026-11-26', total: 2 });
    expect(result.entries.map((e) => e.date)).toEqual(['2026-11-26', '2026-11-01']);
  });

  it('lists an explicit inclusive range and honours the limit', async () => {
    const result = await list({ from: '2026-10-02', to: '2026-11-01', limit: 1 });
    expect(result.total).toBe(2);
    expect(result.entries).toHaveLength(1);
    expect(result.entries[0].date).toBe('2026-11-01');
    expect((await list({ from: '2026-10-03', to: '2026-10-31' })).entries).toEqual([]);
  });

  it('refuses reversed or too long ranges with clear messages', async () => {
    expect(await catchAppError(list({ from: '2026-11-02', to: '2026-11-01' }))).toMatchObject({ code: 'VALIDATION', message: '"from" (2026-11-02) is after "to" (2026-11-01).' });
    expect(await catchAppError(list({ from: '2025-01-01', to: '2026-11-01' }))).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('longer than 366 days') });
  });

  it('refuses future entries and bad input, writing nothing', async () => {
    const before = await database.db.select().from(journalEntries);
    expect(await catchAppError(add({ body: 'Tomorrow', date: '2026-11-27' }))).toMatchObject({
      code: 'VALIDATION',
      message: 'Journal entries cannot be dated in the future (2026-11-27; today is 2026-11-26).',
    });
    for (const input of [{}, { body: '  ' }, { body: 'x'.repeat(10_001) }, { body: 'ok', date: '26.11.2026' }]) {
      expect(await catchAppError(add(input))).toMatchObject({ code: 'VALIDATION' });
    }
    expect(await database.db.select().from(journalEntries)).toEqual(before);
  });
});
