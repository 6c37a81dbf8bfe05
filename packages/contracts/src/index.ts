export { tickCadence, timeZone, locale, moduleMix, personaProfile, personaDefinition } from './persona';
export type { TickCadence, ModuleMix, PersonaProfile, PersonaDefinition } from './persona';
export { userKindSchema, loginRequest, loginResponse, JWT_AUDIENCE } from './auth';
export type { UserKind, LoginRequest, LoginResponse } from './auth';
export {
  tickStatus,
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
export type { TickStatus, DueResponse, ClaimRequest, Claim, ClaimResponse, HeartbeatRequest, ActionReport, FeedbackReport, Usage, CompleteRequest, CompleteResponse } from './ticks';
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
