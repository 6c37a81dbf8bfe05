import type { MiddlewareHandler } from 'hono';
import type { Database } from '@mana/db';
import type { ToolRegistry } from '@mana/tools';

/** What the insights' route factories read: the database, the registry (module of a tool) and the clock. */
export interface InsightsDeps {
  database: Database;
  registry: ToolRegistry;
  now: () => Date;
}

/** How a route factory of the insights is guarded: mana-auth passes `requireAdmin`. */
export interface GuardedRoutes {
  guard: MiddlewareHandler;
}
