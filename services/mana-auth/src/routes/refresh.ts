import { Hono } from 'hono';
import { refreshRequest } from '@mana/contracts';
import { readJsonBody } from '@mana/core';
import type { AuthContext } from '../deps';
import { refresh } from '../session/refresh';

/** `POST /refresh` (mounted at `/api/v1/auth`): refresh token -> new JWT, no password. */
export function createRefreshRoutes(ctx: AuthContext): Hono {
  return new Hono().post('/refresh', async (c) => c.json(await refresh(ctx, await readJsonBody(c, refreshRequest))));
}
