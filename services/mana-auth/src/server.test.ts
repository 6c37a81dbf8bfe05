import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@mana/db/testing';
import { startAuthServer, type RunningAuthServer } from './server';
import { testAuthConfig } from './testing/harness';

let database: TestDatabase;
let server: RunningAuthServer;
beforeAll(async () => {
  database = await createTestDatabase();
  server = await startAuthServer({ config: testAuthConfig({ port: 0 }), database });
});
afterAll(async () => {
  await server?.close();
  await database?.close();
});

it('listens on a real port: health, sign-up, login and JWKS over HTTP', async () => {
  expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(await (await fetch(`${server.url}/health`)).json()).toMatchObject({ status: 'ok' });
  const body = JSON.stringify({ email: 'wire@mana.test', password: 'correct-horse-battery', name: 'Wire' });
  const headers = { 'content-type': 'application/json' };
  expect((await fetch(`${server.url}/api/auth/sign-up/email`, { method: 'POST', headers, body })).status).toBe(200);
  const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers, body: JSON.stringify({ email: 'wire@mana.test', password: 'correct-horse-battery' }) });
  expect(login.status).toBe(200);
  const jwks = (await (await fetch(`${server.url}/api/auth/jwks`)).json()) as { keys: unknown[] };
  expect(jwks.keys.length).toBeGreaterThan(0);
});

it('closes: the port stops answering', async () => {
  const url = server.url;
  await server.close();
  await expect(fetch(`${url}/health`)).rejects.toThrow();
});
