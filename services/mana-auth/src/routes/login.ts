import { Hono } from 'hono';
import { loginRequest } from '@mana/contracts';
import { readJsonBody } from '@mana/core';
import type { AuthContext } from '../deps';
import { clientAddress } from '../http/client-address';
import { requireJsonFromOrigin } from '../http/require-json-origin';
import { login } from '../session/login';
import { throttled, type LoginThrottle } from '../session/login-throttle';

/**
 * `POST /login` (mounted at `/api/v1/auth`): e-mail + password -> JWT and
 * personal space. JSON only, from a trusted Origin or none; throttled per
 * client address and per account by the process's one throttle, which
 * Better Auth's password endpoints count on too (see login-throttle.ts).
 */
export function createLoginRoutes(ctx: AuthContext, throttle: LoginThrottle = ctx.loginThrottle): Hono {
  const throttledLogin = throttled(throttle, (input: Parameters<typeof login>[1]) => login(ctx, input));
  return new Hono()
    .use('*', requireJsonFromOrigin(ctx.config.trustedOrigins, { allowLoopback: ctx.config.env !== 'production' }))
    .post('/login', async (c) => c.json(await throttledLogin(await readJsonBody(c, loginRequest), clientAddress(c, ctx.config.clientIpHeader))));
}
