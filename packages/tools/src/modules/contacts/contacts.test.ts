import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@mana/db/testing';
import { contacts } from '@mana/db';
import { manaRegistry } from '../../index';
import { catchAppError, createTestActor, fixedClock, type TestActor } from '../../testing';

type Contact = { id: string; name: string; email: string | null; company: string | null; birthday: string | null };

describe('contacts module', () => {
  let database: TestDatabase;
  let alice: TestActor;
  const call = (name: string, input: unknown) => manaRegistry.invoke(name, input, alice.ctx);
  const create = async (input: Record<string, unknown>) => (await call('contacts_create', input)).contact as Contact;
  const search = async (input: Record<string, unknown>) => (await call('contacts_search', input)) as { contacts: Contact[]; total: number };

  beforeAll(async () => {
    database = await createTestDatabase();
    alice = await createTestActor(database.db, { now: fixedClock('2026-12-20T12:00:00Z') });
  });
  afterAll(async () => database?.close());

  it('creates a contact with optional details', async () => {
    const maria = await create({ name: 'Maria Schmidt', email: 'maria@example.com', phone: '+49 30 1234567', company: 'Acme GmbH', birthday: '1988-12-24' });
    expect(maria).toMatchObject({ name: 'Maria Schmidt', email: 'maria@example.com', company: 'Acme GmbH', birthday: '1988-12-24' });
    expect(await create({ name: 'bob' })).toMatchObject({ name: 'bob', email: null, birthday: null });
  });

  it('searches name, e-mail, phone and company, case-insensitively, in name order', async () => {
    await create({ name: 'Ahmed Khan', email: 'ahmed@globex.com', company: 'Globex', birthday: '1975-01-05' });
    expect((await search({ query: 'SCHMIDT' })).contacts.map((c) => c.name)).toEqual(['Maria Schmidt']);
    expect((await search({ query: 'globex' })).contacts.map((c) => c.name)).toEqual(['Ahmed Khan']);
    expect((await search({ query: '1234567' })).contacts.map((c) => c.name)).toEqual(['Maria Schmidt']);
    expect((await search({ query: '_' })).contacts).toEqual([]);
    const all = await search({});
    expect(all.contacts.map((c) => c.name)).toEqual(['Ahmed Khan', 'bob', 'Maria Schmidt']);
    expect(all.total).toBe(3);
  });

  it('updates details; null removes one; nothing to update is refused', async () => {
    const [bob] = (await search({ query: 'bob' })).contacts;
    const updated = (await call('contacts_update', { contactId: bob.id, name: 'Bob Stone', email: 'bob@example.com' })).contact as Contact;
    expect(updated).toMatchObject({ name: 'Bob Stone', email: 'bob@example.com' });
    expect((await call('contacts_update', { contactId: bob.id, email: null })).contact).toMatchObject({ name: 'Bob Stone', email: null });
    expect(await catchAppError(call('contacts_update', { contactId: bob.id }))).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('Nothing to update') });
  });

  it('upcoming birthdays cross the year end, soonest first, with days to go and age', async () => {
    const result = (await call('contacts_upcoming_birthdays', { days: 30 })) as { today: string; birthdays: { name: string; date: string; daysUntil: number; turns: number }[] };
    expect(result.today).toBe('2026-12-20');
    expect(result.birthdays.map(({ name, date, daysUntil, turns }) => ({ name, date, daysUntil, turns }))).toEqual([
      { name: 'Maria Schmidt', date: '2026-12-24', daysUntil: 4, turns: 38 },
      { name: 'Ahmed Khan', date: '2027-01-05', daysUntil: 16, turns: 52 },
    ]);
    const soon = (await call('contacts_upcoming_birthdays', { days: 5 })) as { birthdays: { name: string }[] };
    expect(soon.birthdays.map((b) => b.name)).toEqual(['Maria Schmidt']);
  });

  it('refuses future birthdays, bad e-mail or phone, and unknown ids; writes nothing', async () => {
    const before = await database.db.select().from(contacts);
    expect(await catchAppError(create({ name: 'Unborn', birthday: '2027-01-01' }))).toMatchObject({
      code: 'VALIDATION',
      message: 'The birthday 2027-01-01 is in the future (today is 2026-12-20).',
    });
    expect(await catchAppError(call('contacts_update', { contactId: before[0].id, birthday: '2030-01-01' }))).toMatchObject({ code: 'VALIDATION' });
    for (const input of [{}, { name: 'x', email: 'not-an-email' }, { name: 'x', phone: 'call me' }, { name: 'x'.repeat(201) }]) {
      expect(await catchAppError(create(input))).toMatchObject({ code: 'VALIDATION' });
    }
    const contactId = '44444444-4444-4444-8444-444444444444';
    expect(await catchAppError(call('contacts_update', { contactId, name: 'Ghost' }))).toMatchObject({
      code: 'NOT_FOUND',
      message: `No contact with id ${contactId} in this space.`,
    });
    expect(await database.db.select().from(contacts)).toEqual(before);
  });
});
