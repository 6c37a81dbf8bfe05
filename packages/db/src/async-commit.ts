import { sql } from 'drizzle-orm';

/**
 * A select-list (or RETURNING) item that lets the statement's own transaction
 * commit without waiting for its WAL to reach the disk: PostgreSQL's
 * asynchronous commit (`synchronous_commit = off`, set for that one
 * transaction by `set_config(…, true)`). The write is atomic and visible to
 * every connection at once as before; only a crash of PostgreSQL itself (or of
 * the machine) within ~0.6 s (three `wal_writer_delay`s) after the commit may
 * lose it. It takes effect when the item is evaluated, so it must be where a
 * row comes out whenever the statement writes.
 *
 * For bookkeeping whose loss in such a crash is harmless — mana-mcp's session
 * rows, rate-limit windows and daily budget counts — never for a user's data or
 * a tick's report. A statement with it must run on its own: inside a
 * transaction it would make every write of that transaction asynchronous.
 *
 * Why: a synchronous commit waits for an fdatasync of the WAL, and a
 * persona-tick commits ~8 such rows; that wait and its wake-ups cost the
 * machine more CPU than the statements themselves (docs/BENCHMARKS.md, issue 12).
 */
export const asyncCommit = sql`set_config('synchronous_commit', 'off', true)`;
