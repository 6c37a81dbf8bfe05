export { userKind, users, sessions, accounts, verifications, jwks, organizations, members, invitations } from './auth';
export { todos, notes, habits, habitCheckins, journalEntries, moodEntries, calendarEvents, contacts, toolBudgets } from './app';
export { personas, personaTicks, personaActions, personaFeedback, personaTickRecords } from './personas';
export type { Persona, PersonaTick, PersonaAction, PersonaFeedback } from './personas';
export { findings, reportRuns } from './findings';
export { mcpSessions, mcpRateWindows } from './mcp';
export { toolSurfaces } from './surfaces';
export { replayRuns } from './replays';
