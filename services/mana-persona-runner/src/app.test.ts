import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@mana/core';
import { createDriver } from './drivers/create-driver';
import { createRunner } from './runner';
import { createScriptedDriver } from './testing/scripted-driver';
import { createRunnerStack, type RunnerStack } from './testing/stack';

let stack: RunnerStack;
const log = createLogger('runner-test', { level: 'silent' });
/** How a developer (or a test) starts a pass: `curl -X POST -H 'content-type: application/json' localhost:3070/diag/pass`. */
const DIAG_POST = { method: 'POST', headers: { 'content-type': 'application/json' } } as const;

beforeAll(async () => {
  stack = await createRunnerStack();
});
afterAll(async () => stack?.close());

describe('runner app', () => {
  it('with the offline driver: /diag/pass plays every seeded persona against the real mana-mcp; actions and ratings land in the database', async () => {
    const personas = await stack.seed(3);
    const config = stack.config({ PERSONA_CONCURRENCY: '2' });
    const runner = createRunner({ config, driver: await createDriver(config.driver, { log }), log });
    const before = await (await runner.app.request('/health')).json();
    expect(before).toMatchObject({ status: 'ok', paused: false, intervalMs: 60_000, concurrency: 2, inFlight: 0, lastPass: null, driver: { kind: 'offline' } });

    const res = await runner.app.request('/diag/pass', DIAG_POST);
    expect(res.status).toBe(200);
    const summary = await res.json();
    expect(summary).toMatchObject({ claimed: 3, succeeded: 3, failed: [] });

    const actions = await stack.database.query<{ persona_id: string; module: string; result: string }>(`select persona_id, module, result from persona_actions`);
    expect(new Set(actions.map((a) => a.persona_id))).toEqual(new Set(personas.map((p) => p.userId)));
    expect(actions.every((a) => a.module !== 'unknown')).toBe(true);
    const feedback = await stack.database.query<{ status: string; rating: number }>(`select status, rating from persona_feedback`);
    expect(feedback.length).toBeGreaterThanOrEqual(3);
    expect(feedback.filter((f) => f.status === 'rated').every((f) => f.rating >= 1 && f.rating <= 5)).toBe(true);
    const ticks = await stack.database.query<{ status: string; driver: string; model: string }>(`select status, driver, model from persona_ticks`);
    expect(ticks).toHaveLength(3);
    expect(ticks.every((t) => t.status === 'succeeded' && t.driver === 'offline' && t.model === 'offline-policy-v1')).toBe(true);

    const health = (await (await runner.app.request('/health')).json()) as { lastPass: unknown };
    expect(health.lastPass).toMatchObject({ claimed: 3, succeeded: 3, failed: [] });
    const metrics = await (await runner.app.request('/metrics')).text();
    expect(metrics).toContain('persona_runner_ticks_total{outcome="succeeded"} 3');
    expect(metrics).toMatch(/persona_runner_session_duration_seconds_count\{outcome="succeeded"\} 3/);
    expect(metrics).toMatch(/persona_runner_tool_calls_total\{tool="[a-z_]+",outcome="(ok|error)"\} \d+/);
    expect(metrics).toMatch(/persona_runner_claim_duration_seconds_count \d+/);
    const toolCalls = [...metrics.matchAll(/persona_runner_tool_calls_total\{[^}]*\} (\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
    expect(toolCalls).toBe(actions.length);
    await runner.shutdown();
  });

  it('/diag/login logs a persona in with its derived password and returns its user and personal space', async () => {
    const [p] = await stack.seed(1);
    const runner = createRunner({ config: stack.config(), driver: createScriptedDriver(), log });
    const key = { 'x-service-key': stack.config().serviceKey! };
    const res = await runner.app.request(`/diag/login?email=${encodeURIComponent(p.email)}`, { headers: key });
    expect(res.status).toBe(200);
    const body = await res.json();
    const [space] = await stack.database.query<{ id: string }>(`select id from organizations where personal_owner_id = $1`, [p.userId]);
    expect(body).toEqual({ userId: p.userId, spaceId: space.id });
    expect((await runner.app.request('/diag/login?email=nope', { headers: key })).status).toBe(400);
    const unknown = await runner.app.request('/diag/login?email=nobody%40mana.test', { headers: key });
    expect(unknown.status).toBe(404);
  });

  it('/diag/login needs the service key even in development and answers an unknown and a known e-mail alike without it (regression)', async () => {
    const [p] = await stack.seed(1);
    const runner = createRunner({ config: stack.config(), driver: createScriptedDriver(), log });
    const attempts = await stack.database.query<{ n: number }>('select count(*)::int as n from sessions');
    for (const headers of [{} as Record<string, string>, { 'x-service-key': 'wrong-key-wrong-key' }, { 'x-service-key': `${stack.config().serviceKey}x` }]) {
      for (const email of [p.email, 'nobody@mana.test']) {
        const res = await runner.app.request(`/diag/login?email=${encodeURIComponent(email)}`, { headers });
        expect(res.status).toBe(401);
        expect(await res.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
      }
    }
    expect(await stack.database.query<{ n: number }>('select count(*)::int as n from sessions')).toEqual(attempts);
    const { serviceKey: _omit, ...keyless } = stack.config();
    const noKey = createRunner({ config: keyless, driver: createScriptedDriver(), log });
    expect((await noKey.app.request(`/diag/login?email=${encodeURIComponent(p.email)}`, { headers: { 'x-service-key': '' } })).status).toBe(401);
  });

  it('/diag refuses what a web page in the browser can send: a foreign Origin or Host (403), a POST that is not JSON (400); no pass runs (issue 24 §4)', async () => {
    await stack.seed(1);
    const runner = createRunner({ config: stack.config(), driver: createScriptedDriver(), log });
    const ticks = async () => (await stack.database.query<{ n: number }>('select count(*)::int as n from persona_ticks'))[0].n;
    const before = await ticks();
    const diag = (headers: Record<string, string>) =>
      runner.app.request('http://127.0.0.1:3070/diag/pass', { method: 'POST', headers: { host: '127.0.0.1:3070', ...headers }, body: '{}' });
    const json = { 'content-type': 'application/json' };
    const refusals: [Record<string, string>, number][] = [
      [{ ...json, origin: 'https://evil.example' }, 403],
      [{ ...json, origin: 'null' }, 403],
      [{ ...json, host: 'rebound.evil.example:3070' }, 403],
      [{ 'content-type': 'text/plain' }, 400],
      [{ 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost:5173' }, 400],
    ];
    for (const [headers, status] of refusals) {
      const res = await diag(headers);
      expect(res.status, JSON.stringify(headers)).toBe(status);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(status === 403 ? 'FORBIDDEN' : 'VALIDATION');
    }
    const login = await runner.app.request('http://127.0.0.1:3070/diag/login?email=a%40b.c', {
      headers: { host: '127.0.0.1:3070', origin: 'https://evil.example', 'x-service-key': stack.config().serviceKey! },
    });
    expect(login.status).toBe(403);
    expect(runner.scheduler?.state().lastPass).toBeNull();
    expect(await ticks()).toBe(before);
    // A loopback page (the dashboard in development) and curl pass.
    expect((await diag({ ...json, origin: 'http://localhost:3001' })).status).toBe(200);
    await runner.shutdown();
  });

  it('with METRICS_TOKEN serves /metrics to the bearer token only (issue 24 §4)', async () => {
    const token = 'runner-scrape-secret-0123456789';
    const runner = createRunner({ config: stack.config({ METRICS_TOKEN: token }), driver: createScriptedDriver(), log });
    const open = await runner.app.request('/metrics');
    expect(open.status).toBe(401);
    expect(await open.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    const scrape = await runner.app.request('/metrics', { headers: { authorization: `Bearer ${token}` } });
    expect(scrape.status).toBe(200);
    expect(await scrape.text()).toContain('persona_runner_');
    expect((await runner.app.request('/health')).status).toBe(200);
  });

  it('hides /diag in production', async () => {
    const config = { ...stack.config(), env: 'production' as const };
    const runner = createRunner({ config, driver: createScriptedDriver(), log });
    expect((await runner.app.request('/diag/login?email=a%40b.c')).status).toBe(404);
    expect((await runner.app.request('/diag/pass', DIAG_POST)).status).toBe(404);
    expect((await runner.app.request('/health')).status).toBe(200);
  });

  it('without a service key the loop is off with a warning while /health answers', async () => {
    const { serviceKey: _omit, ...config } = stack.config();
    const runner = createRunner({ config, driver: createScriptedDriver(), log });
    expect(runner.scheduler).toBeUndefined();
    expect(await (await runner.app.request('/health')).json()).toMatchObject({ status: 'loop_disabled', loopEnabled: false, lastPass: null });
    const tick = await runner.app.request('/diag/pass', DIAG_POST);
    expect(tick.status).toBe(409);
    expect(((await tick.json()) as { error: { message: string } }).error.message).toMatch(/MANA_SERVICE_KEY/);
  });

  // Last in this file: it moves the shared clock forward.
  it('caches the real JWT between ticks and re-issues it shortly before it expires', async () => {
    const [p] = await stack.seed(1);
    const runner = createRunner({ config: stack.config(), driver: createScriptedDriver(), log, now: () => stack.now() });
    const first = await runner.deps.sessions.get(p.email);
    expect(first.expiresAt.getTime() - stack.now().getTime()).toBeGreaterThan(10 * 60_000);
    stack.advance(5 * 60_000);
    expect(await runner.deps.sessions.get(p.email)).toBe(first);
    stack.advance(first.expiresAt.getTime() - stack.now().getTime() - 60_000); // one minute before expiry
    const second = await runner.deps.sessions.get(p.email);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.expiresAt.getTime()).toBeGreaterThan(first.expiresAt.getTime());
    expect(second).toMatchObject({ userId: first.userId, spaceId: first.spaceId });
  });
});
