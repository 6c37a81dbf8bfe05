import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { isAppError, toErrorResponse } from './errors';
import { checkOrigin, isLoopbackAddress, originGuard, type OriginPolicy } from './origin-guard';

const refused = (policy: OriginPolicy, headers: { origin?: string; host?: string }) => {
  try {
    checkOrigin(policy, headers);
    return false;
  } catch (error) {
    return isAppError(error) && error.code === 'FORBIDDEN';
  }
};

describe('checkOrigin (DNS rebinding)', () => {
  const loopback: OriginPolicy = { allowedOrigins: [], allowedHosts: [], loopbackOnly: true };

  it('refuses a foreign Origin and accepts loopback origins and none', () => {
    for (const origin of ['https://evil.example', 'null', 'http://127.0.0.1.evil.example', 'file://', 'http://localhost.evil.example:3069']) {
      expect(refused(loopback, { origin, host: '127.0.0.1:3069' }), origin).toBe(true);
    }
    for (const origin of ['http://localhost:6274', 'http://127.0.0.1:3069', 'http://[::1]:8080', undefined]) {
      expect(refused(loopback, { origin, host: '127.0.0.1:3069' }), String(origin)).toBe(false);
    }
  });

  it('on loopback refuses a rebound Host name; a listed Host or Origin passes', () => {
    expect(refused(loopback, { host: 'evil.example:3069' })).toBe(true);
    expect(refused(loopback, { host: 'localhost:3069' })).toBe(false);
    expect(refused(loopback, { host: '[::1]:3069' })).toBe(false);
    const listed: OriginPolicy = { allowedOrigins: ['https://app.mana.example'], allowedHosts: ['mcp.mana.example'], loopbackOnly: false };
    expect(refused(listed, { origin: 'https://app.mana.example', host: 'mcp.mana.example' })).toBe(false);
    expect(refused(listed, { origin: 'https://app.mana.example', host: 'evil.example' })).toBe(true);
    expect(refused(listed, { origin: 'https://other.mana.example', host: 'mcp.mana.example' })).toBe(true);
  });

  it('behind a load balancer with no host list any Host passes, foreign Origins still do not', () => {
    const open: OriginPolicy = { allowedOrigins: [], allowedHosts: [], loopbackOnly: false };
    expect(refused(open, { host: 'mcp.internal:3069' })).toBe(false);
    expect(refused(open, { origin: 'https://evil.example', host: 'mcp.internal:3069' })).toBe(true);
  });
});

describe('isLoopbackAddress', () => {
  it('is true for listen addresses only this machine reaches', () => {
    for (const host of ['127.0.0.1', '127.0.0.53', 'localhost', '::1']) expect(isLoopbackAddress(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '10.0.0.1', 'mana.internal']) expect(isLoopbackAddress(host), host).toBe(false);
  });
});

describe('originGuard (middleware)', () => {
  const app = new Hono()
    .onError((error, c) => {
      const { status, body } = toErrorResponse(error);
      return c.json(body, status as 400);
    })
    .use(originGuard({ allowedOrigins: [], allowedHosts: [], loopbackOnly: true, settings: { origins: 'X_ORIGINS', hosts: 'X_HOSTS' } }, { jsonPosts: true }))
    .post('/go', (c) => c.json({ ok: true }))
    .get('/go', (c) => c.json({ ok: true }));
  const post = (headers: Record<string, string>) => app.request('http://127.0.0.1:3070/go', { method: 'POST', headers: { host: '127.0.0.1:3070', ...headers }, body: '{}' });

  it('names the settings that widen the lists in the refusal', async () => {
    const res = await post({ origin: 'https://evil.example', 'content-type': 'application/json' });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe('Origin https://evil.example is not allowed (X_ORIGINS)');
    expect((await post({ host: 'evil.example:3070', 'content-type': 'application/json' })).status).toBe(403);
  });

  it('with jsonPosts a POST must be application/json; a GET passes', async () => {
    expect((await post({ 'content-type': 'application/json; charset=utf-8' })).status).toBe(200);
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])
      expect((await post({ 'content-type': type })).status, type).toBe(400);
    expect((await post({})).status).toBe(400);
    expect((await app.request('http://127.0.0.1:3070/go', { headers: { host: '127.0.0.1:3070' } })).status).toBe(200);
  });
});
