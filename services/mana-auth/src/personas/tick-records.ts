import { sql, type SQL } from 'drizzle-orm';
import { jsonBytes, MAX_TICK_RECORD_BYTES, type TickRecord } from '@mana/contracts';
import { AppError, redactSecrets } from '@mana/core';
import type { PersonaDeps } from './persona-deps';
import { rowsOf } from './sql-rows';

/** Slack over the runner's cap for the server's own check (redaction can change a few bytes). */
const SERVER_CAP_BYTES = MAX_TICK_RECORD_BYTES + 4_096;

/**
 * Refuses (VALIDATION, before any write) a record over the size cap: the
 * runner caps its records, so a bigger one is a broken or hostile client.
 */
export function checkRecord(record: TickRecord | undefined): void {
  if (!record) return;
  const bytes = jsonBytes(record);
  if (bytes > SERVER_CAP_BYTES) throw new AppError('VALIDATION', `record: ${bytes} bytes, at most ${MAX_TICK_RECORD_BYTES} (cut it with a "cut" entry)`);
}

/**
 * The upsert that stores the day's record of a tick (in the completion's statement),
 * redacted once more with the server's own secrets (service key, auth and
 * seed secrets) and the patterns of `redactSecrets`. A later attempt's
 * record replaces an earlier one: the tick's record is its last day.
 */
export function recordUpsert(personaId: string, tickId: string, record: TickRecord, knownSecrets: readonly string[], now: Date): SQL {
  const clean = redactSecrets(record, knownSecrets);
  const text = JSON.stringify(clean);
  const bytes = jsonBytes(clean);
  return sql`insert into persona_tick_records (tick_id, persona_id, version, record, bytes, truncated, created_at)
        values (${tickId}, ${personaId}, ${clean.version}, ${text}::jsonb, ${bytes}, ${clean.truncated}, ${now.toISOString()}::timestamptz)
        on conflict (tick_id) do update set version = excluded.version, record = excluded.record, bytes = excluded.bytes,
          truncated = excluded.truncated, created_at = excluded.created_at`;
}

/**
 * Deletes the records older than `days` days (actions and ratings stay).
 * Returns how many went.
 */
export async function deleteOldRecords(deps: Pick<PersonaDeps, 'database' | 'now'>, days: number): Promise<number> {
  const cutoff = new Date(deps.now().getTime() - days * 86_400_000);
  const [{ n }] = await rowsOf<{ n: number }>(
    deps.database.db,
    sql`with gone as (delete from persona_tick_records where created_at < ${cutoff.toISOString()}::timestamptz returning 1) select count(*)::int as n from gone`,
  );
  return Number(n);
}
