import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyText, contentType, encodeSegment, nastyString } from '@mana/core/testing/fuzz';
import { manaRegistry } from '@mana/tools';
import { rawDayRecord, RECORD_TEST_AT } from '@mana/contracts/testing';
import { insertPersonas } from '@mana/persona-store/testing';
import { createAuthHarness, type AuthHarness } from '../testing/harness';

/**
 * Issue 10 §2.4 and issue 24 §1: property-based fuzzing (fast-check, fixed
 * seed) of the internal, admin, login, sign-up, sign-in and refresh endpoints
 * with generated bodies (any one string at any depth replaced by NUL, lone
 * surrogates, emoji cut in half or nesting up to 10,000 levels), headers,
 * path ids and query strings. Every answer is below 500, and a refused
 * request (4xx) writes no row. Reproduce a failure with the printed seed and path.
 */
const SEED = 20261201;
const RUNS = 150;
const internal = '/api/v1/internal/personas';
const tool = manaRegistry.tools()[0]!;
let h: AuthHarness;
let adminToken: string;
let tickId: string;
let personaId: string;
let cases = 0;

beforeAll(async () => {
  h = await createAuthHarness({ config: { signUpsPerHour: 100_000 } });
  adminToken = (await h.admin()).accessToken;
  await insertPersonas(h.database, [{ id: 'fuzz-anna', cadence: 'hourly', timeZone: 'UTC' }]);
  const claimed = await h.request(`${internal}/claim`, { json: { runnerId: 'fuzz', limit: 1, leaseMs: 600_000 }, headers: { 'x-service-key': h.config.serviceKey } });
  const body = (await claimed.json()) as { claims: { tickId: string; persona: { userId: string } }[] };
  tickId = body.claims[0]!.tickId;
  personaId = body.claims[0]!.persona.userId;
}, 300_000);
afterAll(async () => {
  process.stdout.write(`fuzz: ${cases} generated requests against mana-auth, seed ${SEED}\n`);
  await h?.close();
});

const rows = async () =>
  JSON.stringify(
    await h.database.query(
      `select (select count(*) from persona_ticks) t, (select count(*) from persona_actions) a, (select count(*) from persona_feedback) f,
              (select count(*) from personas) p, (select count(*) from users) u, (select count(*) from sessions) s,
              (select string_agg(coalesce(lease_owner, '') || status || attempt, ',' order by id) from persona_ticks) l`,
    ),
  );

/** The fuzzed tick open again, as claimed, with nothing reported yet. */
async function reopenTick(): Promise<void> {
  for (const table of ['persona_tick_records', 'persona_feedback', 'persona_actions']) await h.database.query(`delete from ${table} where tick_id = $1`, [tickId]);
  await h.database.query(
    `update persona_ticks set status = 'claimed', attempt = 1, lease_owner = 'fuzz', lease_expires_at = now() + interval '1 hour', next_attempt_at = null, finished_at = null, error = null, record_error = null where id = $1`,
    [tickId],
  );
}

const pathSegment = fc.oneof(fc.constant('{real}'), nastyString.map(encodeSegment), fc.constantFrom('%00', '%ZZ', '%ED%A0%80', '..', '%2F'));

async function expectSafe(method: string, path: string, init: { body?: string; headers: Record<string, string | undefined> }): Promise<number> {
  cases += 1;
  const before = await rows();
  const headers = Object.fromEntries(Object.entries(init.headers).filter((e): e is [string, string] => e[1] !== undefined));
  const res = await h.request(path, { method, headers, body: init.body });
  await res.arrayBuffer();
  expect(res.status, `${method} ${path} ${init.body?.slice(0, 200)}`).toBeLessThan(500);
  if (res.status >= 400) expect(await rows(), `${method} ${path} wrote rows while refused (${res.status})`).toBe(before);
  return res.status;
}

const run = <T extends unknown[]>(property: fc.IAsyncProperty<T>) => fc.assert(property, { seed: SEED, numRuns: RUNS, endOnFailure: true });
const key = () => fc.constantFrom<string | undefined>(h.config.serviceKey, h.config.serviceKey, h.config.serviceKey, undefined, 'wrong', `${h.config.serviceKey} `);
const resolve = (segment: string, real: () => string) => (segment === '{real}' ? encodeURIComponent(real()) : segment);

