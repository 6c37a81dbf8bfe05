/** The one error code union of the system; every edge maps it once. */
export type ErrorCode = 'VALIDATION' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'PAYLOAD_TOO_LARGE' | 'RATE_LIMITED' | 'UNAVAILABLE' | 'INTERNAL';

/** HTTP status for each code, used by every HTTP edge. */
const httpStatusByCode = {
  VALIDATION: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  /** Over capacity for now (e.g. too many password hashes queued); the answer says when to retry. */
  UNAVAILABLE: 503,
  INTERNAL: 500,
} as const satisfies Record<ErrorCode, number>;

/**
 * A failure the caller can act on. Domain verbs throw it; edges turn it into
 * `{error: {code, message}}` over HTTP or a tool error over MCP.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
}

/** True for an AppError, also across module copies. */
export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError || (error instanceof Error && error.name === 'AppError' && 'code' in error);
}

/** The JSON body every HTTP edge answers with on failure. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

/** Turns any thrown value into a status and body; unknown errors never leak their message. */
export function toErrorResponse(error: unknown): { status: number; body: ErrorBody } {
  if (isAppError(error)) {
    const body: ErrorBody = { error: { code: error.code, message: error.message } };
    if (error.details !== undefined) body.error.details = error.details;
    return { status: httpStatusByCode[error.code], body };
  }
  return { status: 500, body: { error: { code: 'INTERNAL', message: 'Internal server error' } } };
}

const codeByStatus: Record<number, ErrorCode> = {
  400: 'VALIDATION',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  422: 'CONFLICT',
  429: 'RATE_LIMITED',
  503: 'UNAVAILABLE',
};

/** The error code for an HTTP status from elsewhere (Better Auth, an upstream service): other 4xx are VALIDATION, 5xx INTERNAL. */
export function errorCodeForStatus(status: number): ErrorCode {
  return codeByStatus[status] ?? (status >= 400 && status < 500 ? 'VALIDATION' : 'INTERNAL');
}
