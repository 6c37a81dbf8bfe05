/**
 * The Mana app's own data: one table family per module, every row scoped to a
 * space (an organization). Tool handlers in @mana/tools are the only writers.
 */
import { sql } from 'drizzle-orm';
import { check, customType, date, index, integer, jsonb, pgTable, smallint, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { organizations, users } from './auth';

const spaceId = () =>
  text('space_id')
    .notNull()
    .references(() => organizations.id, { onDelete: 'cascade' });
const createdBy = () =>
  text('created_by')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' });
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
const tags = () => jsonb('tags').$type<string[]>().notNull().default([]);

/** PostgreSQL's full-text document type; only ever written by a generated column. */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const todos = pgTable(
  'todos',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    spaceId: spaceId(),
    createdBy: createdBy(),
    title: text('title').notNull(),
    notes: text('notes'),
    dueDate: date('due_date'),
    priority: text('priority').notNull().default('medium'),
    tags: tags(),
    status: text('status').notNull().default('open'),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('todos_space_status_idx').on(t.spaceId, t.status),
    check('todos_priority_check', sql`${t.priority} in ('low', 'medium', 'high')`),
    check('todos_status_check', sql`${t.status} in ('open', 'done')`),
  ],
);

export const notes = pgTable(
  'notes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    spaceId: spaceId(),
    createdBy: createdBy(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    tags: tags(),
    /** Title and body as a search document, kept by PostgreSQL so ranking never re-parses the text. */
    search: tsvector('search').notNull().generatedAlwaysAs(sql`to_tsvector('simple', title || ' ' || body)`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('notes_space_idx').on(t.spaceId, t.updatedAt),
    // fastupdate off: without autovacuum (PGlite) a GIN pending list is never merged and every search scans it.
    index('notes_search_idx').using('gin', t.search).with({ fastupdate: false }),
  ],
);

export const habits = pgTable(
  'habits',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    spaceId: spaceId(),
    createdBy: createdBy(),
    name: text('name').notNull(),
    description: text('description'),
    cadence: text('cadence').notNull().default('daily'),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('habits_space_idx').on(t.spaceId), check('habits_cadence_check', sql`${t.cadence} in ('daily', 'weekly')`)],
);

export const habitCheckins = pgTable(
  'habit_checkins',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    habitId: uuid('habit_id')
      .notNull()
      .references(() => habits.id, { onDelete: 'cascade' }),
    spaceId: spaceId(),
    day: date('day').notNull(),
    note: text('note'),
    createdAt: createdAt(),
  },
  (t) => [unique('habit_checkins_habit_day_unique').on(t.habitId, t.day)],
);

export const journalEntries = pgTable(
  'journal_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    spaceId: spaceId(),
    createdBy: createdBy(),
    entryDate: date('entry_date').notNull(),
    title: text('title'),
    body: text('body').notNull(),
    tags: tags(),
    createdAt: createdAt(),
  },
  (t) => [index('journal_entries_space_date_idx').on(t.spaceId, t.entryDate)],
);

export const moodEntries = pgTable(
  'mood_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    spaceId: spaceId(),
    createdBy: createdBy(),
    score: smallint('score').notNull(),
    note: text('note'),
    tags: tags(),
    loggedAt: timestamp('logged_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('mood_entries_space_logged_idx').on(t.spaceId, t.loggedAt), check('mood_entries_score_check', sql`${t.score} between 1 and 5`)],
);

export const calendarEvents = pgTable(
  'calendar_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    spaceId: spaceId(),
    createdBy: createdBy(),
    title: text('title').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    location: text('location'),
    notes: text('notes'),
    /** Who the event is with; a contact of the same space (checked by the tools), cleared when the contact goes. */
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('calendar_events_space_start_idx').on(t.spaceId, t.startsAt), check('calendar_events_range_check', sql`${t.endsAt} > ${t.startsAt}`)],
);

export const contacts = pgTable(
  'contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    spaceId: spaceId(),
    createdBy: createdBy(),
    name: text('name').notNull(),
    email: text('email'),
    phone: text('phone'),
    company: text('company'),
    birthday: date('birthday'),
    notes: text('notes'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('contacts_space_name_idx').on(t.spaceId, t.name)],
);

/** Usage counter for costly tools (budgets per space and day). */
export const toolBudgets = pgTable(
  'tool_budgets',
  {
    spaceId: spaceId(),
    toolName: text('tool_name').notNull(),
    day: date('day').notNull(),
    calls: integer('calls').notNull().default(0),
  },
  (t) => [unique('tool_budgets_unique').on(t.spaceId, t.toolName, t.day)],
);
