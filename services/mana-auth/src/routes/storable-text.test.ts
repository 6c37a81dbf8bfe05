import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimResponse } from '@mana/contracts';
import { manaRegistry } from '@mana/tools';
import { rawDayRecord, RECORD_TEST_AT } from '@mana/contracts/testing';
import { insertPersonas } from '@mana/persona-store/testing';
import { createAuthHarness, type AuthHarness } from '../testing/harness';

/**
 * Regression (issue 10 §3): a NUL (`\u0000`, `%00` in a path id) or a lone
 * UTF-16 surrogate in any string of the internal or admin API reached
 * PostgreSQL and answered 500. Ids and what people type (admin upsert) are
 * refused first: 400 VALIDATION, and no row is written. Free text a runner
 * reports (error messages, rating notes, the tick's error, the day's record)
 * is made storable instead (issue 24 §1): odd text never costs a tick.
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
  it('internal API: every id field and path id answers 400 and writes nothing', async () => {
    const before = await rowCounts();
    const action = { tickId, callId: 'c1', toolName: tool.name, inputHash: 'h1', result: 'error', errorMessage: 'boom' };
    const feedback = { tickId, module: tool.module, rating: 4, notes: 'fine' };
    const usage = { inputTokens: 1, outputTokens: 1, costUsd: 0 };
    for (const s of BAD) {
      await expect400(await post('/claim', { runnerId: `r${s}`, limit: 1, leaseMs: 60_000 }), 'claim runnerId');
      await expect400(await post(`/ticks/${tickId}/heartbeat`, { runnerId: s, leaseMs: 60_000 }), 'heartbeat runnerId');
      for (const field of ['tickId', 'callId', 'inputHash'] as const) {
        await expect400(await post(`/${personaId}/actions`, { actions: [{ ...action, [field]: `v${s}` }] }), `action ${field}`);
      }
      await expect400(await post(`/${personaId}/feedback`, { feedback: [{ ...feedback, module: `m${s}` }] }), 'feedback module');
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
      await expect400(
        await h.request('/api/v1/admin/personas', { method: 'PUT', json: { ...persona, systemPrompt: `${persona.systemPrompt}${s}` }, headers: auth }),
        'upsert prompt',
      );
    }
    for (const id of ['%00', 'nul-anna%00']) {
      await expect400(await h.request(`/api/v1/admin/personas/${id}`, { headers: auth }), `detail ${id}`);
      await expect400(await h.request(`/api/v1/admin/personas/${id}`, { method: 'DELETE', headers: auth }), `delete ${id}`);
    }
    expect(await rowCounts()).toEqual(before);
  });

  it("free text a runner reports is stored made valid, with the day's record; a body nested past 64 levels is a clear 400 (issue 24 §1)", async () => {
    const usage = { inputTokens: 1, outputTokens: 1, costUsd: 0 };
    const at = RECORD_TEST_AT;
    const emojiCut = '😀'.repeat(3000).slice(0, 1999); // what the runner's old cut sent: ends in half an emoji
    const nest = (depth: number): unknown => (depth === 0 ? 'leaf\u0000' : { a: nest(depth - 1) });
    const record = (args: unknown) =>
      rawDayRecord([
        { type: 'message', at, kind: 'say', text: 'Notizen\u0000 ansehen' },
        { type: 'call', at, callId: 'c-odd', toolName: tool.name, module: tool.module, arguments: args, result: 'ok', output: `${emojiCut}…` },
        { type: 'rating', at, answer: 'gut\udc00' },
      ]);
    const action = { tickId, callId: 'c-odd', toolName: tool.name, inputHash: 'h-odd', result: 'error', errorMessage: `boom\u0000${emojiCut}` };
    const feedback = [{ tickId, module: tool.module, rating: 2, notes: `meh \ud800 and \u0000`, status: 'rated' }];
    const before = await rowCounts();
    // JSON.stringify itself overflows the stack on 10,000 levels: the body is written as text.
    const deepBody = JSON.stringify({ status: 'succeeded', usage, driver: 'offline', actions: [action], feedback, record: record('DEEP') }).replace(
      '"DEEP"',
      `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`,
    );
    const tooDeep = await h.request(`${internal}/ticks/${tickId}/complete`, {
      method: 'POST',
      body: deepBody,
      headers: { 'x-service-key': h.config.serviceKey, 'content-type': 'application/json' },
    });
    expect(tooDeep.status).toBe(400);
    expect(await tooDeep.json()).toMatchObject({ error: { code: 'VALIDATION', message: expect.stringContaining('deeper than 64 levels') } });
    expect(await rowCounts()).toEqual(before);

    const res = await post(`/ticks/${tickId}/complete`, {
      status: 'succeeded',
      usage,
      driver: 'offline',
      error: 'odd \ud83d',
      actions: [action],
      feedback,
      record: record(nest(50)),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'succeeded', insertedActions: 1, insertedFeedback: 1 });
    const [row] = await h.database.query<{ error_message: string; notes: string; error: string; record_error: string | null; record: string }>(
      `select a.error_message, f.notes, t.error, t.record_error, r.record::text as record
         from persona_ticks t join persona_actions a on a.tick_id = t.id join persona_feedback f on f.tick_id = t.id join persona_tick_records r on r.tick_id = t.id
        where t.id = $1`,
      [tickId],
    );
    expect(row.error_message.startsWith('boom😀')).toBe(true);
    expect(row.notes).toBe('meh \ufffd and ');
    expect(row.error).toBe('odd \ufffd');
    expect(row.record_error).toBeNull();
    expect(row.record).toContain('[nested too deep]');
    expect(row.record).toContain('gut\ufffd');
    expect(row.record).not.toContain('leaf');
  });
});
