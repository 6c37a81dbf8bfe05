import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Logger } from '../logger';
import { metricsAccess, metricsEnv, metricsTokenOf } from './metrics-token';

const TOKEN = 'scrape-secret-0123456789';

function recorder(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  const log: Logger & { warnings: string[] } = { warnings, debug() {}, info() {}, error() {}, warn: (msg) => void warnings.push(msg), child: () => log };
  return log;
}

const appWith = (token: string | undefined, production = true, log = recorder()) =>
  new Hono().get('/metrics', metricsAccess({ token, production, log }), (c) => c.text('# metrics\n'));

describe('metricsAccess (issue 24 §4: /metrics public on every port)', () => {
  it('with METRICS_TOKEN only the bearer token gets the metrics; anything else is 401 JSON', async () => {
    const app = appWith(TOKEN);
    expect(await (await app.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } })).text()).toBe('# metrics\n');
    expect((await app.request('/metrics', { headers: { authorization: `bearer ${TOKEN}` } })).status).toBe(200);
    for (const authorization of [undefined, '', 'Bearer', `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, `Basic ${TOKEN}`, TOKEN, `Bearer ${TOKEN} extra`]) {
      const res = await app.request('/metrics', { headers: authorization === undefined ? {} : { authorization } });
      expect(res.status, String(authorization)).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
      expect(await res.json()).toEqual({ error: { code: 'UNAUTHORIZED', message: 'GET /metrics needs Authorization: Bearer <METRICS_TOKEN>' } });
    }
  });

  it('without a token /metrics stays open, with one warning at start in production only', async () => {
    const production = recorder();
    const app = appWith(undefined, true, production);
    expect((await app.request('/metrics')).status).toBe(200);
    expect((await app.request('/metrics')).status).toBe(200);
    expect(production.warnings).toHaveLength(1);
    expect(production.warnings[0]).toMatch(/METRICS_TOKEN/);
    const development = recorder();
    appWith(undefined, false, development);
    expect(development.warnings).toEqual([]);
    const guarded = recorder();
    appWith(TOKEN, true, guarded);
    expect(guarded.warnings).toEqual([]);
  });

  it('METRICS_TOKEN is parsed once: empty is unset, a short one is refused', () => {
    const schema = z.object(metricsEnv);
    expect(metricsTokenOf(schema.parse({}))).toBeUndefined();
    expect(metricsTokenOf(schema.parse({ METRICS_TOKEN: '' }))).toBeUndefined();
    expect(metricsTokenOf(schema.parse({ METRICS_TOKEN: ` ${TOKEN} ` }))).toBe(TOKEN);
    expect(schema.safeParse({ METRICS_TOKEN: 'short' }).success).toBe(false);
  });
});
