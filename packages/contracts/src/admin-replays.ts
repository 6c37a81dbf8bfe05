import { z } from 'zod';
import { replayResult } from './replay';

/** `GET /api/v1/admin/replays?limit=50&offset=0`: newest first. */
export const adminReplayListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type AdminReplayListQuery = z.infer<typeof adminReplayListQuery>;

/**
 * One stored replay run (`replay_runs`) as the list shows it: when, against what,
 * the recording it replayed, and its counts. `recording`, `regressions` and
 * `toolsChanged` are null when the stored result is not readable as the current
 * `replayResult` version.
 */
export const adminReplaySummary = z.object({
  id: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  createdAt: z.string(),
  /** `in-process` or the target's MCP URL. */
  target: z.string(),
  recording: replayResult.shape.recording.nullable(),
  calls: z.number().int(),
  differences: z.number().int(),
  regressions: z.number().int().nullable(),
  toolsChanged: z.number().int().nullable(),
  /** 0 nothing worse, 1 something got worse. */
  exitCode: z.number().int(),
});
export type AdminReplaySummary = z.infer<typeof adminReplaySummary>;

export const adminReplayList = z.object({ runs: z.array(adminReplaySummary), total: z.number().int() });
export type AdminReplayList = z.infer<typeof adminReplayList>;

/** `GET /api/v1/admin/replays/:id`: the run and its whole result (differences tied to the recorded ticks); `result` null when unreadable. */
export const adminReplayDetail = adminReplaySummary.extend({ result: replayResult.nullable() });
export type AdminReplayDetail = z.infer<typeof adminReplayDetail>;
