import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminModuleDetail, adminPersonaListResponse, adminPersonaRatings, adminSeries, adminToolDetail, adminToolList } from '@mana/contracts';
import { insertPersonas } from '@mana/persona-store/testing';
import { createAuthHarness, type AuthHarness } from '../testing/harness';

// Near the real time: Better Auth verifies the admin JWT against the wall clock.
const now = new Date();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(now.getTime() - ms);
const dayOf = (ms: number) => ago(ms).toISOString().slice(0, 10);

let h: AuthHarness;
let adminToken: string;
let humanToken: string;

beforeAll(async () => {
  h = await createAuthHarness({ now: () => now });
  adminToken = (await h.admin()).accessToken;
  const human = await h.signUp('human.dash@mana.test');
  humanToken = (await h.login('human.dash@mana.test', human.password)).accessToken;
  await insertPersonas(h.database, [
    { id: 'p-anna', cadence: 'daily', timeZone: 'Europe/Berlin' },
    { id: 'p-ben', cadence: 'hourly', timeZone: 'UTC' },
  ]);
  const ticks: [string, string, number, string][] = [
    ['t-today', 'p-anna', HOUR, 'succeeded'],
    ['t-3d', 'p-ben', 3 * DAY, 'succeeded'],
    ['t-10d', 'p-anna', 10 * DAY, 'failed'],
    ['t-40d', 'p-anna', 40 * DAY, 'succeeded'],
  ];
  for (const [id, persona, age, status] of ticks) {
    await h.database.query(
      `insert into persona_ticks (id, persona_id, slot, slot_ends_at, status, attempt, input_tokens, output_tokens, cost_usd, created_at)
       values ($1, $2, $1, $3, $4, 1, 100, 50, 0.01, $3)`,
      [id, persona, ago(age), status],
    );
  }
  const actions: [string, string, string, string, string, string | null, number, number][] = [
    ['a1', 'p-anna', 't-today', 'todo_create', 'ok', null, 10, HOUR],
    ['a2', 'p-anna', 't-today', 'todo_complete', 'error', 'No todo with that id', 30, HOUR],
    ['a3', 'p-ben', 't-3d', 'todo_create', 'ok', null, 20, 3 * DAY],
    ['a4', 'p-anna', 't-10d', 'todo_create', 'error', 'boom old', 40, 10 * DAY],
    ['a5', 'p-anna', 't-40d', 'notes_search', 'ok', null, 5, 40 * DAY],
  ];
  for (const [id, persona, tick, tool, result, error, latency, age] of actions) {
    await h.database.query(
      `insert into persona_actions (id, persona_id, tick_id, call_id, tool_name, module, input_hash, result, error_message, latency_ms, created_at)
       values ($1, $2, $3, $1, $4, $5, 'h', $6, $7, $8, $9)`,
      [id, persona, tick, tool, tool.split('_')[0], result, error, latency, ago(age)],
    );
  }
  const feedback: [string, string, string, string, number | null, string | null, string, number][] = [
    ['f1', 'p-anna', 't-today', 'todo', 2, 'Abhaken ging schief', 'rated', HOUR],
    ['f2', 'p-ben', 't-3d', 'todo', 4, 'ok so', 'rated', 3 * DAY],
    ['f3', 'p-anna', 't-10d', 'todo', 5, null, 'rated', 10 * DAY],
    ['f4', 'p-anna', 't-40d', 'notes', 1, 'alt', 'rated', 40 * DAY],
    ['f5', 'p-ben', 't-3d', 'notes', null, 'not json', 'parse_error', 3 * DAY],
  ];
  for (const [id, persona, tick, module, rating, notes, status, age] of feedback) {
    await h.database.query(`insert into persona_feedback (id, persona_id, tick_id, module, rating, notes, status, created_at) values ($1, $2, $3, $4, $5, $6, $7, $8)`, [
      id,
      persona,
      tick,
      module,
      rating,
      notes,
      status,
      ago(age),
    ]);
  }
});
afterAll(async () => h?.close());

