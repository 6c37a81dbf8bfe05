import { jsonBytes, MAX_TICK_RECORD_BYTES, type RecordEntry, type TickRecord } from './tick-record';

/** Bytes a `cut` entry takes at most (with its comma). */
const CUT_ENTRY_BYTES = 80;

/**
 * Caps a record at `maxBytes` of JSON: entries are kept in order while they
 * fit (with room kept for the `tail`, the rating answer, which always stays);
 * the rest is replaced by one `cut` entry saying how many entries and bytes
 * were left out, and `truncated` is set.
 */
export function capRecord(head: TickRecord, tail: RecordEntry[], maxBytes = MAX_TICK_RECORD_BYTES): TickRecord {
  const whole = { ...head, entries: [...head.entries, ...tail] };
  if (jsonBytes(whole) <= maxBytes) return whole;
  let used = jsonBytes({ ...head, truncated: true, entries: tail }) + CUT_ENTRY_BYTES;
  const kept: RecordEntry[] = [];
  let index = 0;
  for (; index < head.entries.length; index++) {
    const size = jsonBytes(head.entries[index]) + 1;
    if (used + size > maxBytes) break;
    kept.push(head.entries[index]);
    used += size;
  }
  const omitted = head.entries.slice(index);
  const marker: RecordEntry = { type: 'cut', omittedEntries: omitted.length, omittedBytes: omitted.reduce((sum, e) => sum + jsonBytes(e), 0) };
  return { ...head, truncated: true, entries: [...kept, ...(omitted.length ? [marker] : []), ...tail] };
}
