export { createDatabase, defaultDataDir } from './client';
export type { Database, DatabaseOptions, Db, ReservedConnection, Tx, Schema } from './client';
export { asyncCommit } from './async-commit';
export { isValueRefused, sqlStateOf } from './sql-state';
export { rowsOf, textArray, toDate, toIso } from './sql-rows';
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
  mcpSessions,
  mcpRateWindows,
  personas,
  personaTicks,
  personaActions,
  personaFeedback,
  personaTickRecords,
  findings,
  reportRuns,
} from './schema/index';
export type { Persona, PersonaTick, PersonaAction, PersonaFeedback } from './schema/index';
