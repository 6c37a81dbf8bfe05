import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminPersonaTicksResponse, adminTickDetail, TICK_RECORD_VERSION, type TickRecord } from '@mana/contracts';
import { manaRegistry } from '@mana/tools';
import { claimDue, completeTick } from '@mana/persona-store';
import { insertPersonas } from '@mana/persona-store/testing';
import { createAuthHarness, type AuthHarness } from '../testing/harness';

let h: AuthHarness;
// Near the real time: Better Auth verifies the admin JWT against the wall clock.
const start = new Date();
let clock = start;
let adminToken: string;
const [modA, modB] = manaRegistry.moduleIds();
const toolA = manaRegistry.tools().find((t) => t.module === modA)!;
const toolB = manaRegistry.tools().find((t) => t.module === modB)!;
const usage = { inputTokens: 10, outputTokens: 5, costUsd: 0.001 };

beforeAll(async () => {
  h = await createAuthHarness({ now: () => clock });
  adminToken = (await h.admin()).accessToken;
  await insertPersonas(h.database, [{ id: 'tia', cadence: 'hourly', timeZone: 'UTC' }]);
});
afterAll(async () => h?.close());

const get = (path: string, token = adminToken) => h.request(path, { headers: { authorization: `Bearer ${token}` } });
const deps = () => ({ database: h.database, registry: manaRegistry, now: () => clock });

/** Plays one tick of tia: two calls of module A, one of B, a rating for each module. */
async function playTick(withRecord: boolean): Promise<string> {
  const [claim] = (await claimDue(deps(), { runnerId: 'r', limit: 1, leaseMs: 60_000 })).claims;
  const { tickId } = claim;
  const at = (s: number) => new Date(clock.getTime() - 60_000 + s * 1000).toISOString();
  const record: TickRecord = {
    version: TICK_RECORD_VERSION,
    driver: 'offline',
    model: 'offline-policy-v1',
    termination: 'completed',
    startedAt: at(0),
    endedAt: at(30),
    truncated: false,
    entries: [
      { type: 'message', at: at(0), kind: 'intent', text: 'Today: tasks.' },
      { type: 'call', at: at(1), callId: 'a1', toolName: toolA.name, module: modA, arguments: { q: 1 }, result: 'ok', output: '[]', latencyMs: 5 },
      { type: 'call', at: at(2), callId: 'b1', toolName: toolB.name, module: modB, arguments: {}, result: 'error', error: 'boom', latencyMs: 7 },
      { type: 'call', at: at(3), callId: 'a2', toolName: toolA.name, module: modA, arguments: { q: 2 }, result: 'ok', output: '[1]', latencyMs: 6 },
      { type: 'rating', at: at(30), answer: '{"ratings":[]}' },
    ],
  };
  await completeTick(deps(), tickId, {
    status: 'succeeded',
    usage,
    driver: 'offline',
    model: 'offline-policy-v1',
    actions: [
      { tickId, callId: 'a1', toolName: toolA.name, inputHash: 'h1', result: 'ok', latencyMs: 5, calledAt: at(1) },
      { tickId, callId: 'b1', toolName: toolB.name, inputHash: 'h2', result: 'error', errorMessage: 'boom', latencyMs: 7, calledAt: at(2) },
      { tickId, callId: 'a2', toolName: toolA.name, inputHash: 'h3', result: 'ok', latencyMs: 6, calledAt: at(3) },
    ],
    feedback: [
      { tickId, module: modA, rating: 4, notes: 'fine', status: 'rated' as const },
      { tickId, module: modB, rating: 2, notes: 'boom', status: 'rated' as const },
    ],
    ...(withRecord ? { record } : {}),
  });
  return tickId;
}

describe('admin tick API', () => {
  it('shows a tick with its actions in call order, ratings linked to the calls that ground them, and the record', async () => {
    const tickId = await playTick(true);
    const res = await get(`/api/v1/admin/ticks/${encodeURIComponent(tickId)}`);
    expect(res.status).toBe(200);
    const detail = adminTickDetail.parse(await res.json());
    expect(detail.tick).toMatchObject({
      id: tickId,
      personaId: 'tia',
      status: 'succeeded',
      attempt: 1,
      driver: 'offline',
      model: 'offline-policy-v1',
      inputTokens: 10,
      outputTokens: 5,
      costUsd: 0.001,
      error: null,
    });
    expect(detail.persona).toMatchObject({ userId: 'tia', archetype: 'fixture' });
    expect(detail.actions.map((a) => a.callId)).toEqual(['a1', 'b1', 'a2']);
    expect(new Set(detail.actions.map((a) => a.calledAt)).size).toBe(3);
    const byModule = new Map(detail.feedback.map((f) => [f.module, f]));
    expect(byModule.get(modA)).toMatchObject({ rating: 4, callIds: ['a1', 'a2'] });
    expect(byModule.get(modA)!.actionIds).toEqual(detail.actions.filter((a) => a.module === modA).map((a) => a.id));
    expect(byModule.get(modB)).toMatchObject({ rating: 2, callIds: ['b1'] });
    expect(detail.record?.entries.map((e) => e.type)).toEqual(['message', 'call', 'call', 'call', 'rating']);
    expect(detail.recordBytes).toBeGreaterThan(0);
  });

  it("pages a persona's ticks newest first, saying which keep a record", async () => {
    clock = new Date(start.getTime() + 3_600_000);
    const second = await playTick(false);
    const page = adminPersonaTicksResponse.parse(await (await get('/api/v1/admin/personas/tia/ticks?limit=1')).json());
    expect(page.total).toBe(2);
    expect(page.ticks).toHaveLength(1);
    expect(page.ticks[0]).toMatchObject({ id: second, actions: 3, errors: 1, ratings: 2, hasRecord: false });
    const next = adminPersonaTicksResponse.parse(await (await get('/api/v1/admin/personas/tia/ticks?limit=1&offset=1')).json());
    expect(next.ticks[0]).toMatchObject({ hasRecord: true });
    const detail = adminTickDetail.parse(await (await get(`/api/v1/admin/ticks/${encodeURIComponent(second)}`)).json());
    expect(detail.record).toBeNull();
  });

  it('is for admins only, answers 404 for an unknown tick or persona and 400 for a bad page', async () => {
    expect((await h.request('/api/v1/admin/ticks/x')).status).toBe(401);
    expect((await h.request('/api/v1/admin/personas/tia/ticks')).status).toBe(401);
    const human = await h.signUp('human.ticks@mana.test');
    const humanToken = (await h.login('human.ticks@mana.test', human.password)).accessToken;
    expect((await get('/api/v1/admin/ticks/x', humanToken)).status).toBe(403);
    expect((await get('/api/v1/admin/personas/tia/ticks', humanToken)).status).toBe(403);
    const missing = await get('/api/v1/admin/ticks/no-such-tick');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'No tick no-such-tick' } });
    expect((await get('/api/v1/admin/personas/nobody/ticks')).status).toBe(404);
    for (const query of ['limit=0', 'limit=201', 'offset=-1', 'limit=abc']) {
      const bad = await get(`/api/v1/admin/personas/tia/ticks?${query}`);
      expect(bad.status, query).toBe(400);
      expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('VALIDATION');
    }
  });
});