const get = (path: string, token = adminToken) => h.request(path, { headers: { authorization: `Bearer ${token}` } });
const json = async (path: string) => {
  const res = await get(path);
  expect(res.status, path).toBe(200);
  return res.json();
};
const point = <T extends { day: string }>(points: T[], age: number) => points.find((p) => p.day === dayOf(age));

describe('admin dashboard API', () => {
  const endpoints = ['/api/v1/admin/series', '/api/v1/admin/tools', '/api/v1/admin/tools/todo_create', '/api/v1/admin/modules/todo', '/api/v1/admin/personas/p-anna/ratings'];

  it('is for admins only: 401 without a token, 403 for a signed-in non-admin', async () => {
    for (const path of endpoints) {
      expect((await h.request(path)).status, path).toBe(401);
      expect((await get(path, humanToken)).status, path).toBe(403);
    }
  });

  it('validates the window (1-90 days) and names the field', async () => {
    for (const path of endpoints) {
      for (const days of ['0', '91', 'week']) {
        const res = await get(`${path}?days=${days}`);
        expect(res.status, `${path}?days=${days}`).toBe(400);
        const body = (await res.json()) as { error: { code: string; message: string } };
        expect(body.error).toMatchObject({ code: 'VALIDATION' });
        expect(body.error.message).toContain('days');
      }
    }
  });

  it('series: ratings per module and day (rated rows only), tool calls and ticks per day, every day of the window', async () => {
    const week = adminSeries.parse(await json('/api/v1/admin/series?days=7'));
    expect(week.days).toHaveLength(8);
    expect(week.days.at(-1)).toBe(dayOf(0));
    expect(week.modules.map((m) => m.module)).toEqual(['todo']);
    const todo = week.modules[0].points;
    expect(todo).toHaveLength(8);
    expect(point(todo, HOUR)).toMatchObject({ averageRating: 2, ratings: 1 });
    expect(point(todo, 3 * DAY)).toMatchObject({ averageRating: 4, ratings: 1 });
    expect(todo.filter((p) => p.ratings > 0)).toHaveLength(2);
    const today = point(week.tools, HOUR)!;
    expect(today).toMatchObject({ calls: 2, errors: 1, errorRate: 0.5, p50LatencyMs: 20 });
    expect(today.p95LatencyMs).toBeCloseTo(29);
    expect(point(week.ticks, HOUR)).toMatchObject({ succeeded: 1, failed: 0, inputTokens: 100, outputTokens: 50 });

    const month = adminSeries.parse(await json('/api/v1/admin/series?days=30'));
    expect(month.days).toHaveLength(31);
    expect(point(month.modules[0].points, 10 * DAY)).toMatchObject({ averageRating: 5, ratings: 1 });
    expect(point(month.ticks, 10 * DAY)).toMatchObject({ failed: 1 });
    const quarter = adminSeries.parse(await json('/api/v1/admin/series?days=90'));
    expect(quarter.modules.map((m) => m.module)).toEqual(['notes', 'todo']);
  });

  it('tools: figures beside the previous period of the same length, failures first, latest errors linked to their tick', async () => {
    const list = adminToolList.parse(await json('/api/v1/admin/tools?days=7'));
    expect(list.tools.map((t) => t.toolName)).toEqual(['todo_complete', 'todo_create']);
    const [complete, create] = list.tools;
    expect(complete).toMatchObject({ module: 'todo', calls: 1, errors: 1, errorRate: 1, p50LatencyMs: 30, previous: { calls: 0, errorRate: null } });
    expect(complete.lastErrors).toEqual([expect.objectContaining({ tickId: 't-today', personaId: 'p-anna', personaName: 'p-anna', message: 'No todo with that id' })]);
    expect(create).toMatchObject({ calls: 2, errors: 0, errorRate: 0, previous: { calls: 1, errors: 1, errorRate: 1, p50LatencyMs: 40 } });
    const quarter = adminToolList.parse(await json('/api/v1/admin/tools?days=90'));
    expect(quarter.tools.map((t) => t.toolName).sort()).toEqual(['notes_search', 'todo_complete', 'todo_create']);
  });

  it('one tool: trend per day and its errors in the window; unknown names are 404, malformed ones 400', async () => {
    const week = adminToolDetail.parse(await json('/api/v1/admin/tools/todo_create?days=7'));
    expect(week.tool).toMatchObject({ toolName: 'todo_create', module: 'todo', calls: 2 });
    expect(week.description).toBeTruthy();
    expect(week.series).toHaveLength(8);
    expect(point(week.series, 3 * DAY)).toMatchObject({ calls: 1, errors: 0 });
    expect(week.errors).toEqual([]);
    const month = adminToolDetail.parse(await json('/api/v1/admin/tools/todo_create?days=30'));
    expect(month.errors.map((e) => [e.tickId, e.message])).toEqual([['t-10d', 'boom old']]);

    const unused = adminToolDetail.parse(await json('/api/v1/admin/tools/todo_reopen'));
    expect(unused.tool).toMatchObject({ calls: 0, errorRate: null, lastErrors: [] });
    expect((await get('/api/v1/admin/tools/no_such_tool')).status).toBe(404);
    expect((await get('/api/v1/admin/tools/bad%20name')).status).toBe(400);
  });

  it('one module: rating and trend, all its tools, notes with complaints first; unknown modules are 404', async () => {
    const todo = adminModuleDetail.parse(await json('/api/v1/admin/modules/todo?days=7'));
    expect(todo).toMatchObject({ module: 'todo', title: expect.any(String), averageRating: 3, ratings: 2, parseErrors: 0 });
    expect(point(todo.series, HOUR)).toMatchObject({ averageRating: 2, ratings: 1 });
    expect(todo.notes.map((n) => [n.rating, n.tickId, n.notes])).toEqual([
      [2, 't-today', 'Abhaken ging schief'],
      [4, 't-3d', 'ok so'],
    ]);
    expect(todo.tools.slice(0, 2).map((t) => t.toolName)).toEqual(['todo_complete', 'todo_create']);
    expect(todo.tools.map((t) => t.toolName).sort()).toEqual(['todo_complete', 'todo_create', 'todo_delete', 'todo_list', 'todo_reopen', 'todo_update']);

    const notes = adminModuleDetail.parse(await json('/api/v1/admin/modules/notes?days=7'));
    expect(notes).toMatchObject({ averageRating: null, ratings: 0, parseErrors: 1, notes: [] });
    expect((await get('/api/v1/admin/modules/no-such-module')).status).toBe(404);
  });

  it("one persona's ratings per module and day; unknown personas are 404", async () => {
    const month = adminPersonaRatings.parse(await json('/api/v1/admin/personas/p-anna/ratings?days=30'));
    expect(month.modules.map((m) => m.module)).toEqual(['todo']);
    expect(month.modules[0].points.filter((p) => p.ratings > 0).map((p) => [p.day, p.averageRating])).toEqual([
      [dayOf(10 * DAY), 5],
      [dayOf(HOUR), 2],
    ]);
    expect(month.notes.map((n) => n.rating)).toEqual([2, 5]);
    const ben = adminPersonaRatings.parse(await json('/api/v1/admin/personas/p-ben/ratings?days=7'));
    expect(ben.modules[0].points.filter((p) => p.ratings > 0)).toHaveLength(1);
    expect((await get('/api/v1/admin/personas/nobody/ratings')).status).toBe(404);
  });

  it('personas: paged and searchable by name, e-mail or archetype (LIKE wildcards are literal)', async () => {
    const list = async (qs: string) => adminPersonaListResponse.parse(await json(`/api/v1/admin/personas?${qs}`));
    expect((await list('q=ANN')).personas.map((p) => p.userId)).toEqual(['p-anna']);
    expect((await list('q=ANN')).total).toBe(1);
    expect((await list('q=fixture.test')).total).toBe(2);
    expect((await list('q=%25')).total).toBe(0);
    expect((await list('q=p_')).total).toBe(0);
    const second = await list('limit=1&offset=1');
    expect(second).toMatchObject({ total: 2 });
    expect(second.personas.map((p) => p.userId)).toEqual(['p-ben']);
    expect((await get(`/api/v1/admin/personas?q=${'x'.repeat(101)}`)).status).toBe(400);
  });
});
