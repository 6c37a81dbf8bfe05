import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorBody } from '@mana/contracts';
import { createApp } from './app';
import { loadAuthConfig } from './config';
import { createAuthHarness, type AuthHarness } from './testing/harness';

let h: AuthHarness;
beforeAll(async () => {
  h = await createAuthHarness();
});
afterAll(async () => {
  await h?.close();
});

const TABLES = ['users', 'accounts', 'sessions', 'organizations', 'members'] as const;

/** Row counts of every table a sign-up or login writes to. */
async function rowCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) counts[table] = Number((await h.database.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0]?.n);
  return counts;
}

async function expectJsonError(res: Response, status: number, code: string): Promise<string> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  const body = errorBody.parse(await res.json());
  expect(body.error.code).toBe(code);
  return body.error.message;
}

const post = (path: string, body: string) => h.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
const ENDPOINTS = ['/api/v1/auth/login', '/api/auth/sign-up/email', '/api/auth/sign-in/email'];

describe('mana-auth app', () => {
  it('answers GET /health', async () => {
    const res = await h.request('/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', service: 'mana-auth' });
  });

  it("serves the scheduled report's counters on GET /metrics (Prometheus text)", async () => {
    const res = await h.request('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toContain('# TYPE mana_report_runs_total counter');
    expect(text).toContain('# TYPE mana_report_webhook_deliveries_total counter');
  });

  it('with METRICS_TOKEN serves /metrics to the bearer token only (issue 24 §4)', async () => {
    const token = 'auth-scrape-secret-0123456789';
    const app = createApp({ ...h.ctx, config: { ...h.config, metricsToken: token } });
    await expectJsonError(await app.request('/metrics'), 401, 'UNAUTHORIZED');
    await expectJsonError(await app.request('/metrics', { headers: { authorization: `Bearer ${token}-` } }), 401, 'UNAUTHORIZED');
    const scrape = await app.request('/metrics', { headers: { authorization: `Bearer ${token}` } });
    expect(scrape.status).toBe(200);
    expect(await scrape.text()).toContain('# TYPE mana_report_runs_total counter');
    expect(loadAuthConfig({ METRICS_TOKEN: token }).metricsToken).toBe(token);
  });

  it('answers unknown routes with 404 JSON, inside and outside Better Auth', async () => {
    await expectJsonError(await h.request('/nope'), 404, 'NOT_FOUND');
    await expectJsonError(await h.request('/api/auth/does-not-exist'), 404, 'NOT_FOUND');
    await expectJsonError(await h.request('/api/v1/auth/login'), 404, 'NOT_FOUND');
  });
});

describe('bad input writes nothing', () => {
  it.each(ENDPOINTS)('malformed JSON to %s -> 400 JSON', async (path) => {
    const before = await rowCounts();
    await expectJsonError(await post(path, '{"email": "a@mana.test", "password": '), 400, 'VALIDATION');
    expect(await rowCounts()).toEqual(before);
  });

  it.each(ENDPOINTS)('missing fields to %s -> 400 JSON', async (path) => {
    const before = await rowCounts();
    await expectJsonError(await post(path, JSON.stringify({ email: 'missing@mana.test' })), 400, 'VALIDATION');
    await expectJsonError(await post(path, '{}'), 400, 'VALIDATION');
    expect(await rowCounts()).toEqual(before);
  });

  it('sign-up with an empty or blank name -> 400 JSON, no user (issue 24 §5)', async () => {
    const before = await rowCounts();
    for (const [i, name] of ['', ' ', '\t\n'].entries()) {
      const message = await expectJsonError(
        await post('/api/auth/sign-up/email', JSON.stringify({ email: `nameless${i}@mana.test`, password: 'correct-horse-battery-staple', name })),
        400,
        'VALIDATION',
      );
      expect(message).toBe('name must not be empty');
    }
    expect(await rowCounts()).toEqual(before);
  });

  it.each(ENDPOINTS)('1 MB body to %s -> 413 JSON', async (path) => {
    const before = await rowCounts();
    const body = JSON.stringify({ email: 'big@mana.test', password: 'correct-horse-battery', name: 'x'.repeat(1024 * 1024) });
    await expectJsonError(await post(path, body), 413, 'PAYLOAD_TOO_LARGE');
    expect(await rowCounts()).toEqual(before);
  });

  it('3 MB body anywhere -> 413 JSON (global limit, checked before routing)', async () => {
    const before = await rowCounts();
    const body = JSON.stringify({ blob: 'y'.repeat(3 * 1024 * 1024) });
    for (const path of [...ENDPOINTS, '/api/v1/admin/personas', '/api/v1/internal/personas/due', '/nope']) {
      await expectJsonError(await post(path, body), 413, 'PAYLOAD_TOO_LARGE');
    }
    expect(await rowCounts()).toEqual(before);
  });

  it('a body without Content-Length is still counted and refused', async () => {
    const chunk = new TextEncoder().encode('z'.repeat(64 * 1024));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 4; i += 1) controller.enqueue(chunk);
        controller.close();
      },
    });
    const res = await h.app.request('/api/v1/auth/login', { method: 'POST', body: stream, headers: { 'content-type': 'application/json' }, duplex: 'half' } as RequestInit);
    await expectJsonError(res, 413, 'PAYLOAD_TOO_LARGE');
  });
});