describe('fuzzing mana-auth (fast-check, seeded)', () => {
  it('internal API: claim, heartbeat, actions, feedback, complete, due', async () => {
    const action = { tickId: '{tick}', callId: 'c1', toolName: tool.name, inputHash: 'h', result: 'ok', latencyMs: 3 };
    const feedback = { tickId: '{tick}', module: tool.module, rating: 3, notes: 'ok' };
    const at = RECORD_TEST_AT;
    const record = rawDayRecord([
      { type: 'message', at, kind: 'say', text: 'Aufgaben ansehen' },
      { type: 'call', at, callId: 'c1', toolName: tool.name, module: tool.module, arguments: { title: 'Zahnarzt', tags: ['a'] }, result: 'ok', output: '{"id":"t1"}' },
      { type: 'rating', at, answer: '{"ratings":[]}' },
    ]);
    const complete = {
      status: 'succeeded',
      usage: { inputTokens: 1, outputTokens: 1, costUsd: 0 },
      driver: 'offline',
      model: 'offline-policy-v1',
      error: 'x',
      actions: [{ ...action, errorMessage: 'boom' }],
      feedback: [feedback],
      record,
    };
    const withTick = (text: string) => text.replaceAll('{tick}', tickId);
    const endpoints: [string, Record<string, unknown>][] = [
      ['/claim', { runnerId: 'r', limit: 1, leaseMs: 60_000 }],
      ['/ticks/{id}/heartbeat', { runnerId: 'fuzz', leaseMs: 60_000 }],
      ['/{persona}/actions', { actions: [action] }],
      ['/{persona}/feedback', { feedback: [feedback] }],
      ['/ticks/{id}/complete', complete],
    ];
    let completed = 0;
    for (const [template, valid] of endpoints) {
      await run(
        fc.asyncProperty(bodyText(valid), contentType, key(), pathSegment, async (text, type, serviceKey, segment) => {
          // Each completion finds the tick open, so that what it carries is written (a finished tick answers without writing).
          if (template.endsWith('/complete')) await reopenTick();
          const path =
            internal +
            template
              .replace(
                '{id}',
                resolve(segment, () => tickId),
              )
              .replace(
                '{persona}',
                resolve(segment, () => personaId),
              );
          const status = await expectSafe('POST', path, { body: withTick(text), headers: { 'content-type': type, 'x-service-key': serviceKey } });
          if (template.endsWith('/complete') && status === 200) completed += 1;
        }),
      );
    }
    // The generated completions reach the write path (odd text in a stored record, notes and error messages), not only the refusals.
    expect(completed).toBeGreaterThan(0);
    await run(
      fc.asyncProperty(fc.dictionary(nastyString, nastyString, { maxKeys: 3 }), key(), async (query, serviceKey) => {
        await expectSafe('GET', `${internal}/due?${new URLSearchParams(query).toString()}`, { headers: { 'x-service-key': serviceKey } });
      }),
    );
  }, 900_000);

  it('admin API: upsert, list, detail, delete', async () => {
    const persona = {
      name: 'Fuzz',
      email: 'persona.fuzz@mana.test',
      archetype: 'fuzzer',
      systemPrompt: 'Du bist eine Persona, die nur seltsame Eingaben macht, um Fehler zu finden.',
      moduleMix: { [tool.module]: 1 },
      tickCadence: 'daily',
      timeZone: 'UTC',
      locale: 'de-DE',
    };
    const auth = fc.constantFrom<string | undefined>(`Bearer ${adminToken}`, `Bearer ${adminToken}`, undefined, 'Bearer x.y.z', `Basic ${adminToken}`);
    await run(
      fc.asyncProperty(bodyText(persona), contentType, auth, async (text, type, authorization) => {
        await expectSafe('PUT', '/api/v1/admin/personas', { body: text, headers: { 'content-type': type, authorization } });
      }),
    );
    await run(
      fc.asyncProperty(
        fc.dictionary(nastyString, nastyString, { maxKeys: 3 }),
        pathSegment,
        fc.constantFrom('GET', 'DELETE'),
        auth,
        async (query, segment, method, authorization) => {
          await expectSafe('GET', `/api/v1/admin/personas?${new URLSearchParams(query).toString()}`, { headers: { authorization } });
          // DELETE of the real persona would be an accepted request; fuzz ids that do not exist.
          const id = segment === '{real}' ? 'no-such-persona' : segment;
          await expectSafe(method, `/api/v1/admin/personas/${id}`, { headers: { authorization } });
        },
      ),
    );
  }, 900_000);

  it('login, sign-in, sign-up and refresh: bodies, content types and origins', async () => {
    const origin = fc.constantFrom<string | undefined>(undefined, 'http://mana-auth.test', 'https://evil.example', 'null', h.config.baseUrl);
    const credentials = { email: 'nobody@mana.test', password: 'wrong-password' };
    const endpoints: [string, Record<string, unknown>][] = [
      ['/api/v1/auth/login', credentials],
      ['/api/auth/sign-in/email', credentials],
      ['/api/auth/sign-up/email', { email: 'fuzz.signup@mana.test', password: 'correct-horse-battery-staple', name: 'Fuzz' }],
      ['/api/v1/auth/refresh', { refreshToken: 'Zq8rT2mKx9LpW4vN7bC1dF6gH3jS5aE0' }],
    ];
    for (const [path, valid] of endpoints) {
      await run(
        fc.asyncProperty(bodyText(valid), contentType, origin, async (text, type, o) => {
          await expectSafe('POST', path, { body: text, headers: { 'content-type': type, origin: o } });
        }),
      );
    }
  }, 900_000);
});
