import type { MiddlewareHandler } from 'hono';

/** How a route factory of the persona store is guarded: the service that mounts it says who may call. */
export interface GuardedRoutes {
  /** Runs before every route (mana-auth passes `requireAdmin` or `requireServiceKey`). */
  guard: MiddlewareHandler;
}
