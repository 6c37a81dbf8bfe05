export { createApp, createAuthContext } from './app';
export { loadAuthConfig } from './config';
export { startAuthServer } from './server';
export type { RunningAuthServer } from './server';
export { createAdmin } from './admin/create-admin';
export { upsertPersona } from './admin/upsert-persona';
export { ensureFirstAdmin, adminCredentialsPath } from './admin/first-admin';
export { createAuthMetrics } from './metrics/auth-metrics';
