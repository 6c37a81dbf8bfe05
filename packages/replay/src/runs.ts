/**
 * `@mana/replay/runs`: the stored replay runs and their admin routes only, for
 * mana-auth to mount without loading the replay engine (which itself starts
 * mana-auth in-process).
 */
export { storeReplayRun, listReplayRuns, replayRunDetail, targetOf } from './store/replay-runs';
export { createAdminReplayRoutes } from './routes/admin-replays';
export type { ReplayRoutesOptions } from './routes/admin-replays';
