import { Hono } from 'hono';
import { loginRequest } from '@mana/contracts';
import type { AuthContext } from '../deps';
import { readJsonBody } from '../http/errors';
import { login } from '../session/login';
import { createLoginThrottle, throttled } from '../session/login-throttle';

/** `POST /login` (mounted at `/api/v1/auth`): e-mail + password -> JWT and personal space. */
export function createLoginRoutes(ctx: AuthContext): Hono {
  const throttledLogin = throttled(createLoginThrottle(ctx.now), (input: Parameters<typeof login>[1]) => login(ctx, input));
  return new Hono().post('/login', async (c) => c.json(await throttledLogin(await readJsonBody(c, loginRequest))));
}
