import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminPersonaDetail, adminPersonaListResponse, adminPersonaUpsertResponse, type PersonaDefinition } from '@mana/contracts';
import { derivePersonaPassword } from '@mana/core';
import { manaRegistry } from '@mana/tools';
import { claimDue, completeTick } from '@mana/persona-store';
import { createAuthHarness, type AuthHarness } from '../testing/harness';

let h: AuthHarness;
// Near the real time: Better Auth verifies the admin JWT against the wall clock.
const start = new Date();
let clock = start;
let adminToken: string;
const base = '/api/v1/admin/personas';
const [modA, modB, modC] = manaRegistry.moduleIds();
const toolOfA = manaRegistry.tools().find((t) => t.module === modA)!;

const lena: PersonaDefinition = {
  name: 'Lena',
  email: 'persona.lena@mana.test',
  archetype: 'ceo-busy',
  systemPrompt: 'Du bist Lena, 44, Geschäftsführerin einer Agentur in Hamburg, und hast nie Zeit.',
  moduleMix: { [modA]: 3, [modB]: 1 },
  tickCadence: 'daily',
  timeZone: 'Europe/Berlin',
  locale: 'de-DE',
};

beforeAll(async () => {
  h = await createAuthHarness({ now: () => clock });
  adminToken = (await h.admin()).accessToken;
});
afterAll(async () => h?.close());

const auth = (token = adminToken) => ({ authorization: `Bearer ${token}` });
const put = (json: unknown, token?: string) => h.request(base, { method: 'PUT', json, headers: auth(token) });
const get = (path = '') => h.request(`${base}${path}`, { headers: auth() });
const count = async (sql: string) => (await h.database.query<{ n: number }>(`select count(*)::int as n ${sql}`))[0].n;

