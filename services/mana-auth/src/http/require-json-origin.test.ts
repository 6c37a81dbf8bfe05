import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { isAppError } from '@mana/core';
import { isLoopbackOrigin, requireJsonFromOrigin } from './require-json-origin';

function appWith(options: { allowLoopback?: boolean }) {
  const app = new Hono();
  app.use('*', requireJsonFromOrigin(['https://mana.example'], options));
  app.post('/login', (c) => c.json({ ok: true }));
  app.onError((error, c) => c.json({ code: isAppError(error) ? error.code : 'INTERNAL' }, isAppError(error) && error.code === 'FORBIDDEN' ? 403 : 400));
  return app;
}

const post = (app: Hono, origin: string) => app.request('/login', { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: '{}' });

describe('requireJsonFromOrigin', () => {
  it('refuses a loopback origin in production (not listed) and allows it in development', async () => {
    expect((await post(appWith({}), 'http://127.0.0.1:4000')).status).toBe(403);
    expect((await post(appWith({ allowLoopback: true }), 'http://127.0.0.1:4000')).status).toBe(200);
    expect((await post(appWith({ allowLoopback: true }), 'http://localhost:3001')).status).toBe(200);
  });

  it('still refuses a foreign origin in development', async () => {
    expect((await post(appWith({ allowLoopback: true }), 'http://evil.example')).status).toBe(403);
    expect((await post(appWith({ allowLoopback: true }), 'http://localhost.evil.example')).status).toBe(403);
  });

  it('knows loopback origins exactly', () => {
    expect(isLoopbackOrigin('http://[::1]:8080')).toBe(true);
    expect(isLoopbackOrigin('http://127.0.0.1:3001/path')).toBe(false);
    expect(isLoopbackOrigin('file://localhost')).toBe(false);
    expect(isLoopbackOrigin('null')).toBe(false);
  });
});
