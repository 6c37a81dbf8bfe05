/**
 * mana-mcp's shared state, so that any replica behind a load balancer can serve
 * any request: open MCP sessions and the per-minute rate-limit counters.
 */
import { index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { organizations, users } from './auth';

/** One open MCP session, bound for its life to the user, space and time zone that initialized it. */
export const mcpSessions = pgTable(
  'mcp_sessions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    spaceId: text('space_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    /** IANA zone from X-Mana-Time-Zone at initialize. */
    timeZone: text('time_zone').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** Moved on every request; a session idle past MCP_SESSION_IDLE_MS is expired. */
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('mcp_sessions_user_idx').on(t.userId, t.lastSeenAt), index('mcp_sessions_last_seen_idx').on(t.lastSeenAt)],
);

/** Calls per rate-limit key (user and tool) and one-minute window, counted by every replica. */
export const mcpRateWindows = pgTable(
  'mcp_rate_windows',
  {
    key: text('key').notNull(),
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
    calls: integer('calls').notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] }), index('mcp_rate_windows_start_idx').on(t.windowStart)],
);
