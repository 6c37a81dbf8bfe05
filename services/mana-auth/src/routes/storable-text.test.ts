import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimResponse } from '@mana/contracts';
import { manaRegistry } from '@mana/tools';
import { insertPersonas } from '../personas/test-fixtures';
import { createAuthHarness, type AuthHarness } from '../testing/harness';

/**
 * Regression (issue 10 §3): a NUL (`\u0000`, `%00` in a path id) or a lone
 * UTF-16 surrogate in any string of the internal or admin API reached
 * PostgreSQL and answered 500. The contracts refuse them first: 400
 * VALIDATION, and no row is written.
 */
let h: AuthHarness;
let adminToken: string;
let tickId: string;
let personaId: string;
const internal = '/api/v1/internal/personas';
const tool = manaRegistry.tools()[0];
const BAD = ['\u0000', 'a\u0000b', '\ud800', 'x\udc00y', '\udfff\ud800'];

beforeAll(async () => {
  h = await createAuthHarness();
  adminToken = (await h.admin()).accessToken;
  await insertPersonas(h.database, [{ id: 'nul-anna', cadence: 'hourly', timeZone: 'UTC' }]);
  const res = await post('/claim', { runnerId: 'setup', limit: 1, leaseMs: 60_000 });
  const [claim] = claimResponse.parse(await res.json()).claims;
  tickId = claim.tickId;
  personaId = claim.persona.userId;
});
afterAll(async () => h?.close());

const post = (path: string, json: unknown) => h.request(`${internal}${path}`, { json, headers: { 'x-service-key': h.config.serviceKey } });
const rowCounts = async () =>
  h.database.query(
    `select (select count(*)::int from persona_ticks) as ticks, (select count(*)::int from persona_actions) as actions,
            (select count(*)::int from persona_feedback) as feedback, (select count(*)::int from personas) as personas,
            (select count(*)::int from users) as users, (select max(lease_owner) from persona_ticks) as owner`,
  );

async function expect400(res: Response, what: string): Promise<void> {
  expect(res.status, `${what}: ${res.status}`).toBe(400);
  expect(await res.json(), what).toMatchObject({ error: { code: 'VALIDATION', message: expect.stringMatching(/NUL characters or lone UTF-16 surrogates/) } });
}

describe('strings PostgreSQL cannot store', () => {
  it('internal API: every string field and path id answers 400 and writes nothing', async () => {
    const before = await rowCounts();
    const action = { tickId, callId: 'c1', toolName: tool.name, inputHash: 'h1', result: 'error', errorMessage: 'boom' };
    const feedback = { tickId, module: tool.module, rating: 4, notes: 'fine' };
    const usage = { inputTokens: 1, outputTokens: 1, costUsd: 0 };
    for (const s of BAD) {
      await expect400(await post('/claim', { runnerId: `r${s}`, limit: 1, leaseMs: 60_000 }), 'claim runnerId');
      await expect400(await post(`/ticks/${tickId}/heartbeat`, { runnerId: s, leaseMs: 60_000 }), 'heartbeat runnerId');
      for (const field of ['tickId', 'callId', 'inputHash', 'errorMessage'] as const) {
        await expect400(await post(`/${personaId}/actions`, { actions: [{ ...action, [field]: `v${s}` }] }), `action ${field}`);
      }
      await expect400(await post(`/${personaId}/feedback`, { feedback: [{ ...feedback, notes: s }] }), 'feedback notes');
      await expect400(await post(`/ticks/${tickId}/complete`, { status: 'failed', usage, driver: 'offline', error: s }), 'complete error');
      await expect400(await post(`/ticks/${tickId}/complete`, { status: 'succeeded', usage, driver: 'offline', actions: [{ ...action, callId: s }] }), 'complete action');
    }
    for (const id of ['%00', `${encodeURIComponent(tickId)}%00`, 'a%00b']) {
      await expect400(await post(`/ticks/${id}/heartbeat`, { runnerId: 'r', leaseMs: 60_000 }), `heartbeat path ${id}`);
      await expect400(await post(`/ticks/${id}/complete`, { status: 'failed', usage, driver: 'offline' }), `complete path ${id}`);
      await expect400(await post(`/${id}/actions`, { actions: [action] }), `actions path ${id}`);
      await expect400(await post(`/${id}/feedback`, { feedback: [feedback] }), `feedback path ${id}`);
    }
    expect(await rowCounts()).toEqual(before);
  });

  it('admin API: upsert name, detail and delete id answer 400 and write nothing', async () => {
    const before = await rowCounts();
    const auth = { authorization: `Bearer ${adminToken}` };
    const persona = {
      name: 'Nul',
      email: 'persona.nul@mana.test',
      archetype: 'tester',
      systemPrompt: 'Du bist eine Test-Persona, die seltsame Zeichen schreibt, und testest.',
      moduleMix: { [tool.module]: 1 },
      tickCadence: 'daily',
      timeZone: 'UTC',
      locale: 'de-DE',
    };
    for (const s of BAD) {
      await expect400(await h.request('/api/v1/admin/personas', { method: 'PUT', json: { ...persona, name: `N${s}` }, headers: auth }), 'upsert name');
      await expect400(await h.request('/api/v1/admin/personas', { method: 'PUT', json: { ...persona, systemPrompt: `${persona.systemPrompt}${s}` }, headers: auth }), 'upsert prompt');
    }
    for (const id of ['%00', 'nul-anna%00']) {
      await expect400(await h.request(`/api/v1/admin/personas/${id}`, { headers: auth }), `detail ${id}`);
      await expect400(await h.request(`/api/v1/admin/personas/${id}`, { method: 'DELETE', headers: auth }), `delete ${id}`);
    }
    expect(await rowCounts()).toEqual(before);
  });
});
