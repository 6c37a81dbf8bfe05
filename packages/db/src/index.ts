export { createDatabase, defaultDataDir } from './client';
export type { Database, DatabaseOptions, Db, Tx, Schema } from './client';
export { migrate, migrationsFolder } from './migrate';
export {
  userKind,
  users,
  sessions,
  accounts,
  verifications,
  jwks,
  organizations,
  members,
  invitations,
  todos,
  notes,
  habits,
  habitCheckins,
  journalEntries,
  moodEntries,
  calendarEvents,
  contacts,
  toolBudgets,
  personas,
  personaTicks,
  personaActions,
  personaFeedback,
  personaTickRecords,
} from './schema/index';
export type { Persona, PersonaTick, PersonaAction, PersonaFeedback } from './schema/index';
