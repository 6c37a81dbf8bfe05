import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionsResponse, claimResponse, completeResponse, dueResponse, feedbackResponse, heartbeatResponse } from '@mana/contracts';
import { manaRegistry } from '@mana/tools';
import { insertPersonas } from '@mana/persona-store/testing';
import { createAuthHarness, type AuthHarness } from '../testing/harness';

let h: AuthHarness;
const clock = new Date('2026-01-07T09:00:00Z');
const base = '/api/v1/internal/personas';
const tool = manaRegistry.tools()[0];

beforeAll(async () => {
  h = await createAuthHarness({ now: () => clock });
  await insertPersonas(h.database, [
    { id: 'anna', cadence: 'daily', timeZone: 'Europe/Berlin' },
    { id: 'ben', cadence: 'daily', timeZone: 'Europe/Berlin' },
  ]);
});
afterAll(async () => h?.close());

const key = () => ({ 'x-service-key': h.config.serviceKey });
const post = (path: string, json: unknown, headers: Record<string, string> = key()) => h.request(`${base}${path}`, { json, headers });
const count = async (table: string) => (await h.database.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0].n;

describe('internal persona API', () => {
  it('answers 401 JSON without or with a wrong service key, and writes nothing', async () => {
    const wrongKeys: Record<string, string>[] = [{}, { 'x-service-key': 'wrong' }, { 'x-service-key': `${h.config.serviceKey}x` }];
    for (const headers of wrongKeys) {
      const res = await post('/claim', { runnerId: 'r', limit: 5, leaseMs: 60_000 }, headers);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    }
    expect((await h.request(`${base}/due`)).status).toBe(401);
    expect(await count('persona_ticks')).toBe(0);
  });

  it('400 names the failing fields and writes nothing', async () => {
    const res = await post('/claim', { runnerId: '', limit: 0, leaseMs: 60_000 });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('VALIDATION');
    expect(body.error.message).toContain('runnerId');
    expect(body.error.message).toContain('limit');
    expect((await h.request(`${base}/due?limit=0`, { headers: key() })).status).toBe(400);
    expect(await count('persona_ticks')).toBe(0);
  });

  it('runs a whole tick over HTTP with the shared contracts', async () => {
    const due = dueResponse.parse(await (await h.request(`${base}/due?limit=10`, { headers: key() })).json());
    expect(due.personas.map((p) => p.userId).sort()).toEqual(['anna', 'ben']);
    expect(due.serverTime).toBe(clock.toISOString());

    const claimed = claimResponse.parse(await (await post('/claim', { runnerId: 'r1', limit: 1, leaseMs: 60_000 })).json());
    const [{ tickId, persona }] = claimed.claims;
    const other = persona.userId === 'anna' ? 'ben' : 'anna';

    const beat = await post(`/ticks/${tickId}/heartbeat`, { runnerId: 'r1', leaseMs: 120_000 });
    expect(heartbeatResponse.parse(await beat.json())).toEqual({ leaseExpiresAt: '2026-01-07T09:02:00.000Z' });

    const action = { tickId, callId: 'c1', toolName: tool.name, inputHash: 'h1', result: 'ok', latencyMs: 5 };
    expect(actionsResponse.parse(await (await post(`/${persona.userId}/actions`, { actions: [action] })).json())).toEqual({ inserted: 1 });
    expect((await post(`/${other}/actions`, { actions: [action] })).status).toBe(409);
    expect((await post(`/nobody/actions`, { actions: [action] })).status).toBe(404);

    const rating = { tickId, module: tool.module, rating: 4, notes: 'ok' };
    expect(feedbackResponse.parse(await (await post(`/${persona.userId}/feedback`, { feedback: [rating] })).json())).toEqual({ inserted: 1 });

    // A completion for another attempt than the tick's current one: 409, nothing written; attempt 0 is not an attempt: 400.
    const otherAttempt = {
      runnerId: 'r1',
      attempt: 2,
      status: 'failed',
      actions: [{ ...action, callId: 'c9' }],
      usage: { inputTokens: 1, outputTokens: 1, costUsd: 0 },
      driver: 'offline',
    };
    const stale = await post(`/ticks/${tickId}/complete`, otherAttempt);
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ error: { code: 'CONFLICT', message: `Tick ${tickId} is on attempt 1; this report is for attempt 2` } });
    expect((await post(`/ticks/${tickId}/complete`, { ...otherAttempt, attempt: 0 })).status).toBe(400);
    expect(await count('persona_actions')).toBe(1);

    const done = await post(`/ticks/${tickId}/complete`, {
      runnerId: 'r1',
      attempt: 1,
      status: 'succeeded',
      actions: [action, { ...action, callId: 'c2' }],
      usage: { inputTokens: 10, outputTokens: 5, costUsd: 0 },
      driver: 'offline',
    });
    expect(completeResponse.parse(await done.json())).toMatchObject({ status: 'succeeded', insertedActions: 1, insertedFeedback: 0 });
    expect(await count('persona_actions')).toBe(2);
  });

  it('over 500 actions is 413 and over 2 MB is refused, writing nothing', async () => {
    const [{ id: tickId }] = await h.database.query<{ id: string }>(`select id from persona_ticks limit 1`);
    const [{ persona_id: personaId }] = await h.database.query<{ persona_id: string }>(`select persona_id from persona_ticks limit 1`);
    const before = await count('persona_actions');
    const action = (i: number) => ({ tickId, callId: `big-${i}`, toolName: tool.name, inputHash: 'h', result: 'ok' });
    const tooMany = await post(`/${personaId}/actions`, { actions: Array.from({ length: 501 }, (_, i) => action(i)) });
    expect(tooMany.status).toBe(413);
    const huge = await post(`/${personaId}/actions`, { actions: [{ ...action(0), errorMessage: 'x'.repeat(2 * 1024 * 1024) }] });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
    const badRow = await post(`/${personaId}/actions`, { actions: [action(1), { ...action(2), result: 'maybe' }] });
    expect(badRow.status).toBe(400);
    expect(((await badRow.json()) as { error: { message: string } }).error.message).toContain('actions.1.result');
    expect(await count('persona_actions')).toBe(before);
  });

  it('numbers beyond what a tick can spend are refused and the sums stay readable (issue 24 §3: costUsd 1e308 made /spend, /admin/overview and /admin/series answer 500)', async () => {
    await insertPersonas(h.database, [{ id: 'cleo', cadence: 'hourly', timeZone: 'UTC' }]);
    const claimed = claimResponse.parse(await (await post('/claim', { runnerId: 'r-num', limit: 5, leaseMs: 60_000 })).json()).claims;
    const { tickId, persona } = claimed.find((c) => c.persona.email.includes('cleo'))!;
    const before = await h.database.query(`select status, cost_usd, input_tokens from persona_ticks where id = $1`, [tickId]);
    const usage = { inputTokens: 1, outputTokens: 1, costUsd: 0 };
    const absurd: Record<string, unknown>[] = [
      { usage: { ...usage, costUsd: 1e308 } },
      { usage: { ...usage, costUsd: 10_001 } },
      { usage: { ...usage, inputTokens: 2 ** 31 } },
      { usage: { ...usage, outputTokens: 1e12 } },
      { actions: [{ tickId, callId: 'n1', toolName: tool.name, inputHash: 'h', result: 'ok', latencyMs: 1e12 }] },
      { actions: [{ tickId, callId: 'n2', toolName: tool.name, inputHash: 'h', result: 'ok', handlerMs: 1e300 }] },
    ];
    for (const patch of absurd) {
      const res = await post(`/ticks/${tickId}/complete`, { status: 'succeeded', usage, driver: 'offline', ...patch });
      expect(res.status, JSON.stringify(patch)).toBe(400);
    }
    expect(await h.database.query(`select status, cost_usd, input_tokens from persona_ticks where id = $1`, [tickId])).toEqual(before);
    expect(await count(`persona_actions where persona_id = '${persona.userId}'`)).toBe(0);
    // The largest costs allowed, summed over every attempt, still add up.
    for (let i = 0; i < 3; i++) {
      const res = await post(`/ticks/${tickId}/complete`, { status: 'failed', usage: { inputTokens: 100_000_000, outputTokens: 100_000_000, costUsd: 10_000 }, driver: 'offline' });
      expect(res.status).toBeLessThan(500);
      await h.database.query(`update persona_ticks set status = 'claimed', lease_owner = null, attempt = attempt + 1 where id = $1`, [tickId]);
    }
    const spend = await h.request(`${base}/spend`, { headers: key() });
    expect(spend.status).toBe(200);
  });
});
