import { TICK_RECORD_VERSION } from '../tick-record';

/** The instant the test records use for every entry unless told otherwise. */
export const RECORD_TEST_AT = '2026-12-01T10:00:00.000Z';

/**
 * A day's record as a runner sends it (the current version, one instant for
 * its start and end) around `entries`, unchecked, so that tests and benchmarks
 * can put anything inside: odd text, deep arguments, a wrong field.
 */
export function rawDayRecord(entries: unknown[], fields: Record<string, unknown> = {}, at = RECORD_TEST_AT): Record<string, unknown> {
  return {
    version: TICK_RECORD_VERSION,
    driver: 'offline',
    model: 'offline-policy-v1',
    termination: 'completed',
    startedAt: at,
    endedAt: at,
    truncated: false,
    entries,
    ...fields,
  };
}
