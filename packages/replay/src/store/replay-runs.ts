import { sql } from 'drizzle-orm';
import { replayResult, toStorableJson, type AdminReplayDetail, type AdminReplayList, type AdminReplayListQuery, type AdminReplaySummary, type ReplayResult } from '@mana/contracts';
import { AppError } from '@mana/core';
import { rowsOf, toIso, type Database } from '@mana/db';

/**
 * The stored replay runs (`replay_runs`): written once per replay against a
 * database (`storeReplayRun`), read by the admin API (`listReplayRuns`,
 * `replayRunDetail`). The whole `replayResult` is kept; its columns are what
 * the list shows without reading the result.
 */

/** `in-process`, or the remote target's MCP URL (`remote` when it has none). */
export function targetOf(result: ReplayResult): string {
  return result.target.kind === 'in-process' ? 'in-process' : (result.target.mcpUrl ?? 'remote');
}

/**
 * Stores one replay run (its `id` is the result's). The result is checked with its
 * contract first (VALIDATION when it is not one) and made storable as jsonb; storing
 * the same run again replaces it, so a retried store writes nothing twice.
 */
export async function storeReplayRun(database: Database, result: ReplayResult): Promise<void> {
  const parsed = replayResult.safeParse(result);
  if (!parsed.success) throw new AppError('VALIDATION', `not a replay result: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const run = toStorableJson(parsed.data) as ReplayResult;
  await database.db.execute(
    sql`insert into replay_runs (id, started_at, finished_at, target, recording, calls, differences, exit_code, result)
        values (${run.id}, ${run.startedAt}::timestamptz, ${run.finishedAt}::timestamptz, ${targetOf(run)}, ${JSON.stringify(run.recording)}::jsonb,
                ${run.totals.calls}, ${run.totals.differences}, ${run.exitCode}, ${JSON.stringify(run)}::jsonb)
        on conflict (id) do update set started_at = excluded.started_at, finished_at = excluded.finished_at, target = excluded.target,
          recording = excluded.recording, calls = excluded.calls, differences = excluded.differences, exit_code = excluded.exit_code, result = excluded.result`,
  );
}

type Stamp = Date | string;

interface RunRow {
  id: string;
  started_at: Stamp;
  finished_at: Stamp;
  created_at: Stamp;
  target: string;
  calls: number;
  differences: number;
  exit_code: number;
  result: unknown;
}

/** A stored result as the current contract reads it, or null (another version, a hand edit). */
function readResult(stored: unknown): ReplayResult | null {
  const parsed = replayResult.safeParse(typeof stored === 'string' ? JSON.parse(stored) : stored);
  return parsed.success ? parsed.data : null;
}

function toSummary(row: RunRow, result: ReplayResult | null): AdminReplaySummary {
  return {
    id: row.id,
    startedAt: toIso(row.started_at)!,
    finishedAt: toIso(row.finished_at)!,
    createdAt: toIso(row.created_at)!,
    target: row.target,
    recording: result?.recording ?? null,
    calls: Number(row.calls),
    differences: Number(row.differences),
    regressions: result?.totals.regressions ?? null,
    toolsChanged: result?.totals.toolsChanged ?? null,
    exitCode: Number(row.exit_code),
  };
}

const RUN_COLUMNS = sql.raw('id, started_at, finished_at, created_at, target, calls, differences, exit_code, result');

/** The stored runs, newest first (by start, then id), paged, with the total. */
export async function listReplayRuns(database: Database, query: AdminReplayListQuery): Promise<AdminReplayList> {
  const rows = await rowsOf<RunRow>(database.db, sql`select ${RUN_COLUMNS} from replay_runs order by started_at desc, id desc limit ${query.limit} offset ${query.offset}`);
  const [{ total }] = await rowsOf<{ total: number }>(database.db, sql`select count(*)::int as total from replay_runs`);
  return { runs: rows.map((row) => toSummary(row, readResult(row.result))), total: Number(total) };
}

/** One stored run with its whole result; NOT_FOUND when there is none with this id. */
export async function replayRunDetail(database: Database, id: string): Promise<AdminReplayDetail> {
  const [row] = await rowsOf<RunRow>(database.db, sql`select ${RUN_COLUMNS} from replay_runs where id = ${id}`);
  if (!row) throw new AppError('NOT_FOUND', `No replay run ${id}`);
  const result = readResult(row.result);
  return { ...toSummary(row, result), result };
}
