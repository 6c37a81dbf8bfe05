import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminOverview } from '@mana/contracts';
import { insertPersonas } from '@mana/persona-store/testing';
import { createAuthHarness, type AuthHarness } from '../testing/harness';

describe('admin overview', () => {
  let h: AuthHarness;
  let adminToken: string;

  beforeAll(async () => {
    h = await createAuthHarness();
    adminToken = (await h.admin()).accessToken;
    await insertPersonas(h.database, [
      { id: 'ov-anna', cadence: 'daily', timeZone: 'Europe/Berlin' },
      { id: 'ov-ben', cadence: 'hourly', timeZone: 'UTC' },
    ]);
    await h.database.query(
      `insert into persona_ticks (id, persona_id, slot, slot_ends_at, status, attempt, input_tokens, output_tokens, cost_usd)
       values ('t1', 'ov-anna', 's1', now(), 'succeeded', 1, 100, 50, 0.01), ('t2', 'ov-ben', 's1', now(), 'failed', 3, 10, 5, 0.002), ('t3', 'ov-ben', 's2', now(), 'running', 1, 0, 0, 0)`,
    );
    await h.database.query(
      `insert into persona_actions (id, persona_id, tick_id, call_id, tool_name, module, input_hash, result, error_message, latency_ms) values
       ('a1', 'ov-anna', 't1', 'c1', 'todo_create', 'todo', 'h', 'ok', null, 10),
       ('a2', 'ov-anna', 't1', 'c2', 'todo_complete', 'todo', 'h', 'error', 'No todo with that id', 30),
       ('a3', 'ov-ben', 't2', 'c1', 'notes_search', 'notes', 'h', 'ok', null, 50)`,
    );
    await h.database.query(
      `insert into persona_feedback (id, persona_id, tick_id, module, rating, notes, status) values
       ('f1', 'ov-anna', 't1', 'todo', 2, 'Abhaken ging schief', 'rated'),
       ('f2', 'ov-ben', 't2', 'todo', 5, 'super', 'rated'),
       ('f3', 'ov-ben', 't2', 'notes', null, 'not json', 'parse_error')`,
    );
  });
  afterAll(async () => h?.close());

  const get = (path: string, token = adminToken) => h.request(path, { headers: { authorization: `Bearer ${token}` } });

  it('averages rated rows only and counts parse errors apart', async () => {
    const res = await get('/api/v1/admin/overview?days=7');
    expect(res.status).toBe(200);
    const body = adminOverview.parse(await res.json());
    const todo = body.modules.find((m) => m.module === 'todo');
    const notes = body.modules.find((m) => m.module === 'notes');
    expect(todo).toMatchObject({ averageRating: 3.5, ratings: 2, parseErrors: 0, actions: 2, errors: 1 });
    expect(notes).toMatchObject({ averageRating: null, ratings: 0, parseErrors: 1, actions: 1, errors: 0 });
    expect(body.tools[0]).toMatchObject({ toolName: 'todo_complete', errors: 1, lastError: 'No todo with that id', p50LatencyMs: 30 });
    expect(body.ticks).toMatchObject({ succeeded: 1, failed: 1, inFlight: 1, inputTokens: 110, outputTokens: 55 });
    expect(body.ticks.costUsd).toBeCloseTo(0.012);
    expect(body.complaints).toEqual([expect.objectContaining({ personaName: 'ov-anna', module: 'todo', rating: 2, notes: 'Abhaken ging schief' })]);
  });

  it('is for admins only and validates the window', async () => {
    expect((await h.request('/api/v1/admin/overview')).status).toBe(401);
    const user = await h.signUp('not-admin@mana.test');
    const { accessToken } = await h.login('not-admin@mana.test', user.password);
    expect((await get('/api/v1/admin/overview', accessToken)).status).toBe(403);
    const bad = await get('/api/v1/admin/overview?days=0');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('VALIDATION');
  });
});