describe('sign-up', () => {
  it('refuses a kind in the sign-up body (400, nothing written); a plain sign-up is human', async () => {
    const before = await rowCounts();
    const res = await h.request('/api/auth/sign-up/email', { json: { email: 'sneaky@mana.test', password: 'correct-horse-battery', name: 'S', kind: 'system' } });
    expect(res.status).toBe(400);
    expect(errorBody.parse(await res.json()).error.message).toMatch(/kind/);
    expect(await rowCounts()).toEqual(before);
    const { userId } = await h.signUp('plain.human@mana.test');
    const [row] = await h.database.query<{ kind: string }>('select kind from users where id = $1', [userId]);
    expect(row?.kind).toBe('human');
  });

  it('refuses changing kind afterwards through update-user', async () => {
    const { sessionToken, userId } = await h.signUp('climber@mana.test');
    const res = await h.request('/api/auth/update-user', { json: { kind: 'system' }, headers: { authorization: `Bearer ${sessionToken}` } });
    expect(res.status).toBe(400);
    expect(errorBody.parse(await res.json()).error.code).toBe('VALIDATION');
    const [row] = await h.database.query<{ kind: string }>('select kind from users where id = $1', [userId]);
    expect(row?.kind).toBe('human');
  });

  it('refuses a duplicate e-mail with a JSON error and no second user', async () => {
    await h.signUp('twice@mana.test');
    const before = await rowCounts();
    const res = await h.request('/api/auth/sign-up/email', { json: { email: 'TWICE@mana.test', password: 'correct-horse-battery', name: 'T' } });
    expect(res.status).toBe(422);
    expect(errorBody.parse(await res.json()).error.code).toBe('CONFLICT');
    expect(await rowCounts()).toEqual(before);
  });
});

describe('organization list with a bearer session token', () => {
  it('returns the personal space', async () => {
    const { userId, sessionToken } = await h.signUp('lister@mana.test');
    const res = await h.request('/api/auth/organization/list', { headers: { authorization: `Bearer ${sessionToken}` } });
    expect(res.status).toBe(200);
    const spaces = (await res.json()) as Array<{ id: string; slug: string; personalOwnerId: string | null }>;
    expect(spaces).toHaveLength(1);
    expect(spaces[0]).toMatchObject({ slug: 'lister', personalOwnerId: userId });
    const { personalSpaceId } = await h.login('lister@mana.test', 'correct-horse-battery-staple');
    expect(spaces[0]?.id).toBe(personalSpaceId);
  });

  it('answers 401 JSON without a valid token', async () => {
    await expectJsonError(await h.request('/api/auth/organization/list', { headers: { authorization: 'Bearer not-a-session' } }), 401, 'UNAUTHORIZED');
  });
});
