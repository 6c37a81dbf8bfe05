import { Hono } from 'hono';
import type { AuthDeps } from '../deps';

/** Admin persona API (`/api/v1/admin/personas`). Owned by the personas work. */
export function createAdminPersonaRoutes(_deps: AuthDeps): Hono {
  return new Hono();
}
