import { describe, expect, it } from 'vitest';
import type { RecordedAction } from '../driver';
import { IdPool } from './id-pool';
import { rateFromExperience } from './offline-rating';
import { phraseBank } from './phrases';

const act = (over: Partial<RecordedAction>): RecordedAction => ({
  callId: 'c',
  toolName: 'todo_create',
  module: 'todo',
  input: {},
  inputHash: 'h',
  result: 'ok',
  latencyMs: 20,
  ...over,
});
const calm = { energy: 0.5, patience: 0.5, generosity: 0.6 };

describe('rateFromExperience', () => {
  it('rates a smooth module high and names what went well', () => {
    const [rating] = rateFromExperience([act({}), act({ toolName: 'todo_list', emptyResult: false })], calm, phraseBank('en'));
    expect(rating).toMatchObject({ module: 'todo', rating: 4, status: 'rated' });
    expect(rating.notes).toBe('2 calls, all went smoothly (avg 20 ms).');
  });

  it('rates lower when calls fail and names the tool and the error', () => {
    const smooth = rateFromExperience([act({}), act({}), act({ toolName: 'todo_complete' })], calm, phraseBank('de'))[0];
    const broken = rateFromExperience(
      [
        act({}),
        act({ toolName: 'todo_complete', result: 'error', errorMessage: 'INTERNAL: fault injected' }),
        act({ toolName: 'todo_complete', result: 'error', errorMessage: 'x' }),
      ],
      calm,
      phraseBank('de'),
    )[0];
    expect(broken.rating!).toBeLessThan(smooth.rating!);
    expect(broken.notes).toBe('todo_complete schlug zweimal fehl: INTERNAL: fault injected');
  });

  it("judges slowness on the app's handler time where the server reports it, not on the client's queueing", () => {
    const queued = [act({ latencyMs: 5_000, handlerMs: 2 }), act({ latencyMs: 4_000, handlerMs: 3 })];
    const slowApp = [act({ latencyMs: 5_000, handlerMs: 4_900 }), act({ latencyMs: 4_000, handlerMs: 3_900 })];
    const smooth = rateFromExperience([act({}), act({})], calm, phraseBank('en'))[0];
    expect(rateFromExperience(queued, calm, phraseBank('en'))[0]).toEqual({ ...smooth, notes: '2 calls, all went smoothly (avg 3 ms).' });
    expect(rateFromExperience(slowApp, calm, phraseBank('en'))[0].rating!).toBeLessThan(smooth.rating!);
    expect(rateFromExperience([act({ latencyMs: 5_000 })], calm, phraseBank('en'))[0].rating!).toBeLessThan(smooth.rating!);
  });

  it('minds slowness and empty screens more when impatient', () => {
    const actions = [act({ latencyMs: 5_000 }), act({ toolName: 'todo_list', emptyResult: true })];
    const patient = rateFromExperience(actions, { ...calm, patience: 1 }, phraseBank('en'))[0];
    const impatient = rateFromExperience(actions, { ...calm, patience: 0 }, phraseBank('en'))[0];
    expect(impatient.rating!).toBeLessThan(patient.rating!);
    expect(impatient.notes).toBe('todo_create was slow (5000 ms). todo_list showed nothing.');
  });

  it('rates one row per used module and clamps to 1-5', () => {
    const failing = Array.from({ length: 5 }, () => act({ result: 'error', errorMessage: 'boom', latencyMs: 9_000 }));
    const ratings = rateFromExperience([...failing, act({ module: 'notes', toolName: 'notes_create' })], { energy: 0, patience: 0, generosity: 0 }, phraseBank('en'));
    expect(ratings.map((r) => [r.module, r.rating])).toEqual([
      ['todo', 1],
      ['notes', 3],
    ]);
  });
});

describe('IdPool', () => {
  it('leaves out items that already show what the tool would do', () => {
    const pool = new IdPool();
    const open = '3f1c2a9e-5b7d-4e21-9a0c-6d8e4f2b1a37';
    const done = '4f1c2a9e-5b7d-4e21-9a0c-6d8e4f2b1a37';
    const stamps = { createdAt: '2026-11-25T08:00:00Z', updatedAt: '2026-11-26T08:00:00Z' };
    pool.harvest('todo', {
      todos: [
        { id: open, status: 'open', completedAt: null, ...stamps },
        { id: done, status: 'done', completedAt: '2026-11-26T08:00:00Z', ...stamps },
      ],
    });
    expect(pool.candidates('todo', 'todoId', 'todo_reopen')).toEqual([done]);
    expect(pool.candidates('todo', 'todoId', 'todo_complete')).toEqual([open]);
    expect(pool.candidates('todo', 'todoId', 'todo_update')).toEqual([open, done]);
    pool.harvest('habits', { habit: { id: open, archived: true } });
    expect(pool.candidates('habits', 'habitId', 'habits_archive')).toEqual([]);
    expect(pool.candidates('habits', 'habitId', 'habits_check_in')).toEqual([]);
  });

  it('takes ids of another module for a reference field, and never a wrong entity for an optional one', () => {
    const pool = new IdPool();
    const contact = '5f1c2a9e-5b7d-4e21-9a0c-6d8e4f2b1a37';
    const event = '6f1c2a9e-5b7d-4e21-9a0c-6d8e4f2b1a37';
    pool.harvest('calendar', { events: [{ id: event }] });
    expect(pool.candidates('calendar', 'contactId', 'calendar_create_event', false)).toEqual([]);
    pool.harvest('contacts', { contacts: [{ id: contact }] });
    expect(pool.candidates('calendar', 'contactId', 'calendar_create_event', false)).toEqual([contact]);
  });

  it('files ids under the entity named by their key and skips ids a tool failed on', () => {
    const pool = new IdPool();
    const a = '3f1c2a9e-5b7d-4e21-9a0c-6d8e4f2b1a37';
    const b = '4f1c2a9e-5b7d-4e21-9a0c-6d8e4f2b1a37';
    const c = '5f1c2a9e-5b7d-4e21-9a0c-6d8e4f2b1a37';
    pool.harvest('habits', { habits: [{ id: a, name: 'x' }], checkins: [{ id: b, habitId: c }] });
    expect(pool.candidates('habits', 'habitId', 'habits_check')).toEqual([a, c]);
    expect(pool.candidates('habits', 'checkinId', 'habits_uncheck')).toEqual([b]);
    expect(pool.candidates('todo', 'todoId', 'todo_complete')).toEqual([]);
    pool.markFailed('habits_check', { habitId: a });
    expect(pool.candidates('habits', 'habitId', 'habits_check')).toEqual([c]);
    expect(pool.candidates('habits', 'habitId', 'habits_update')).toEqual([a, c]);
  });
});
