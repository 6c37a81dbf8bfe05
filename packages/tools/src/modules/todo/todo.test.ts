import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '@mana/db/testing';
import { todos } from '@mana/db';
import { manaRegistry } from '../../index';
import { catchAppError, createTestActor, fixedClock, type TestActor } from '../../testing';

const registry = manaRegistry;
const call = (actor: TestActor, name: string, input: unknown) => registry.invoke(name, input, actor.ctx);
type TodoOut = { id: string; title: string; status: string; dueDate: string | null; priority: string; tags: string[]; completedAt: string | null };

describe('todo module', () => {
  let database: TestDatabase;
  let alice: TestActor;
  beforeAll(async () => {
    database = await createTestDatabase();
    alice = await createTestActor(database.db, { now: fixedClock('2026-11-26T10:00:00Z') });
  });
  afterAll(async () => database?.close());

  const create = async (input: Record<string, unknown>) => (await call(alice, 'todo_create', input)).todo as TodoOut;
  const list = async (input: Record<string, unknown>) => (await call(alice, 'todo_list', input)) as { todos: TodoOut[]; total: number };

  it('creates a todo with defaults and returns it with an id', async () => {
    const todo = await create({ title: '  Call the dentist  ', tags: ['health', 'health', 'calls'] });
    expect(todo).toMatchObject({ title: 'Call the dentist', status: 'open', priority: 'medium', dueDate: null, tags: ['health', 'calls'], completedAt: null });
    expect(todo.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('lists with filters: status, priority, due range, tag and text', async () => {
    const a = await create({ title: 'Pay rent', dueDate: '2026-12-01', priority: 'high', tags: ['money'] });
    const b = await create({ title: 'Buy 100% cotton shirt', dueDate: '2026-12-10', priority: 'low', notes: 'size M' });
    const c = await create({ title: 'Book flights', dueDate: '2026-11-20', priority: 'high', tags: ['travel'] });
    await call(alice, 'todo_complete', { todoId: c.id });
    const ids = (result: { todos: TodoOut[] }) => result.todos.map((todo) => todo.id);

    expect(ids(await list({ priority: 'high' }))).toEqual([a.id]);
    expect(ids(await list({ status: 'done' }))).toEqual([c.id]);
    expect(ids(await list({ status: 'all', priority: 'high' }))).toEqual([c.id, a.id]);
    expect(ids(await list({ dueAfter: '2026-12-01', dueBefore: '2026-12-09' }))).toEqual([a.id]);
    expect(ids(await list({ dueBefore: '2026-12-31' }))).toEqual([a.id, b.id]);
    expect(ids(await list({ tag: 'money' }))).toEqual([a.id]);
    expect(ids(await list({ text: 'SIZE m' }))).toEqual([b.id]);
    expect(ids(await list({ text: '100%' }))).toEqual([b.id]);
    expect(ids(await list({ text: '%' }))).toEqual([b.id]);
    const limited = await list({ limit: 1 });
    expect(limited.todos).toHaveLength(1);
    expect(limited.total).toBeGreaterThanOrEqual(3);
  });

  it('refuses an impossible due range with a clear message', async () => {
    const error = await catchAppError(list({ dueAfter: '2026-12-10', dueBefore: '2026-12-01' }));
    expect(error).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('dueAfter (2026-12-10) is later than dueBefore') });
  });

  it('updates only the given fields, and null clears the due day', async () => {
    const todo = await create({ title: 'Water plants', dueDate: '2026-11-30', notes: 'balcony' });
    const updated = (await call(alice, 'todo_update', { todoId: todo.id, priority: 'high', dueDate: null })).todo as TodoOut & { notes: string };
    expect(updated).toMatchObject({ title: 'Water plants', priority: 'high', dueDate: null, notes: 'balcony' });
  });

  it('refuses an update with nothing to change', async () => {
    const todo = await create({ title: 'Nothing changes' });
    const error = await catchAppError(call(alice, 'todo_update', { todoId: todo.id }));
    expect(error).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('Nothing to update') });
  });

  it('completes and reopens; doing either twice is a conflict', async () => {
    const todo = await create({ title: 'Finish report' });
    const done = (await call(alice, 'todo_complete', { todoId: todo.id })).todo as TodoOut;
    expect(done).toMatchObject({ status: 'done', completedAt: '2026-11-26T10:00:00.000Z' });
    const again = await catchAppError(call(alice, 'todo_complete', { todoId: todo.id }));
    expect(again).toMatchObject({ code: 'CONFLICT', message: 'The todo "Finish report" is already done; use todo_reopen to open it again.' });
    const reopened = (await call(alice, 'todo_reopen', { todoId: todo.id })).todo as TodoOut;
    expect(reopened).toMatchObject({ status: 'open', completedAt: null });
    expect(await catchAppError(call(alice, 'todo_reopen', { todoId: todo.id }))).toMatchObject({ code: 'CONFLICT' });
  });

  it('concurrent completes: exactly one succeeds, the others are conflicts', async () => {
    const todo = await create({ title: 'Race' });
    const outcomes = await Promise.allSettled(Array.from({ length: 4 }, () => call(alice, 'todo_complete', { todoId: todo.id })));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toMatchObject({ code: 'CONFLICT' });
  });

  it('deletes a todo; a second delete is not found', async () => {
    const todo = await create({ title: 'Temporary' });
    expect(await call(alice, 'todo_delete', { todoId: todo.id })).toEqual({ deleted: { id: todo.id, title: 'Temporary' } });
    expect(await database.db.select().from(todos).where(eq(todos.id, todo.id))).toEqual([]);
    const error = await catchAppError(call(alice, 'todo_delete', { todoId: todo.id }));
    expect(error).toMatchObject({ code: 'NOT_FOUND', message: `No todo with id ${todo.id} in this space.` });
  });

  it('unknown ids are NOT_FOUND for update, complete and reopen', async () => {
    const todoId = '00000000-0000-4000-8000-000000000000';
    for (const name of ['todo_update', 'todo_complete', 'todo_reopen']) {
      const error = await catchAppError(call(alice, name, { todoId, title: 'x' }));
      expect(error).toMatchObject({ code: 'NOT_FOUND', message: `No todo with id ${todoId} in this space.` });
    }
  });

  it('bad input is a VALIDATION error and writes nothing', async () => {
    const before = await database.db.select().from(todos);
    for (const input of [
      {},
      { title: '' },
      { title: 'x'.repeat(201) },
      { title: 'ok', dueDate: '2026-02-30' },
      { title: 'ok', priority: 'urgent' },
      { title: 'ok', notes: 'x'.repeat(10_001) },
      { title: 'ok', dueDate: '0000-01-01' },
      { title: 'nul \u0000 byte' },
    ]) {
      expect(await catchAppError(call(alice, 'todo_create', input))).toMatchObject({ code: 'VALIDATION' });
    }
    expect(await catchAppError(call(alice, 'todo_complete', { todoId: 'not-a-uuid' }))).toMatchObject({ code: 'VALIDATION' });
    expect(await database.db.select().from(todos)).toEqual(before);
  });
});
