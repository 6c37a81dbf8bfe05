import { Hono } from 'hono';
import type { AuthDeps } from '../deps';

/** Service-key-gated internal persona API (`/api/v1/internal/personas`). Owned by the personas work. */
export function createInternalPersonaRoutes(_deps: AuthDeps): Hono {
  return new Hono();
}
