import { sql, type SQL } from 'drizzle-orm';
import { capRecord, jsonBytes, MAX_TICK_RECORD_BYTES, tickRecord, type TickRecord } from '@mana/contracts';
import { rowsOf } from '@mana/db';
import type { PersonaDeps } from './persona-deps';

/** Slack over the runner's cap for the server's own check (redaction can change a few bytes). */
const SERVER_CAP_BYTES = MAX_TICK_RECORD_BYTES + 4_096;

/** A completion's record as it will be stored, and why it is not stored as sent (the tick's `record_error`). */
export interface RecordToStore {
  record?: TickRecord;
  error?: string;
}

/**
 * Reads the record a completion carries without ever refusing the completion:
 * its text is made storable by the contract (lone surrogates replaced, NUL
 * removed, long text cut, deep arguments cut); a value that is no record is
 * dropped, and one over the size cap is cut with a `cut` entry (the rating
 * answer kept) — each said in `error`. The runner caps its records, so both
 * mean a broken or hostile client, but never cost the tick's actions and ratings.
 */
export function readRecord(raw: unknown): RecordToStore {
  if (raw === undefined) return {};
  const parsed = tickRecord.safeParse(raw);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    return { error: `record dropped: not a day's record (${issue ? `${issue.path.join('.') || 'record'}: ${issue.message}` : 'invalid'})`.slice(0, 500) };
  }
  const bytes = jsonBytes(parsed.data);
  if (bytes <= SERVER_CAP_BYTES) return { record: parsed.data };
  const rating = parsed.data.entries.filter((e) => e.type === 'rating').slice(-1);
  const capped = capRecord({ ...parsed.data, entries: parsed.data.entries.filter((e) => e.type !== 'rating') }, rating);
  if (jsonBytes(capped) > SERVER_CAP_BYTES) return { error: `record dropped: ${bytes} bytes, at most ${MAX_TICK_RECORD_BYTES}` };
  return { record: capped, error: `record cut: ${bytes} bytes, at most ${MAX_TICK_RECORD_BYTES}` };
}

/**
 * The upsert that stores the day's record of a tick (in the completion's
 * statement), already redacted (`storedRedaction`). A later attempt's record
 * replaces an earlier one: the tick's record is its last day.
 */
export function recordUpsert(personaId: string, tickId: string, clean: TickRecord, now: Date): SQL {
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
