/**
 * Valid arguments for every exposed Mana tool, in an order where each call can
 * use the ids created before it. The tools test asserts this table covers the
 * registry's exposed tools exactly, so a new tool fails the test until it has a row.
 */
export interface CreatedIds {
  todoId?: string;
  noteId?: string;
  habitId?: string;
  eventId?: string;
  contactId?: string;
}

export interface ToolCallRow {
  tool: string;
  args: (ids: CreatedIds, day: (offsetDays: number) => string) => Record<string, unknown>;
  /** Which id the result's entity provides for later rows. */
  saves?: keyof CreatedIds;
}

const id = (ids: CreatedIds, key: keyof CreatedIds) => {
  const value = ids[key];
  if (!value) throw new Error(`table order: ${key} is used before a row created it`);
  return value;
};

export const toolCallTable: ToolCallRow[] = [
  { tool: 'todo_create', saves: 'todoId', args: (_, day) => ({ title: 'Call the dentist', notes: 'Ask about June', dueDate: day(3), priority: 'high', tags: ['health'] }) },
  { tool: 'todo_list', args: () => ({ status: 'open', limit: 10 }) },
  { tool: 'todo_update', args: (ids) => ({ todoId: id(ids, 'todoId'), title: 'Call the dentist today' }) },
  { tool: 'todo_complete', args: (ids) => ({ todoId: id(ids, 'todoId') }) },
  { tool: 'todo_reopen', args: (ids) => ({ todoId: id(ids, 'todoId') }) },
  { tool: 'notes_create', saves: 'noteId', args: () => ({ title: 'Garden ideas', body: 'Plant tomatoes along the south fence.', tags: ['garden'] }) },
  { tool: 'notes_update', args: (ids) => ({ noteId: id(ids, 'noteId'), body: 'Plant tomatoes and basil along the south fence.' }) },
  { tool: 'notes_get', args: (ids) => ({ noteId: id(ids, 'noteId') }) },
  { tool: 'notes_list', args: () => ({ limit: 10 }) },
  { tool: 'notes_search', args: () => ({ query: 'tomatoes' }) },
  { tool: 'habits_create', saves: 'habitId', args: () => ({ name: 'Drink water', description: 'A glass with every meal', cadence: 'daily' }) },
  { tool: 'habits_list', args: () => ({}) },
  { tool: 'habits_check_in', args: (ids) => ({ habitId: id(ids, 'habitId'), note: 'Before breakfast' }) },
  { tool: 'habits_streak', args: (ids) => ({ habitId: id(ids, 'habitId') }) },
  { tool: 'habits_archive', args: (ids) => ({ habitId: id(ids, 'habitId') }) },
  { tool: 'journal_add_entry', args: (_, day) => ({ body: 'Long walk by the river, felt calm.', title: 'A quiet day', date: day(0), tags: ['walk'] }) },
  { tool: 'journal_list', args: (_, day) => ({ from: day(-7), to: day(1) }) },
  { tool: 'mood_log', args: () => ({ score: 4, note: 'Good talk at lunch', tags: ['social'] }) },
  { tool: 'mood_today', args: () => ({}) },
  { tool: 'mood_recent', args: () => ({ days: 7 }) },
  {
    tool: 'calendar_create_event',
    saves: 'eventId',
    args: (_, day) => ({ title: 'Team lunch', startsAt: `${day(2)}T12:00:00Z`, endsAt: `${day(2)}T13:00:00Z`, location: 'Cafe Luna' }),
  },
  { tool: 'calendar_list_events', args: (_, day) => ({ from: day(0), to: day(7) }) },
  { tool: 'calendar_reschedule', args: (ids, day) => ({ eventId: id(ids, 'eventId'), startsAt: `${day(3)}T12:00:00Z`, endsAt: `${day(3)}T13:30:00Z` }) },
  { tool: 'calendar_find_free_slot', args: (_, day) => ({ durationMinutes: 60, from: day(1), to: day(5) }) },
  { tool: 'contacts_create', saves: 'contactId', args: () => ({ name: 'Maria Schmidt', email: 'maria.schmidt@example.com', birthday: '1988-03-14' }) },
  { tool: 'contacts_search', args: () => ({ query: 'schmidt' }) },
  { tool: 'contacts_update', args: (ids) => ({ contactId: id(ids, 'contactId'), company: 'Acme GmbH' }) },
  { tool: 'contacts_upcoming_birthdays', args: () => ({ days: 30 }) },
  { tool: 'spaces_list', args: () => ({}) },
];

/** The id of the entity a create tool returned: the first top-level object with a string `id`. */
export function createdId(structured: Record<string, unknown>): string | undefined {
  for (const value of Object.values(structured)) {
    if (value && typeof value === 'object' && !Array.isArray(value) && typeof (value as { id?: unknown }).id === 'string') return (value as { id: string }).id;
  }
  return undefined;
}
