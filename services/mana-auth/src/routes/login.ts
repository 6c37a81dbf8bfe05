import { Hono } from 'hono';
import { loginRequest } from '@mana/contracts';
import type { AuthContext } from '../deps';
import { errorResponse, readJsonBody } from '../http/errors';
import { login } from '../session/login';

/** `POST /login` (mounted at `/api/v1/auth`): e-mail + password -> JWT and personal space. */
export function createLoginRoutes(ctx: AuthContext): Hono {
  return new Hono().post('/login', async (c) => {
    try {
      const input = await readJsonBody(c, loginRequest);
      return c.json(await login(ctx, input));
    } catch (error) {
      return errorResponse(c, error);
    }
  });
}
