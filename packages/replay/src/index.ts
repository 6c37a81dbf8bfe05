/**
 * @mana/replay: the portable recording (export verb and its CLI, `recording/`), the replay engine
 * (`engine/`) and the stored replay runs (`store/`, `routes/`). Each part adds its exports here.
 */
export { exportRecording } from './recording/export-recording';
export type { ExportInput, ExportResult } from './recording/export-recording';
export { recordingText } from './recording/recording-text';
export { storeReplayRun, listReplayRuns, replayRunDetail } from './store/replay-runs';
export { createAdminReplayRoutes } from './routes/admin-replays';
export { replay } from './engine/replay';
export { DEFAULT_LATENCY } from './engine/options';
export type { ReplayOptions, PersonaProgress, TickProgress } from './engine/options';
export type { ReplayedStep } from './engine/replay-tick';
export { headline, renderMarkdown } from './report/markdown';
export { renderJunit } from './report/junit';
