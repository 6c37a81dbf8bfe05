export { tickCadence, timeZone, locale, moduleMix, personaProfile, personaDefinition } from './persona';
export type { TickCadence, ModuleMix, PersonaProfile, PersonaDefinition } from './persona';
export { userKindSchema, loginRequest, loginResponse, JWT_AUDIENCE } from './auth';
export type { UserKind, LoginRequest, LoginResponse } from './auth';
export {
  tickStatus,
  finalTickStatus,
  actionResult,
  feedbackStatus,
  ZERO_USAGE,
  addUsage,
  clampRating,
  dueQuery,
  dueResponse,
  claimRequest,
  claim,
  claimResponse,
  tickAttempt,
  heartbeatRequest,
  heartbeatResponse,
  actionModule,
  actionReport,
  actionsRequest,
  actionsResponse,
  feedbackReport,
  feedbackRequest,
  feedbackResponse,
  usage,
  completeRequest,
  completeResponse,
  MAX_ACTIONS_PER_BATCH,
  MAX_FEEDBACK_PER_BATCH,
} from './ticks';
export type { TickStatus, ActionResult, FeedbackStatus, DueResponse, ClaimRequest, Claim, ClaimResponse, HeartbeatRequest, ActionReport, FeedbackReport, Usage, CompleteRequest, CompleteResponse } from './ticks';
export { errorBody } from './errors';
export {
  adminPersonaUpsertResponse,
  adminPersonaListQuery,
  adminPersonaSummary,
  adminPersonaListResponse,
  adminPersonaDetail,
  adminPersonaDeleteResponse,
} from './admin-personas';
export type { AdminPersonaUpsertResponse, AdminPersonaSummary, AdminPersonaListResponse, AdminPersonaDetail } from './admin-personas';
export { adminOverviewQuery, adminOverview } from './admin-overview';
export type { AdminOverview } from './admin-overview';
export {
  TICK_RECORD_VERSION,
  MAX_TICK_RECORD_BYTES,
  MAX_RECORD_TEXT_CHARS,
  MAX_RECORD_ARGUMENTS_CHARS,
  MAX_RECORD_MESSAGE_CHARS,
  recordMessage,
  recordCall,
  recordRating,
  recordCut,
  recordEntry,
  tickRecord,
  jsonBytes,
} from './tick-record';
export type { RecordEntry, RecordCall, TickRecord } from './tick-record';
export { adminTick, adminTickAction, adminTickFeedback, adminTickDetail, adminPersonaTicksQuery, adminTickSummary, adminPersonaTicksResponse } from './admin-ticks';
export type { AdminTick, AdminTickAction, AdminTickFeedback, AdminTickDetail, AdminTickSummary, AdminPersonaTicksResponse } from './admin-ticks';
