/**
 * The MCP surfaces the personas saw: one stored copy of the target's
 * tools/list per distinct hash (`persona_ticks.surface_hash`), so the report
 * can show what changed between two periods (a tool added, removed, or with a
 * changed description or schema) without a copy per tick.
 */
import { integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const toolSurfaces = pgTable('tool_surfaces', {
  /** `surfaceHashOf(tools)` in @mana/core: 16 hex digits of SHA-256 over the canonical JSON of the tools sorted by name. */
  hash: text('hash').primaryKey(),
  /** The `tools` array of tools/list as the runner received it (name, description, inputSchema, outputSchema, annotations). */
  tools: jsonb('tools').$type<unknown[]>().notNull(),
  toolCount: integer('tool_count').notNull(),
  firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
});
