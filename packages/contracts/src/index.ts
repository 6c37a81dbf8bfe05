export { tickCadence, timeZone, locale, moduleMix, personaProfile, personaDefinition } from './persona';
export type { TickCadence, ModuleMix, PersonaProfile, PersonaDefinition } from './persona';
export { userKindSchema, loginRequest, loginResponse, refreshRequest, JWT_AUDIENCE } from './auth';
export type { UserKind, LoginRequest, LoginResponse, RefreshRequest } from './auth';
export {
  tickStatus,
  finalTickStatus,
  actionResult,
  feedbackStatus,
  ZERO_USAGE,
  addUsage,
  boundedUsage,
  clampRating,
  dueQuery,
  dueResponse,
  claimRequest,
  claim,
  claimResponse,
  tickAttempt,
  heartbeatRequest,
  heartbeatResponse,
  spendResponse,
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
  MAX_TICK_TOKENS,
  MAX_TICK_COST_USD,
} from './ticks';
export type { TickStatus, ActionResult, FeedbackStatus, DueResponse, ClaimRequest, Claim, ClaimResponse, HeartbeatRequest, ActionReport, FeedbackReport, Usage, CompleteRequest, CompleteResponse, SpendResponse } from './ticks';
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
  isStorableText,
  storableString,
  storableText,
  toStorableText,
  cutText,
  toStorableJson,
  pathId,
  STORABLE_TEXT_MESSAGE,
  MAX_STORED_JSON_DEPTH,
  NESTED_TOO_DEEP,
} from './text';
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
export { capRecord } from './cap-record';
export { adminTick, adminTickAction, adminTickFeedback, adminTickDetail, adminPersonaTicksQuery, adminTickSummary, adminPersonaTicksResponse } from './admin-ticks';
export type { AdminTick, AdminTickAction, AdminTickFeedback, AdminTickDetail, AdminTickSummary, AdminPersonaTicksResponse } from './admin-ticks';
export {
  REPORT_DURATION,
  reportQuery,
  reportModule,
  reportTool,
  reportComplaint,
  anomalyKind,
  anomalyMetric,
  reportAnomaly,
  reportSettings,
  report,
  findingStatus,
  findingsQuery,
  finding,
  findingsResponse,
  findingsWebhook,
} from './report';
export type { ReportQuery, ReportModule, ReportTool, ReportComplaint, AnomalyKind, AnomalyMetric, ReportAnomaly, Report, FindingStatus, Finding, FindingsResponse, FindingsWebhook } from './report';
export {
  adminWindowQuery,
  adminNameParam,
  ratingPoint,
  moduleRatingSeries,
  toolPoint,
  tickPoint,
  adminSeries,
  toolFigures,
  toolError,
  toolSummary,
  adminToolList,
  adminToolDetail,
  ratingNote,
  adminModuleDetail,
  adminPersonaRatings,
} from './admin-dashboard';
export type {
  AdminWindowQuery,
  RatingPoint,
  ModuleRatingSeries,
  ToolPoint,
  TickPoint,
  AdminSeries,
  ToolFigures,
  ToolError,
  ToolSummary,
  AdminToolList,
  AdminToolDetail,
  RatingNote,
  AdminModuleDetail,
  AdminPersonaRatings,
} from './admin-dashboard';
export { HANDLER_TIME_META_KEY, handlerMsOf } from './mcp-meta';
