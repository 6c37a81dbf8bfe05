import type { Hono } from 'hono';
import { createLogger, type Logger, type Tracing } from '@mana/core';
import { loginResponse, type LoginResponse } from '@mana/contracts';
import { createTestDatabase, type TestDatabase } from '@mana/db/testing';
import { manaRegistry } from '@mana/tools';
import { createApp, createAuthContext } from '../app';
import { createAdmin } from '../admin/create-admin';
import { loadAuthConfig, type AuthConfig } from '../config';
import type { AuthContext } from '../deps';
import type { LoginThrottle } from '../session/login-throttle';

/** One mana-auth app on a fresh test database; shared by every test file of the service. */
export interface AuthHarness {
  app: Hono;
  ctx: AuthContext;
  database: TestDatabase;
  config: AuthConfig;
  /** `app.request` with a JSON body when `json` is given. */
  request(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  /** Signs a user up through Better Auth; returns its id and session token. */
  signUp(email: string, password?: string): Promise<{ userId: string; sessionToken: string; password: string }>;
  /** `POST /api/v1/auth/login`, parsed with the contract (throws on a non-200). */
  login(email: string, password: string): Promise<LoginResponse>;
  /** Creates an admin (role admin) and logs it in. */
  admin(email?: string): Promise<LoginResponse>;
  close(): Promise<void>;
}

export interface AuthHarnessOptions {
  /** Overrides on top of the test configuration. */
  config?: Partial<AuthConfig>;
  now?: () => Date;
  tracing?: Tracing;
  /** mana-auth's logger (a test that reads the log lines passes its own). */
  log?: Logger;
  /** The login throttle (a test that moves its clock, or counts fewer guesses, passes its own). */
  loginThrottle?: LoginThrottle;
}

/** The configuration tests run with (NODE_ENV=test, dev secrets, a fixed base URL). */
export function testAuthConfig(overrides: Partial<AuthConfig> = {}): AuthConfig {
  return { ...loadAuthConfig({ NODE_ENV: 'test', MANA_AUTH_URL: 'http://mana-auth.test' }), ...overrides };
}

/** Builds the app on `createTestDatabase()`. One per test file; call `close()` in afterAll. */
export async function createAuthHarness(options: AuthHarnessOptions = {}): Promise<AuthHarness> {
  const config = testAuthConfig(options.config);
  const database = await createTestDatabase();
  const ctx = createAuthContext({
    config,
    database,
    registry: manaRegistry,
    log: options.log ?? createLogger('mana-auth'),
    now: options.now ?? (() => new Date()),
    tracing: options.tracing,
    loginThrottle: options.loginThrottle,
  });
  const app = createApp(ctx);

  const request: AuthHarness['request'] = async (path, init = {}) => {
    const { json, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (json !== undefined) headers.set('content-type', 'application/json');
    return app.request(path, { method: json !== undefined ? 'POST' : 'GET', ...rest, headers, body: json !== undefined ? JSON.stringify(json) : rest.body });
  };
  const login: AuthHarness['login'] = async (email, password) => {
    const res = await request('/api/v1/auth/login', { json: { email, password } });
    if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
    return loginResponse.parse(await res.json());
  };

  return {
    app,
    ctx,
    database,
    config,
    request,
    login,
    async signUp(email, password = 'correct-horse-battery-staple') {
      const res = await request('/api/auth/sign-up/email', { json: { email, password, name: email.split('@')[0] } });
      if (res.status !== 200) throw new Error(`sign-up ${email}: ${res.status} ${await res.text()}`);
      const body = (await res.json()) as { token: string; user: { id: string } };
      return { userId: body.user.id, sessionToken: body.token, password };
    },
    async admin(email = `admin-${Math.random().toString(36).slice(2, 8)}@mana.test`) {
      const password = 'admin-password-for-tests';
      await createAdmin(ctx, { email, password });
      return login(email, password);
    },
    close: () => database.close(),
  };
}
export { serveOnLoopback } from './serve-on-loopback';
export type { LoopbackServer } from './serve-on-loopback';
