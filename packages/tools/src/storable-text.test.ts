import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { journalEntries, moodEntries, notes, todos } from '@mana/db';
import { createTestDatabase, type TestDatabase } from '@mana/db/testing';
import { manaRegistry } from './index';
import { catchAppError, createTestActor, type TestActor } from './testing';

/**
 * Regression (issue 10 §3): a lone surrogate in `tags` or a NUL in a text field
 * reached PostgreSQL (jsonb / text refuse both) and failed "unexpectedly".
 * Every such input is a VALIDATION error now, and nothing is written.
 */
describe('tool input PostgreSQL cannot store', () => {
  let database: TestDatabase;
  let alice: TestActor;
  beforeAll(async () => {
    database = await createTestDatabase();
    alice = await createTestActor(database.db);
  });
  afterAll(async () => database?.close());

  const rows = async () => {
    const [t] = await database.db.select({ n: count() }).from(todos);
    const [n] = await database.db.select({ n: count() }).from(notes);
    const [m] = await database.db.select({ n: count() }).from(moodEntries);
    const [j] = await database.db.select({ n: count() }).from(journalEntries);
    return [t?.n, n?.n, m?.n, j?.n];
  };

  const bad = ['\ud800', 'ok\udc00', 'a\u0000b', '\udfff\ud800'];
  const cases: [string, (s: string) => Record<string, unknown>][] = [
    ['todo_create', (s) => ({ title: 'Buy milk', tags: [s] })],
    ['todo_create', (s) => ({ title: `Buy ${s}` })],
    ['notes_create', (s) => ({ title: 'Idea', body: 'text', tags: [s] })],
    ['notes_create', (s) => ({ title: 'Idea', body: `text ${s}` })],
    ['mood_log', (s) => ({ score: 3, tags: [s] })],
    ['mood_log', (s) => ({ score: 3, note: s })],
    ['journal_add_entry', (s) => ({ body: 'A day.', tags: [s] })],
    ['journal_add_entry', (s) => ({ body: `A day ${s}` })],
  ];

  it('refuses NUL and lone surrogates as VALIDATION and writes nothing', async () => {
    const before = await rows();
    for (const [tool, input] of cases) {
      for (const s of bad) {
        const error = await catchAppError(manaRegistry.invoke(tool, input(s), alice.ctx));
        expect(error, `${tool} ${JSON.stringify(input(s))}`).toMatchObject({ code: 'VALIDATION' });
        expect(error.message).toMatch(/NUL characters or lone UTF-16 surrogates/);
      }
    }
    expect(await rows()).toEqual(before);
  });

  it('still accepts a well-formed surrogate pair (an emoji)', async () => {
    const created = await manaRegistry.invoke('todo_create', { title: 'Party 🎉', tags: ['🎉'] }, alice.ctx);
    expect(created).toMatchObject({ todo: { title: 'Party 🎉', tags: ['🎉'] } });
  });
});
