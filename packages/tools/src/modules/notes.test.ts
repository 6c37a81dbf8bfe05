import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@mana/db/testing';
import { notes } from '@mana/db';
import { manaRegistry } from '../index';
import { catchAppError, createTestActor, type TestActor } from '../testing';

type Note = { id: string; title: string; body: string; tags: string[]; updatedAt: string };

describe('notes module', () => {
  let database: TestDatabase;
  let alice: TestActor;
  let clock = new Date('2026-11-26T08:00:00Z');
  const call = (name: string, input: unknown) => manaRegistry.invoke(name, input, alice.ctx);
  const create = async (input: Record<string, unknown>) => (await call('notes_create', input)).note as Note;
  const tick = () => (clock = new Date(clock.getTime() + 60_000));

  beforeAll(async () => {
    database = await createTestDatabase();
    alice = await createTestActor(database.db, { now: () => new Date(clock) });
  });
  afterAll(async () => database?.close());

  it('creates, reads and updates a note', async () => {
    const note = await create({ title: 'Garden', body: 'Plant tomatoes', tags: ['garden'] });
    expect(note).toMatchObject({ title: 'Garden', body: 'Plant tomatoes', tags: ['garden'] });
    expect((await call('notes_get', { noteId: note.id })).note).toEqual(note);
    tick();
    const updated = (await call('notes_update', { noteId: note.id, body: 'Plant tomatoes and basil' })).note as Note;
    expect(updated).toMatchObject({ title: 'Garden', body: 'Plant tomatoes and basil', tags: ['garden'] });
    expect(updated.updatedAt > note.updatedAt).toBe(true);
  });

  it('lists most recently changed first with excerpts, filtered by tag', async () => {
    tick();
    const long = await create({ title: 'Long read', body: 'word '.repeat(100), tags: ['reading'] });
    tick();
    const recent = await create({ title: 'Shopping', body: 'milk, eggs' });
    const listed = (await call('notes_list', {})) as { notes: { id: string; excerpt: string }[]; total: number };
    expect(listed.notes.slice(0, 2).map((n) => n.id)).toEqual([recent.id, long.id]);
    expect(listed.notes[1].excerpt.length).toBe(200);
    expect(listed.notes[1].excerpt.endsWith('…')).toBe(true);
    expect(listed.total).toBe(3);
    const tagged = (await call('notes_list', { tag: 'reading' })) as { notes: { id: string }[]; total: number };
    expect(tagged).toMatchObject({ total: 1, notes: [{ id: long.id }] });
  });

  it('full-text search matches all words in title or body, case-insensitive, best first', async () => {
    const both = await create({ title: 'Basil care', body: 'Basil likes sun. Water basil daily.' });
    const results = (await call('notes_search', { query: 'BASIL' })) as { results: { id: string; snippet: string; rank: number }[] };
    expect(results.results.map((r) => r.id)).toContain(both.id);
    expect(results.results[0].id).toBe(both.id);
    expect(results.results[0].snippet).toContain('**Basil**');
    const and = (await call('notes_search', { query: 'tomatoes basil' })) as { results: { id: string }[] };
    expect(and.results).toHaveLength(1);
    expect((await call('notes_search', { query: 'eggs' })) as unknown).toMatchObject({ results: [{ title: 'Shopping' }] });
  });

  it('a search with no match or only punctuation returns an empty list, not an error', async () => {
    expect(await call('notes_search', { query: 'zebra' })).toEqual({ query: 'zebra', results: [] });
    expect(await call('notes_search', { query: '!!! ???' })).toEqual({ query: '!!! ???', results: [] });
  });

  it('unknown ids are NOT_FOUND with a clear message', async () => {
    const noteId = '11111111-1111-4111-8111-111111111111';
    expect(await catchAppError(call('notes_get', { noteId }))).toMatchObject({ code: 'NOT_FOUND', message: `No note with id ${noteId} in this space.` });
    expect(await catchAppError(call('notes_update', { noteId, title: 'x' }))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('bad input is refused and writes nothing', async () => {
    const before = await database.db.select().from(notes);
    for (const input of [{}, { title: '   ' }, { title: 'ok', body: 'x'.repeat(10_001) }, { title: 'ok', tags: ['x'.repeat(41)] }]) {
      expect(await catchAppError(call('notes_create', input))).toMatchObject({ code: 'VALIDATION' });
    }
    expect(await catchAppError(call('notes_update', { noteId: before[0].id }))).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('Nothing to update') });
    expect(await catchAppError(call('notes_search', { query: '' }))).toMatchObject({ code: 'VALIDATION' });
    expect(await database.db.select().from(notes)).toEqual(before);
  });
});
