export { AppError, isAppError, toErrorResponse, httpStatusByCode } from './errors';
export type { ErrorCode, ErrorBody } from './errors';
export { parseEnv, envFlag } from './env';
export { derivePersonaPassword, DEV_PERSONA_SEED_SECRET } from './password';
export { createLogger } from './logger';
export type { Logger, LogLevel } from './logger';
export { DEV_SERVICE_KEY } from './dev-defaults';
export { createMetricsRegistry } from './prometheus';
export type { Counter, Gauge, Histogram, MetricsRegistry, Labels } from './prometheus';
