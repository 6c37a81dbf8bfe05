import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthHarness, type AuthHarness } from '../testing/harness';

let h: AuthHarness;
beforeAll(async () => {
  h = await createAuthHarness();
});
afterAll(async () => h?.close());

describe('mana-auth /metrics (prom-client)', () => {
  it('counts login outcomes, internal verbs by route template, the due backlog, and process metrics', async () => {
    const email = 'metrics-user@mana.test';
    const { password } = await h.signUp(email);
    await h.login(email, password);
    expect((await h.request('/api/v1/auth/login', { method: 'POST', json: { email, password: 'wrong-password-123' } })).status).toBe(401);
    const due = await h.request('/api/v1/internal/personas/due?limit=5', { headers: { 'x-service-key': h.config.serviceKey } });
    expect(due.status).toBe(200);
    expect((await h.request('/api/v1/internal/personas/ticks/unknown-tick/complete', { method: 'POST', headers: { 'x-service-key': h.config.serviceKey }, json: {} })).status).toBe(
      400,
    );

    const res = await h.request('/metrics');
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain('mana_auth_logins_total{outcome="ok"} 1');
    expect(text).toContain('mana_auth_logins_total{outcome="invalid_credentials"} 1');
    expect(text).toContain('mana_auth_internal_requests_total{verb="due",status="200"} 1');
    expect(text).toContain('mana_auth_internal_requests_total{verb="complete",status="400"} 1');
    expect(text).toMatch(/mana_auth_due_personas \d+/);
    expect(text).toContain('http_requests_total{method="POST",route="/api/v1/internal/personas/ticks/:tickId/complete",status="400"} 1');
    expect(text).not.toContain('unknown-tick');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });
});
