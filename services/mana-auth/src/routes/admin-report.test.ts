import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findingsResponse, report as reportContract } from '@mana/contracts';
import { claimDue, completeTick } from '@mana/persona-store';
import { insertPersonas } from '@mana/persona-store/testing';
import { createAuthHarness, type AuthHarness } from '../testing/harness';

let h: AuthHarness;
// Near the real time: Better Auth verifies the admin JWT against the wall clock.
const start = new Date();
let clock = start;
let adminToken: string;
const auth = (token = adminToken) => ({ authorization: `Bearer ${token}` });
const get = (path: string, token?: string) => h.request(path, { headers: auth(token) });
const hoursAgo = (hours: number) => new Date(start.getTime() - hours * 3_600_000);

/** One tick at `at` with `calls` calls of todo_list (through the real claim and completion verbs). */
async function tickAt(persona: string, at: Date, calls: number): Promise<void> {
  clock = at;
  const { claims } = await claimDue(h.ctx, { runnerId: 'r', limit: 10, leaseMs: 600_000 });
  const claim = claims.find((c) => c.persona.userId === persona)!;
  await completeTick(h.ctx, claim.tickId, {
    runnerId: 'r',
    status: 'succeeded',
    actions: Array.from({ length: calls }, (_, i) => ({ tickId: claim.tickId, callId: `c${i}`, toolName: 'todo_list', inputHash: 'h', result: 'ok' as const, latencyMs: 5 })),
    feedback: [{ tickId: claim.tickId, module: 'todo', rating: 4, status: 'rated' }],
    usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 },
    driver: 'test',
  });
  clock = start;
}

beforeAll(async () => {
  h = await createAuthHarness({ now: () => clock });
  adminToken = (await h.admin()).accessToken;
  await insertPersonas(h.database, [{ id: 'hourly-a', cadence: 'hourly', timeZone: 'UTC', moduleMix: { todo: 1 } }]);
  await tickAt('hourly-a', hoursAgo(30), 2);
  await tickAt('hourly-a', hoursAgo(10), 3);
  await tickAt('hourly-a', hoursAgo(2), 4);
});
afterAll(async () => h?.close());

describe('GET /api/v1/admin/report', () => {
  it('is for admins only', async () => {
    expect((await h.request('/api/v1/admin/report')).status).toBe(401);
    const human = await h.signUp('report.human@mana.test');
    const token = (await h.login('report.human@mana.test', human.password)).accessToken;
    expect((await get('/api/v1/admin/report', token)).status).toBe(403);
    expect((await get('/api/v1/admin/findings', token)).status).toBe(403);
  });

  it('compares the period with the previous one of the same length', async () => {
    const res = await get('/api/v1/admin/report?since=1d');
    expect(res.status).toBe(200);
    const report = reportContract.parse(await res.json());
    expect(new Date(report.period.until).getTime()).toBe(start.getTime());
    expect(report.period.since).toBe(hoursAgo(24).toISOString());
    expect(report.previous).toEqual({ since: hoursAgo(48).toISOString(), until: hoursAgo(24).toISOString() });
    expect(report.tools).toEqual([expect.objectContaining({ name: 'todo_list', module: 'todo', calls: 7, prevCalls: 2, latencySource: 'client', p50Ms: expect.closeTo(5, 1) })]);
    expect(report.modules).toEqual([expect.objectContaining({ name: 'todo', ratings: 2, prevRatings: 1, avgRating: 4 })]);
  });

  it('takes instants for both ends and answers Markdown on request', async () => {
    const since = hoursAgo(12).toISOString();
    const until = hoursAgo(6).toISOString();
    const report = reportContract.parse(await (await get(`/api/v1/admin/report?since=${since}&until=${until}`)).json());
    expect(report.period).toEqual({ since, until });
    expect(report.tools[0]).toMatchObject({ calls: 3, prevCalls: 0 });
    const md = await get('/api/v1/admin/report?since=7d&format=md');
    expect(md.headers.get('content-type')).toMatch(/text\/markdown/);
    expect(await md.text()).toMatch(/^# No findings\n[\s\S]*\| todo_list \| todo \| 9 \|/);
  });

  it.each([
    ['since=7x', /since expected a length such as 7d/],
    ['since=0d', /since expected a length/],
    ['until=yesterday', /until expected "now" or an ISO 8601 instant/],
    ['since=2030-01-01T00:00:00Z', /since \(2030-01-01T00:00:00.000Z\) must be before until/],
    ['since=400d', /longer than 366 days/],
    ['format=pdf', /format/],
  ])('refuses %s with a clear 400', async (query, message) => {
    const res = await get(`/api/v1/admin/report?${query}`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('VALIDATION');
    expect(body.error.message).toMatch(message);
  });
});

describe('GET /api/v1/admin/findings', () => {
  it('lists stored findings (none yet) and validates the status', async () => {
    const res = await get('/api/v1/admin/findings?status=open');
    expect(findingsResponse.parse(await res.json())).toEqual({ findings: [] });
    const bad = await get('/api/v1/admin/findings?status=maybe');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/status/);
  });
});