describe('admin persona API', () => {
  it('is for admins only', async () => {
    expect((await h.request(base)).status).toBe(401);
    const human = await h.signUp('human.one@mana.test');
    const humanToken = (await h.login('human.one@mana.test', human.password)).accessToken;
    expect((await put(lena, humanToken)).status).toBe(403);
    expect(await count(`from personas`)).toBe(0);
  });

  it('creates a persona as a real user (personal space, derived password) and updates it idempotently', async () => {
    const created = adminPersonaUpsertResponse.parse(await (await put(lena)).json());
    expect(created).toMatchObject({ email: lena.email, created: true });
    const [user] = await h.database.query(`select kind, email_verified from users where id = $1`, [created.userId]);
    expect(user).toEqual({ kind: 'persona', email_verified: true });
    expect(await count(`from organizations where personal_owner_id = '${created.userId}'`)).toBe(1);
    const login = await h.login(lena.email, derivePersonaPassword(h.config.personaSeedSecret, lena.email));
    expect(login.user).toMatchObject({ id: created.userId, kind: 'persona' });

    const again = adminPersonaUpsertResponse.parse(await (await put({ ...lena, tickCadence: 'weekdays' })).json());
    expect(again).toEqual({ ...created, created: false });
    expect(await count(`from users where email = '${lena.email}'`)).toBe(1);
    expect(await count(`from organizations where personal_owner_id = '${created.userId}'`)).toBe(1);
    const [row] = await h.database.query(`select tick_cadence from personas where user_id = $1`, [created.userId]);
    expect(row).toEqual({ tick_cadence: 'weekdays' });
  });

  it('refuses unknown modules (400 naming them) and e-mails of humans (409), writing nothing', async () => {
    const users = await count('from users');
    const bad = await put({ ...lena, email: 'persona.bad@mana.test', moduleMix: { 'no-such-module': 1 } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain('no-such-module');
    const invalid = await put({ ...lena, email: 'persona.worse@mana.test', tickCadence: 'monthly', timeZone: 'Mars/Olympus' });
    expect(invalid.status).toBe(400);
    const message = ((await invalid.json()) as { error: { message: string } }).error.message;
    expect(message).toContain('tickCadence');
    expect(message).toContain('timeZone');
    expect((await put({ ...lena, email: 'human.one@mana.test' })).status).toBe(409);
    expect(await count('from users')).toBe(users);
    const [human] = await h.database.query(`select kind from users where email = 'human.one@mana.test'`);
    expect(human).toEqual({ kind: 'human' });
  });

  it('refuses an empty or blank name with 400, writing nothing (issue 24 §5: sign-up took an empty name)', async () => {
    const users = await count('from users');
    for (const name of ['', '   ', '\t']) {
      const res = await put({ ...lena, email: 'persona.nameless@mana.test', name });
      expect(res.status, JSON.stringify(name)).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain('name');
    }
    expect(await count('from users')).toBe(users);
  });

  it('lists 7-day action counts and real averages (rated rows only), and shows per-module detail', async () => {
    const { userId } = adminPersonaUpsertResponse.parse(await (await put({ ...lena, email: 'persona.sofia@mana.test', name: 'Sofia', tickCadence: 'daily' })).json());
    const deps = { database: h.database, registry: manaRegistry, now: () => clock };
    const day = async (actions: number, feedback: { module: string; rating?: number; status?: 'parse_error' }[]) => {
      const { claims } = await claimDue(deps, { runnerId: 'r', limit: 10, leaseMs: 60_000 });
      const tick = claims.find((c) => c.persona.userId === userId)!;
      for (const other of claims.filter((c) => c !== tick)) {
        await completeTick(deps, other.tickId, { status: 'succeeded', usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 }, driver: 'offline' });
      }
      await completeTick(deps, tick.tickId, {
        status: 'succeeded',
        actions: Array.from({ length: actions }, (_, i) => ({ tickId: tick.tickId, callId: `c${i}`, toolName: toolOfA.name, inputHash: 'h', result: 'ok' as const })),
        feedback: feedback.map((f) => ({ tickId: tick.tickId, module: f.module, rating: f.rating, status: f.status ?? 'rated', notes: f.status ? 'kein JSON' : undefined })),
        usage: { inputTokens: 1, outputTokens: 1, costUsd: 0 },
        driver: 'offline',
      });
    };
    await day(2, [{ module: modA, rating: 2 }]);
    clock = new Date(start.getTime() + 8 * 86_400_000); // eight days later: the first day drops out of the 7-day window
    await day(3, [
      { module: modA, rating: 4 },
      { module: modB, rating: 5 },
      { module: modC, status: 'parse_error' },
    ]);

    const list = adminPersonaListResponse.parse(await (await get()).json());
    const sofia = list.personas.find((p) => p.userId === userId)!;
    expect(sofia).toMatchObject({ actions7d: 3, averageRating7d: 4.5, ratings7d: 2, lastTickStatus: 'succeeded' });

    const detail = adminPersonaDetail.parse(await (await get(`/${userId}`)).json());
    expect(detail.actions).toHaveLength(5);
    expect(detail.ticks.map((t) => t.status)).toEqual(['succeeded', 'succeeded']);
    expect(detail.modules).toEqual(
      expect.arrayContaining([
        { module: modA, averageRating: 3, ratings: 2, parseErrors: 0 },
        { module: modB, averageRating: 5, ratings: 1, parseErrors: 0 },
        { module: modC, averageRating: null, ratings: 0, parseErrors: 1 },
      ]),
    );
    expect((await get('/nobody')).status).toBe(404);
  });

  it('deletes persona users only, with all their rows', async () => {
    const { userId } = adminPersonaUpsertResponse.parse(await (await put({ ...lena, email: 'persona.tom@mana.test', name: 'Tom' })).json());
    const [human] = await h.database.query<{ id: string }>(`select id from users where email = 'human.one@mana.test'`);
    expect((await h.request(`${base}/${human.id}`, { method: 'DELETE', headers: auth() })).status).toBe(404);
    const [sofia] = await h.database.query<{ id: string }>(`select id from users where email = 'persona.sofia@mana.test'`);
    expect((await h.request(`${base}/${sofia.id}`, { method: 'DELETE', headers: auth() })).status).toBe(200);
    for (const table of ['personas', 'persona_ticks', 'persona_actions', 'persona_feedback']) {
      expect(await count(`from ${table} where ${table === 'personas' ? 'user_id' : 'persona_id'} = '${sofia.id}'`)).toBe(0);
    }
    expect(await count(`from users where id = '${sofia.id}'`)).toBe(0);
    expect(await count(`from organizations where personal_owner_id = '${sofia.id}'`)).toBe(0);
    expect(await count(`from users where id in ('${userId}', '${human.id}')`)).toBe(2);
  });
});
