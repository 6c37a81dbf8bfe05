import { Hono } from 'hono';
import { AppError, isAppError } from '@mana/core';
import { loginRequest } from '@mana/contracts';
import type { AuthContext } from '../deps';
import { errorResponse, readJsonBody } from '../http/errors';
import { login } from '../session/login';
import { createLoginThrottle } from '../session/login-throttle';

/** `POST /login` (mounted at `/api/v1/auth`): e-mail + password -> JWT and personal space. */
export function createLoginRoutes(ctx: AuthContext): Hono {
  const throttle = createLoginThrottle(ctx.now);
  return new Hono().post('/login', async (c) => {
    try {
      const input = await readJsonBody(c, loginRequest);
      if (!throttle.allows(input.email)) throw new AppError('RATE_LIMITED', 'Too many failed logins for this e-mail; try again later');
      try {
        const result = await login(ctx, input);
        throttle.succeeded(input.email);
        return c.json(result);
      } catch (error) {
        if (isAppError(error) && error.code === 'UNAUTHORIZED') throttle.failed(input.email);
        throw error;
      }
    } catch (error) {
      return errorResponse(c, error);
    }
  });
}
